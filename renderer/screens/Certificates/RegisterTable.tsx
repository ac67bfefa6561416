import { Button, Space, Table, Tag, Typography } from 'antd';
import type { CertificateRecord } from '../../../shared/certificateContract';

export function statusLabel(r: CertificateRecord): '正常' | '补发' | '撤销' {
  return r.status === 'revoked' ? '撤销' : r.reissues > 0 ? '补发' : '正常';
}
const COLOR = { 正常: 'green', 补发: 'blue', 撤销: 'red' } as const;
const EVENT = { issue: '发放', reissue: '补发', revoke: '撤销' } as const;

/** The register of numbers of one session: every number issued, never reused, with its history. */
export function RegisterTable(props: {
  records: CertificateRecord[];
  loading: boolean;
  onAction: (kind: 'reissue' | 'revoke', r: CertificateRecord) => void;
}) {
  return (
    <Table<CertificateRecord>
      size="small"
      rowKey="number"
      loading={props.loading}
      dataSource={props.records}
      pagination={props.records.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      aria-label="证书登记簿"
      locale={{ emptyText: '尚未发放证书' }}
      columns={[
        { title: '编号', dataIndex: 'number', width: 170 },
        { title: '姓名', dataIndex: 'name', width: 100 },
        {
          title: '状态',
          width: 80,
          render: (_, r) => {
            const s = statusLabel(r);
            return <Tag color={COLOR[s]}>{s}</Tag>;
          },
        },
        { title: '落款日期', dataIndex: 'issueDate', width: 110 },
        {
          title: '记录与原因',
          render: (_, r) => (
            <Space direction="vertical" size={0}>
              {r.events.map((e, i) => (
                <Typography.Text key={i} type={e.kind === 'issue' ? 'secondary' : undefined}>
                  {e.at.slice(0, 10)} {EVENT[e.kind]}
                  {e.reason ? `：${e.reason}` : ''}（{e.by}）
                </Typography.Text>
              ))}
            </Space>
          ),
        },
        {
          title: '操作',
          width: 140,
          render: (_, r) =>
            r.status === 'revoked' ? null : (
              <Space>
                <Button size="small" onClick={() => props.onAction('reissue', r)} aria-label={`补发 ${r.number}`}>
                  补发
                </Button>
                <Button size="small" danger onClick={() => props.onAction('revoke', r)} aria-label={`撤销 ${r.number}`}>
                  撤销
                </Button>
              </Space>
            ),
        },
      ]}
    />
  );
}
