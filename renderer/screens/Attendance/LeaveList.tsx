/**
 * The session's leaves (请假): who asked at the region, who approved, the half-days and the reason.
 * A half-day whose mark was later corrected (the trainee came after all) is struck through.
 */
import { Button, Space, Table, Tag, Typography } from 'antd';
import type { LeaveView } from '../../../shared/domain/attendanceTypes';
import { call } from '../../api';
import { useLoad } from '../../components/useLoad';

export function LeaveList({ sessionId, version, onAdd }: { sessionId: number; version: number; onAdd: () => void }) {
  const leaves = useLoad<LeaveView[]>(() => call('attendance.leaves', { sessionId }), [sessionId, version]);
  return (
    <div data-testid="leaves">
      <Space style={{ marginBottom: 8 }}>
        <Button type="primary" onClick={onAdd}>
          登记请假
        </Button>
        <Typography.Text type="secondary">请假须经地方主管部门批准；登记后在签到中显示为「请假」。</Typography.Text>
      </Space>
      <Table<LeaveView>
        size="small"
        rowKey="leaveId"
        loading={leaves.loading && !leaves.data}
        dataSource={leaves.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: '本期还没有请假登记' }}
        columns={[
          { title: '学员', dataIndex: 'name', width: 100 },
          { title: '地区', dataIndex: 'regionName', width: 90 },
          {
            title: '请假时段',
            width: 220,
            render: (_, l) =>
              l.slots.map((s) => (
                <Tag key={s.seq} color={s.current ? 'blue' : undefined} style={s.current ? undefined : { textDecoration: 'line-through' }}>
                  {s.name}
                </Tag>
              )),
          },
          { title: '申请人', dataIndex: 'requestedBy', width: 160 },
          { title: '批准人', dataIndex: 'approvedBy', width: 160 },
          { title: '原因', dataIndex: 'reason' },
          {
            title: '登记',
            width: 170,
            render: (_, l) => (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {new Date(l.enteredAt).toLocaleString('zh-CN', { hour12: false })} {l.enteredBy}
              </Typography.Text>
            ),
          },
        ]}
      />
    </div>
  );
}
