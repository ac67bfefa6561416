/**
 * 多期对比: 2–12 sessions of the programme side by side. Per aspect (its items beneath) and 总体:
 * answers, mean and 满意率 per session, the row's highest and lowest marked, 满意率 drawn as a bar;
 * the definition printed under the table; the same comparison exported as Excel or PDF.
 */
import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { App, Button, Empty, Select, Space, Spin, Table, Typography, type SelectProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import type { Figures } from '../../../shared/domain/evaluation';
import { programmeDocTitle, type SessionSummary } from '../../../shared/domain/types';
import { call } from '../../api';
import { chooseSaveTarget, deliverExport, PDF_FILTER, XLSX_FILTER } from '../../components/files';
import { useLoad } from '../../components/useLoad';
import { comparisonRows, type ComparisonRow, type Mark, type Metric } from './comparisonRows';
import './sessionComparison.css';

const MAX = 12;
const sessionLabel = (s: SessionSummary) => `第${s.number}期${s.title ? ` ${s.title}` : ''}`;

interface Choice {
  session: SessionSummary;
  year: number;
  programme: string;
}
const markClass = (m: Mark) => (m ? `cmp-${m}` : '');
const markTitle = (m: Mark) => (m === 'best' ? '各期中最高' : m === 'worst' ? '各期中最低' : undefined);

function Rate({ f, mark }: { f: Figures; mark: Mark }) {
  if (f.satisfaction === null) return <>—</>;
  const pct = `${(f.satisfaction * 100).toFixed(1)}%`;
  return (
    <div className="cmp-rate" title={markTitle(mark)}>
      <span>{pct}</span>
      <div className="cmp-bar" aria-hidden>
        <i style={{ width: pct }} />
      </div>
    </div>
  );
}

/** The chosen programme's sessions to start with; sessions of other programmes (other years) may be added. */
export function SessionComparison({ sessions }: { sessions: SessionSummary[] }) {
  const { message } = App.useApp();
  const [picked, setPicked] = useState<number[]>(() => sessions.slice(0, MAX).map((s) => s.id));
  const [busy, setBusy] = useState<'xlsx' | 'pdf' | null>(null);
  // Oldest year first: the columns read in time order.
  const programmes = useLoad(
    () =>
      call('programmes.list', {}).then((ps) =>
        Promise.all(
          [...ps]
            .sort((a, b) => a.year - b.year || a.id - b.id)
            .map((p) => call('sessions.list', { programmeId: p.id }).then((ss) => ({ p, ss }))),
        ),
      ),
    [],
  ).data;
  // Every programme's sessions once loaded; until then the chosen programme's.
  const choices: Choice[] = programmes
    ? programmes.flatMap(({ p, ss }) => ss.map((session) => ({ session, year: p.year, programme: programmeDocTitle(p) })))
    : sessions.map((session) => ({ session, year: 0, programme: '' }));
  // Only sessions that still exist, programme by programme in order.
  const chosen = choices.filter((c) => picked.includes(c.session.id));
  const ids = chosen.map((c) => c.session.id);
  const severalProgrammes = new Set(chosen.map((c) => c.session.programmeId)).size > 1;
  // Grouped by programme when there are several (other years' sessions may be compared too).
  const options: SelectProps['options'] =
    programmes && programmes.length > 1
      ? programmes.map(({ p, ss }) => ({
          label: programmeDocTitle(p),
          title: programmeDocTitle(p),
          options: ss.map((s) => ({ value: s.id, label: `${p.year}年${sessionLabel(s)}` })),
        }))
      : choices.map((c) => ({ value: c.session.id, label: sessionLabel(c.session) }));
  const enough = ids.length >= 2;
  const reports = useLoad(
    () => (enough ? Promise.all(ids.map((sessionId) => call('evaluation.report', { sessionId }))) : null),
    [ids.join(',')],
  );
  // Shown only for the sessions now picked (not the previous pick while the new one loads).
  const data = reports.data?.map((r) => r.sessionId).join(',') === ids.join(',') ? reports.data : null;
  const rows = useMemo(() => (data ? comparisonRows(data) : []), [data]);

  const exportAs = async (kind: 'xlsx' | 'pdf') => {
    setBusy(kind);
    try {
      const target = await chooseSaveTarget(kind === 'xlsx' ? '培训效果评价多期对比.xlsx' : '培训效果评价多期对比.pdf', [
        kind === 'xlsx' ? XLSX_FILTER : PDF_FILTER,
      ]);
      if (!target) return;
      const written =
        kind === 'xlsx'
          ? await call('evaluation.reportXlsx', { sessionIds: ids, ...target })
          : await call('evaluation.reportPdf', { sessionIds: ids, ...target });
      await deliverExport(written, (text) => void message.success(text));
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const cell = (i: number, metric: Metric | 'answers') => ({
    key: `${i}-${metric}`,
    width: metric === 'satisfaction' ? 110 : metric === 'mean' ? 64 : 64,
    align: 'right' as const,
    title: metric === 'answers' ? '答题数' : metric === 'mean' ? '均分' : '满意率',
    onCell: (r: ComparisonRow) =>
      metric === 'answers' ? {} : { className: markClass(r.marks[metric][i]), title: markTitle(r.marks[metric][i]) },
    render: (_: unknown, r: ComparisonRow) => {
      const f = r.cells[i];
      if (!f) return <Typography.Text type="secondary">无此题</Typography.Text>;
      if (metric === 'answers') return f.answers;
      if (metric === 'mean') return f.mean === null ? '—' : f.mean.toFixed(2);
      return <Rate f={f} mark={r.marks.satisfaction[i]} />;
    },
  });
  const columns: ColumnsType<ComparisonRow> = [
    {
      title: '方面 / 题目',
      dataIndex: 'name',
      fixed: 'left',
      width: 220,
      render: (name: string, r) => (r.kind === 'item' ? name : <strong>{name}</strong>),
    },
    ...chosen.map(({ session: s, year, programme }, i) => {
      return {
        key: String(s.id),
        title: (
          <span title={`${programme} ${sessionLabel(s)}`}>
            {severalProgrammes ? `${year}年` : ''}第{s.number}期
            <Typography.Text type="secondary">（{data?.[i]?.responses ?? '…'} 份）</Typography.Text>
          </span>
        ),
        children: [cell(i, 'answers'), cell(i, 'mean'), cell(i, 'satisfaction')],
      };
    }),
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap align="start">
        <Select
          aria-label="对比期次"
          mode="multiple"
          allowClear
          maxCount={MAX}
          style={{ minWidth: 420, maxWidth: 760 }}
          placeholder="选择 2–12 个期次"
          value={ids}
          onChange={setPicked}
          optionFilterProp="label"
          options={options}
        />
        <Button icon={<FileExcelOutlined />} disabled={!enough || !!busy} loading={busy === 'xlsx'} onClick={() => void exportAs('xlsx')}>
          导出对比（Excel）
        </Button>
        <Button icon={<FilePdfOutlined />} disabled={!enough || !!busy} loading={busy === 'pdf'} onClick={() => void exportAs('pdf')}>
          导出对比（PDF）
        </Button>
      </Space>
      {!enough ? (
        <Empty description="请选择至少两个期次进行对比（最多 12 个）" />
      ) : !data ? (
        <Spin />
      ) : (
        <>
          <Table
            size="small"
            bordered
            pagination={false}
            aria-label="多期对比"
            rowKey="key"
            dataSource={rows}
            columns={columns}
            scroll={{ x: 'max-content' }}
            rowClassName={(r) => (r.kind === 'overall' ? 'cmp-overall' : '')}
            expandable={{ indentSize: 12 }}
          />
          <Typography.Text type="secondary">
            {data[0].definitionText}
            。方面的数字按该方面全部题目的全部作答计算，总体按四个方面全部作答计算（不含课程评分）；各期题目按题目文字对应，「无此题」表示该期问卷没有这道题。每行均分与满意率的最高值以绿色、最低值以红色标出。
          </Typography.Text>
        </>
      )}
    </Space>
  );
}
