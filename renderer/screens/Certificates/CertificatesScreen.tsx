/**
 * 结业与证书: per session, the completion results, issuing numbers, the register (补发, 撤销) and
 * printing; the programme's certificate template; 证书核验; and the certified roster (结业名单).
 */
import { Empty, Select, Space, Spin, Tabs, Typography } from 'antd';
import { useState } from 'react';
import type { CertificateSettings } from '../../../shared/certificateContract';
import type { SessionSummary } from '../../../shared/domain/types';
import { call } from '../../api';
import { useLoad } from '../../components/useLoad';
import { useApp } from '../../stores/app';
import { CertifiedRosterPanel } from './CertifiedRosterPanel';
import { IssuePanel } from './IssuePanel';
import { TemplateEditor } from './TemplateEditor';
import { VerifyPanel } from './VerifyPanel';

export function CertificatesScreen() {
  const programmeId = useApp((s) => s.programmeId);
  const programme = useApp((s) => s.programmes.find((p) => p.id === s.programmeId) ?? null);
  const sessions = useLoad<SessionSummary[]>(() => (programmeId ? call('sessions.list', { programmeId }) : null), [programmeId]);
  const settings = useLoad<CertificateSettings>(
    () => (programmeId ? call('certificates.settings.get', { programmeId }) : null),
    [programmeId],
  );
  const [picked, setPicked] = useState<{ programmeId: number; sessionId: number } | null>(null);
  const [tab, setTab] = useState('issue');

  if (!programmeId || !programme) return <Typography.Text>请先新建或选择培训项目。</Typography.Text>;
  const list = sessions.data ?? [];
  const session =
    list.find((s) => picked?.programmeId === programmeId && s.id === picked.sessionId) ??
    list.find((s) => s.activeRegistrations > 0) ??
    list[0] ??
    null;
  const s = settings.data?.programmeId === programmeId ? settings.data : null;
  const needSession = (node: React.ReactNode) =>
    session ? node : <Empty description="本项目还没有期次：请先在「年度计划与名额」中添加期次。" />;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space>
        <Typography.Title level={4} style={{ margin: 0 }}>
          结业与证书
        </Typography.Title>
        <Select
          aria-label="期次"
          style={{ width: 300 }}
          value={session?.id}
          placeholder="选择期次"
          onChange={(id: number) => setPicked({ programmeId, sessionId: id })}
          options={list.map((x) => ({
            value: x.id,
            label: `第${x.number}期${x.startDate ? `（${x.startDate}${x.endDate && x.endDate !== x.startDate ? ` 至 ${x.endDate}` : ''}）` : ''}`,
          }))}
        />
      </Space>
      {!s ? (
        <Spin />
      ) : (
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'issue',
              label: '结业与发证',
              children: needSession(session && <IssuePanel key={session.id} session={session} settings={s} programme={programme} />),
            },
            {
              key: 'template',
              label: '证书模板',
              children: (
                <TemplateEditor
                  key={`${programmeId}:${JSON.stringify(s.template)}:${s.pattern}`}
                  settings={s}
                  programme={programme}
                  session={session}
                />
              ),
            },
            { key: 'verify', label: '证书核验', children: <VerifyPanel /> },
            {
              key: 'roster',
              label: '结业名单',
              children: needSession(session && <CertifiedRosterPanel key={session.id} sessionId={session.id} />),
            },
          ]}
        />
      )}
    </Space>
  );
}
