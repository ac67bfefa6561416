import { Table, Tag, Tooltip, Typography } from 'antd';
import type { CompletionResult } from '../../../shared/domain/attendanceTypes';

/** The completion results of the session (issue 8's rule, or an audited override): who may get a certificate. */
export function CompletionTable({ results, loading }: { results: CompletionResult[]; loading: boolean }) {
  return (
    <Table<CompletionResult>
      size="small"
      rowKey="registrationId"
      loading={loading}
      dataSource={results}
      pagination={results.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      aria-label="结业判定"
      columns={[
        { title: '姓名', dataIndex: 'name', width: 100 },
        { title: '地区', dataIndex: 'regionName', width: 110 },
        { title: '工作单位', dataIndex: 'enterprise', ellipsis: true },
        { title: '出勤', width: 90, render: (_, r) => `${r.attended} / ${r.slots}` },
        {
          title: '结业',
          width: 90,
          render: (_, r) =>
            r.completed === true ? <Tag color="green">结业</Tag> : r.completed === false ? <Tag color="red">未结业</Tag> : <Tag>待定</Tag>,
        },
        {
          title: '原因 / 人工认定',
          render: (_, r) => (
            <>
              {r.override && (
                <Tooltip title={`${r.override.decidedBy} 于 ${r.override.decidedAt.slice(0, 10)} 认定`}>
                  <Tag color="purple">
                    人工认定{r.override.completed ? '结业' : '未结业'}：{r.override.reason}
                  </Tag>
                </Tooltip>
              )}
              <Typography.Text type="secondary">{r.reasons.join('；')}</Typography.Text>
            </>
          ),
        },
      ]}
    />
  );
}
