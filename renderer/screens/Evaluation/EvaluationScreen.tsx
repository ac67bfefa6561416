/** 培训效果评价: per session, the timetable, paper sheets entered by keyboard, a survey tool's file imported, and the results. */
import { Card, Empty, Select, Space, Spin, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { call } from '../../api';
import { useLoad } from '../../components/useLoad';
import { useApp } from '../../stores/app';
import { EvaluationFiles } from './EvaluationFiles';
import { EvaluationImport } from './EvaluationImport';
import { EvaluationResults } from './EvaluationResults';
import { KioskStart } from './KioskStart';
import { PaperEntry } from './PaperEntry';
import { QuestionnaireEditor } from './QuestionnaireEditor';
import { SessionComparison } from './SessionComparison';
import { TimetableEditor } from './TimetableEditor';
import './evaluation.css';

export function EvaluationScreen() {
  const programmeId = useApp((s) => s.programmeId);
  const sessions = useLoad(() => (programmeId ? call('sessions.list', { programmeId }) : null), [programmeId]).data;
  const [chosen, setSessionId] = useState<number | null>(null);
  // The chosen session while it exists in this programme, else the first.
  const sessionId = sessions?.some((s) => s.id === chosen) ? chosen : (sessions?.[0]?.id ?? null);
  const current = sessions?.find((s) => s.id === sessionId);
  const data = useLoad(
    () =>
      sessionId
        ? Promise.all([
            call('evaluation.report', { sessionId }),
            call('evaluation.questionnaire', { sessionId }),
            call('timetable.list', { sessionId }),
            call('sessions.slots', { sessionId }),
          ])
        : null,
    [sessionId],
  ).data;
  if (!programmeId) return <Empty description="请先新建或选择培训项目" />;
  if (sessions && !sessions.length) return <Empty description="本项目还没有期次：请先在「年度计划与名额」中新增期次" />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Typography.Title level={4} style={{ margin: 0 }}>
          培训效果评价
        </Typography.Title>
        <Select
          aria-label="期次"
          style={{ width: 260 }}
          value={sessionId}
          onChange={setSessionId}
          options={(sessions ?? []).map((s) => ({ value: s.id, label: `第${s.number}期${s.title ? ` ${s.title}` : ''}` }))}
        />
        {current && <KioskStart sessionId={current.id} sessionLabel={`第${current.number}期${current.title ? ` ${current.title}` : ''}`} />}
      </Space>
      {!data || !sessionId ? (
        <Spin />
      ) : (
        <Card size="small">
          <EvaluationFiles sessionId={sessionId} />
          <Tabs
            items={[
              { key: 'results', label: '评价结果', children: <EvaluationResults report={data[0]} /> },
              {
                key: 'compare',
                label: '多期对比',
                children: <SessionComparison key={sessions?.map((s) => s.id).join(',')} sessions={sessions ?? []} />,
              },
              {
                key: 'paper',
                label: '录入纸质问卷',
                children: <PaperEntry sessionId={sessionId} questionnaire={data[1]} courses={data[2]} />,
              },
              { key: 'import', label: '导入问卷数据', children: <EvaluationImport sessionId={sessionId} /> },
              {
                key: 'questionnaire',
                label: '问卷设置',
                children: (
                  <QuestionnaireEditor
                    key={`${sessionId}:${JSON.stringify(data[1])}`}
                    sessionId={sessionId}
                    questionnaire={data[1]}
                    report={data[0]}
                    sessions={sessions ?? []}
                    ratedCourses={data[2].length}
                  />
                ),
              },
              {
                key: 'timetable',
                label: '课程表',
                children: (
                  <TimetableEditor
                    key={`${sessionId}:${data[2].map((c) => c.id).join(',')}`}
                    sessionId={sessionId}
                    courses={data[2]}
                    slots={data[3].slots}
                  />
                ),
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
