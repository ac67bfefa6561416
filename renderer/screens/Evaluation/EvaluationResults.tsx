/** A session's evaluation figures: per aspect (over all its items), per item and per course, the definition under them. */
import { Card, Radio, Space, Table, Typography } from 'antd';
import { RATING_LABELS, SATISFACTION_DEFINITIONS, type Figures, type Rating } from '../../../shared/domain/evaluation';
import type { EvaluationReport } from '../../../shared/domain/evaluationTypes';
import { call } from '../../api';
import { useApp } from '../../stores/app';

const COLOURS: Record<Rating, string> = { 5: '#237804', 4: '#73d13d', 3: '#fadb14', 2: '#fa8c16', 1: '#cf1322' };
const mean = (x: number | null) => (x === null ? '—' : x.toFixed(2));
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/** The five answers as one stacked bar; each part titled with its count. */
export function Distribution({ f }: { f: Figures }) {
  if (!f.answers) return <Typography.Text type="secondary">暂无作答</Typography.Text>;
  return (
    <div
      className="eval-bar"
      role="img"
      aria-label={`分布：${([5, 4, 3, 2, 1] as Rating[]).map((r) => `${RATING_LABELS[r]} ${f.distribution[r]}`).join('，')}`}
    >
      {([5, 4, 3, 2, 1] as Rating[]).map((r) =>
        f.distribution[r] ? (
          <span
            key={r}
            title={`${RATING_LABELS[r]}：${f.distribution[r]}`}
            style={{ width: `${(f.distribution[r] / f.answers) * 100}%`, background: COLOURS[r] }}
          />
        ) : null,
      )}
    </div>
  );
}

/** What the bars' colours mean, once under each table of bars. */
export function DistributionLegend() {
  return (
    <span className="eval-legend" aria-label="分布图例">
      {([5, 4, 3, 2, 1] as Rating[]).map((r) => (
        <span key={r}>
          <i style={{ background: COLOURS[r] }} />
          {RATING_LABELS[r]}
        </span>
      ))}
    </span>
  );
}

const columns = [
  { title: '作答', dataIndex: 'answers', width: 70 },
  { title: '均分（5…1）', dataIndex: 'mean', width: 100, render: mean },
  { title: '满意率', dataIndex: 'satisfaction', width: 90, render: pct },
  { title: '分布', key: 'bar', render: (_: unknown, f: Figures) => <Distribution f={f} /> },
];

export function EvaluationResults({ report }: { report: EvaluationReport }) {
  const changed = useApp((s) => s.changed);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text strong>收回问卷 {report.responses} 份</Typography.Text>
        <span>满意率口径</span>
        <Radio.Group
          aria-label="满意率口径"
          value={report.definition}
          onChange={(e) => void call('evaluation.setDefinition', { definition: e.target.value }).then(changed)}
          options={[
            { value: 'top2', label: '非常满意 + 满意' },
            { value: 'top3', label: '含基本满意' },
          ]}
        />
      </Space>
      <Card size="small" title="四个方面">
        <Table
          size="small"
          pagination={false}
          rowKey="name"
          dataSource={report.aspects}
          aria-label="各方面评价"
          columns={[{ title: '方面', dataIndex: 'name', width: 220 }, ...columns]}
          expandable={{
            expandedRowRender: (a) => (
              <Table
                size="small"
                pagination={false}
                rowKey="key"
                dataSource={a.items}
                columns={[{ title: '题目', dataIndex: 'name', width: 200 }, ...columns]}
              />
            ),
          }}
        />
        <DistributionLegend />
        <Typography.Text type="secondary">
          {SATISFACTION_DEFINITIONS[report.definition].text}；方面的数字按该方面全部题目的全部作答计算。
        </Typography.Text>
      </Card>
      <Card size="small" title="课程与教师">
        <Table
          size="small"
          pagination={false}
          rowKey="courseId"
          dataSource={report.courses}
          locale={{ emptyText: '课程表中还没有课程，或本期问卷不按课程评分' }}
          columns={[{ title: '课程', dataIndex: 'name', width: 220 }, { title: '教师', dataIndex: 'teacher', width: 100 }, ...columns]}
        />
        <Typography.Text type="secondary">{SATISFACTION_DEFINITIONS[report.definition].text}</Typography.Text>
      </Card>
      <Card size="small" title="意见和建议">
        {report.comments.map((c) => (
          <div key={c.question}>
            <Typography.Text strong>{c.question}</Typography.Text>（{c.texts.length} 条）
            <ul>
              {c.texts.map((t, i) => (
                <li key={i}>{t}</li>
              ))}
            </ul>
          </div>
        ))}
      </Card>
    </Space>
  );
}
