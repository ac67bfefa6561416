/**
 * 培训班与花名册: a session's roster (its approved registrations) against its capacity, with
 * groups, group leaders and seats, assigned automatically (regions and industries mixed), and its
 * sign-in sheets.
 */
import { Alert, App, Button, Card, Empty, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { Roster, RosterEntry } from '../../../shared/domain/attendanceTypes';
import type { SessionSummary } from '../../../shared/domain/types';
import { call } from '../../api';
import { chooseSaveTarget, deliverExport, PDF_FILTER } from '../../components/files';
import { useLoad } from '../../components/useLoad';
import { useApp } from '../../stores/app';

export function RostersScreen() {
  const programmeId = useApp((s) => s.programmeId);
  const programmes = useApp((s) => s.programmes);
  const changed = useApp((s) => s.changed);
  const { message, modal } = App.useApp();
  const sessions = useLoad<SessionSummary[]>(() => (programmeId ? call('sessions.list', { programmeId }) : null), [programmeId]);
  const [picked, setPicked] = useState<{ programmeId: number; sessionId: number } | null>(null);
  const sessionId = picked && picked.programmeId === programmeId ? picked.sessionId : (sessions.data?.[0]?.id ?? null);
  const roster = useLoad<Roster>(() => (sessionId ? call('rosters.get', { sessionId }) : null), [sessionId]);
  const [groups, setGroups] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  if (!programmeId) return <Empty description="还没有培训项目。请先在「年度计划与名额」中新建项目和期次。" />;
  const entries = roster.data?.entries ?? [];
  const capacity = roster.data?.capacity ?? null;
  const over = capacity !== null && entries.length > capacity;
  const groupCount = groups ?? Math.max(1, Math.ceil(entries.length / 10));
  const year = programmes.find((p) => p.id === programmeId)?.year ?? '';
  const session = sessions.data?.find((s) => s.id === sessionId);

  async function assign() {
    if (!sessionId) return;
    const run = async () => {
      setBusy(true);
      try {
        const r = await call('rosters.assignGroups', { sessionId, groups: groupCount });
        void message.success(`已分为 ${new Set(r.entries.map((e) => e.groupNo)).size} 个组，并排定座位`);
        changed();
      } finally {
        setBusy(false);
      }
    };
    if (entries.some((e) => e.groupNo !== null))
      modal.confirm({
        title: '重新自动分组',
        content: '现有的分组、组长和座位将按地区、行业重新编排。确定吗？',
        okText: '重新分组',
        cancelText: '取消',
        onOk: run,
      });
    else await run();
  }

  async function printSheets() {
    if (!sessionId || !session) return;
    const target = await chooseSaveTarget(`签到表-${year}年第${session.number}期-全部时段.pdf`, [PDF_FILTER]);
    if (!target) return;
    const written = await call('attendance.signinSheet', { sessionId, sortBy: 'group', ...target });
    await deliverExport(written, (t) => void message.success(t));
  }

  return (
    <div data-testid="rosters">
      <Space style={{ marginBottom: 12 }} wrap>
        <h1 className="screen-title" style={{ margin: 0 }}>
          培训班与花名册
        </h1>
        <Select
          aria-label="选择期次"
          style={{ width: 280 }}
          value={sessionId ?? undefined}
          onChange={(id: number) => setPicked({ programmeId, sessionId: id })}
          options={(sessions.data ?? []).map((s) => ({
            value: s.id,
            label: `第${s.number}期${s.title ? ` ${s.title}` : ''}${s.startDate ? `（${s.startDate.slice(5)} 起）` : ''}`,
          }))}
        />
      </Space>
      {over && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={`本期已通过 ${entries.length} 人，超过容量 ${capacity} 人。请将部分学员调到其他期次，或在「年度计划与名额」中调整容量。`}
        />
      )}
      <Card
        size="small"
        title={
          <Space>
            <span>花名册</span>
            <Typography.Text type="secondary" data-testid="roster-count">
              已通过 {entries.length} 人{capacity !== null ? ` / 容量 ${capacity} 人` : ''}
            </Typography.Text>
          </Space>
        }
        extra={
          <Space>
            <span>分</span>
            <InputNumber aria-label="分组数" min={1} max={30} value={groupCount} onChange={(v) => setGroups(v)} style={{ width: 64 }} />
            <span>个组</span>
            <Button onClick={() => void assign()} loading={busy} disabled={!entries.length}>
              自动分组排座
            </Button>
            <Button onClick={() => void printSheets()} disabled={!entries.length}>
              打印签到表（PDF）
            </Button>
          </Space>
        }
      >
        <Table<RosterEntry>
          size="small"
          rowKey="registrationId"
          loading={roster.loading}
          dataSource={entries}
          pagination={{ pageSize: 50, showSizeChanger: false, showTotal: (t) => `共 ${t} 人` }}
          columns={[
            { title: '序号', width: 60, render: (_, __, i) => i + 1 },
            { title: '座号', dataIndex: 'seatNo', width: 60, render: (v: number | null) => v ?? '—' },
            { title: '姓名', dataIndex: 'name', width: 90 },
            { title: '性别', dataIndex: 'gender', width: 56, render: (v: string | null) => v ?? '' },
            { title: '地区', dataIndex: 'regionName', width: 120 },
            { title: '工作单位', dataIndex: 'enterprise', ellipsis: true },
            { title: '职务', dataIndex: 'position', width: 100, ellipsis: true },
            { title: '手机', dataIndex: 'mobile', width: 120 },
            {
              title: '组别',
              dataIndex: 'groupNo',
              width: 110,
              render: (g: number | null, e) =>
                g ? (
                  <Space size={4}>
                    <span>{g}组</span>
                    {e.isLeader && <Tag color="red">组长</Tag>}
                  </Space>
                ) : (
                  '未分组'
                ),
            },
            { title: '胸牌号', dataIndex: 'badge', width: 72 },
          ]}
        />
      </Card>
    </div>
  );
}
