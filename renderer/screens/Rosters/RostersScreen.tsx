/**
 * 培训班与花名册: a session's roster (its approved registrations) against its capacity; moving,
 * withdrawing and adding from the waitlist; groups, 组长 and seats, automatic or by hand (drag on
 * the board, or the group select and seat field in each row); exports and sign-in sheets.
 */
import { Alert, App, Button, Card, Empty, InputNumber, Progress, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { Roster, RosterEntry } from '../../../shared/domain/attendanceTypes';
import type { RosterChange, WaitlistEntry } from '../../../shared/domain/rosterTypes';
import type { SessionSummary } from '../../../shared/domain/types';
import { call } from '../../api';
import { chooseSaveTarget, deliverExport, PDF_FILTER } from '../../components/files';
import { useLoad } from '../../components/useLoad';
import { useApp } from '../../stores/app';
import { GroupBoard } from './GroupBoard';
import { RosterChangeDialog, type RosterChangeTarget } from './RosterChangeDialog';
import { RosterExports } from './RosterExports';

/** A seat typed in the row: saved on Enter or when the field is left, if it changed. */
function SeatCell({ entry, onSave }: { entry: RosterEntry; onSave: (seat: number | null) => Promise<void> }) {
  const [value, setValue] = useState<number | null>(entry.seatNo);
  const [was, setWas] = useState(entry.seatNo);
  // Enter and then leaving the field would otherwise send the same seat twice.
  const [sent, setSent] = useState<number | null | undefined>(undefined);
  if (was !== entry.seatNo) {
    setWas(entry.seatNo);
    setValue(entry.seatNo);
    setSent(undefined);
  }
  const commit = () => {
    if (value === entry.seatNo || value === sent) return;
    setSent(value);
    // Refused (a taken seat): the field shows the stored seat again; the error centre says why.
    onSave(value).catch(() => {
      setValue(entry.seatNo);
      setSent(undefined);
    });
  };
  return (
    <InputNumber
      size="small"
      aria-label={`${entry.name}的座号`}
      min={1}
      max={9999}
      precision={0}
      value={value}
      onChange={(v) => setValue(v)}
      onBlur={commit}
      onPressEnter={commit}
      style={{ width: 64 }}
    />
  );
}

export function RostersScreen() {
  const programmeId = useApp((s) => s.programmeId);
  const programmes = useApp((s) => s.programmes);
  const changed = useApp((s) => s.changed);
  const { message, modal } = App.useApp();
  const sessions = useLoad<SessionSummary[]>(() => (programmeId ? call('sessions.list', { programmeId }) : null), [programmeId]);
  const [picked, setPicked] = useState<{ programmeId: number; sessionId: number } | null>(null);
  const sessionId = picked && picked.programmeId === programmeId ? picked.sessionId : (sessions.data?.[0]?.id ?? null);
  const roster = useLoad<Roster>(() => (sessionId ? call('rosters.get', { sessionId }) : null), [sessionId]);
  const waiting = useLoad<WaitlistEntry[]>(() => (sessionId ? call('rosters.waitlist', { sessionId }) : null), [sessionId]);
  const [groups, setGroups] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<RosterChangeTarget | null>(null);

  if (!programmeId) return <Empty description="还没有培训项目。请先在「年度计划与名额」中新建项目和期次。" />;
  const entries = roster.data?.entries ?? [];
  const capacity = roster.data?.capacity ?? null;
  const over = capacity !== null && entries.length > capacity;
  const groupCount = groups ?? Math.max(1, Math.ceil(entries.length / 10));
  const year = programmes.find((p) => p.id === programmeId)?.year ?? '';
  const session = sessions.data?.find((s) => s.id === sessionId);
  const lastGroup = Math.max(0, ...entries.map((e) => e.groupNo ?? 0));
  const waitlist = waiting.data ?? [];

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

  async function place(e: RosterEntry, change: { groupNo?: number | null; seatNo?: number | null }) {
    await call('rosters.setPlace', { registrationId: e.registrationId, ...change });
    changed();
  }

  async function leader(e: RosterEntry) {
    await call('rosters.setLeader', { registrationId: e.registrationId, leader: !e.isLeader });
    void message.success(e.isLeader ? `${e.name} 不再担任${e.groupNo}组组长` : `${e.name} 任${e.groupNo}组组长`);
    changed();
  }

  function done(change: RosterChange) {
    void message.success(change.message);
    changed();
  }

  async function printSheets() {
    if (!sessionId || !session) return;
    const target = await chooseSaveTarget(`签到表-${year}年第${session.number}期-全部时段.pdf`, [PDF_FILTER]);
    if (!target) return;
    const written = await call('attendance.signinSheet', { sessionId, sortBy: 'group', ...target });
    await deliverExport(written, (t) => void message.success(t));
  }

  const groupOptions = [
    { value: 0, label: '未分组' },
    ...Array.from({ length: lastGroup + 1 }, (_, i) => ({ value: i + 1, label: `${i + 1}组` })),
  ];

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
        {sessionId && <RosterExports sessionId={sessionId} />}
      </Space>
      {over && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={`本期已通过 ${entries.length} 人，超过容量 ${capacity} 人。请将部分学员调到其他期次，或在「年度计划与名额」中调整容量。`}
        />
      )}
      <Card
        size="small"
        style={{ marginBottom: 12 }}
        title={
          <Space>
            <span>花名册</span>
            <Typography.Text type="secondary" data-testid="roster-count">
              已通过 {entries.length} 人{capacity !== null ? ` / 容量 ${capacity} 人` : '（未设容量）'}
            </Typography.Text>
            {capacity !== null && capacity > 0 && (
              <Progress
                aria-label="容量占用"
                percent={Math.round((entries.length / capacity) * 100)}
                status={over ? 'exception' : 'normal'}
                size="small"
                style={{ width: 140, margin: 0 }}
              />
            )}
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
            // Counted over the whole roster, not the page.
            { title: '序号', width: 56, render: (_, e) => entries.indexOf(e) + 1 },
            { title: '姓名', dataIndex: 'name', width: 90 },
            { title: '性别', dataIndex: 'gender', width: 56, render: (v: string | null) => v ?? '' },
            { title: '地区', dataIndex: 'regionName', width: 110 },
            { title: '工作单位', dataIndex: 'enterprise', ellipsis: true },
            { title: '职务', dataIndex: 'position', width: 90, ellipsis: true },
            { title: '手机', dataIndex: 'mobile', width: 116 },
            {
              title: '组别',
              dataIndex: 'groupNo',
              width: 150,
              render: (g: number | null, e) => (
                <Space size={4}>
                  <Select
                    size="small"
                    aria-label={`${e.name}的组别`}
                    style={{ width: 84 }}
                    value={g ?? 0}
                    options={groupOptions}
                    onChange={(v: number) => void place(e, { groupNo: v === 0 ? null : v })}
                  />
                  {e.isLeader && <Typography.Text type="danger">组长</Typography.Text>}
                </Space>
              ),
            },
            {
              title: '座号',
              dataIndex: 'seatNo',
              width: 80,
              render: (_: number | null, e) => <SeatCell entry={e} onSave={(s) => place(e, { seatNo: s })} />,
            },
            {
              title: '操作',
              width: 200,
              render: (_, e) => (
                <Space size={0}>
                  <Button size="small" type="link" onClick={() => setDialog({ kind: 'move', entry: e })} aria-label={`调班 ${e.name}`}>
                    调班
                  </Button>
                  <Button
                    size="small"
                    type="link"
                    danger
                    onClick={() => setDialog({ kind: 'withdraw', entry: e })}
                    aria-label={`退出 ${e.name}`}
                  >
                    退出
                  </Button>
                  {e.groupNo !== null && (
                    <Button
                      size="small"
                      type="link"
                      onClick={() => void leader(e)}
                      aria-label={`${e.isLeader ? '取消组长' : '设为组长'} ${e.name}`}
                    >
                      {e.isLeader ? '取消组长' : '设为组长'}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title="小组（拖动学员可调整分组；点击皇冠设为组长）" style={{ marginBottom: 12 }}>
        <GroupBoard
          entries={entries}
          onMove={(id, groupNo) => {
            const e = entries.find((x) => x.registrationId === id);
            if (e) void place(e, { groupNo });
          }}
          onLeader={(e) => void leader(e)}
        />
      </Card>
      <Card
        size="small"
        title={
          <Space>
            <span>候补名单</span>
            <Typography.Text type="secondary" data-testid="waitlist-count">
              {waitlist.length} 人
            </Typography.Text>
          </Space>
        }
        extra={
          <Button
            disabled={!waitlist.length || !sessionId}
            onClick={() => sessionId && setDialog({ kind: 'waitlist', sessionId, waiting: waitlist.length })}
          >
            从候补补入…
          </Button>
        }
      >
        <Table<WaitlistEntry>
          size="small"
          rowKey="registrationId"
          loading={waiting.loading}
          dataSource={waitlist}
          pagination={false}
          locale={{ emptyText: '没有候补学员' }}
          columns={[
            { title: '顺序', dataIndex: 'order', width: 56 },
            { title: '姓名', dataIndex: 'name', width: 90 },
            { title: '地区', dataIndex: 'regionName', width: 110 },
            { title: '工作单位', dataIndex: 'enterprise', ellipsis: true },
            { title: '手机', dataIndex: 'mobile', width: 116 },
            { title: '报名期次', dataIndex: 'sessionNumber', width: 90, render: (n: number | null) => (n ? `第${n}期` : '未指定') },
          ]}
        />
      </Card>
      {sessionId && (
        <RosterChangeDialog
          target={dialog}
          sessions={sessions.data ?? []}
          currentSessionId={sessionId}
          onClose={() => setDialog(null)}
          onDone={done}
        />
      )}
    </div>
  );
}
