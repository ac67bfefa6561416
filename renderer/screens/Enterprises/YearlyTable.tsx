/** The 年度经营数据 year by year, each figure with its change against the year before (↑/↓ %). */
import { Empty, Table, Typography } from 'antd';
import { FIGURE_KEYS, FIGURE_LABELS, type YearlyFigures } from '../../../shared/domain/enterpriseFileTypes';
import { formatChange, formatFigure, TONE_COLOUR } from './enterpriseDisplay';

export function YearlyTable({ rows }: { rows: YearlyFigures[] }) {
  if (!rows.length) return <Empty description="还没有年度经营数据：新增类型为「年度经营数据」的跟踪记录，或导入跟踪表" />;
  return (
    <>
      <Table<YearlyFigures>
        size="small"
        rowKey="year"
        pagination={false}
        aria-label="逐年数据"
        dataSource={rows}
        columns={[
          { title: '年度', dataIndex: 'year', width: 80, render: (y: number) => `${y}年` },
          ...FIGURE_KEYS.map((k) => ({
            title: FIGURE_LABELS[k],
            key: k,
            align: 'right' as const,
            render: (_: unknown, r: YearlyFigures) => {
              const c = formatChange(r.change[k]);
              return (
                <span>
                  {formatFigure(r[k])}
                  {c && (
                    <span data-testid="yearly-change" style={{ color: TONE_COLOUR[c.tone], marginLeft: 8, fontSize: 12 }}>
                      {c.text}
                    </span>
                  )}
                </span>
              );
            },
          })),
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
        箭头为较上一年度的增减（↑ 增长，↓ 下降）；上一年度没有该项数据或为零时不计算。
      </Typography.Paragraph>
    </>
  );
}
