/**
 * 名额调剂 (issue 7 §5): per session the unfilled places and the waiting demand by region, the
 * suggested moves (editable, or typed by hand) applied with a reason, the promotion of waitlisted
 * registrations in their order after the user has seen the list, and the history with 撤销 and export.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Input, InputNumber, List, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import {
  plainMove,
  REALLOCATION_STATUS_LABELS,
  type ReallocationCell,
  type ReallocationMove,
  type ReallocationRecord,
  type ReallocationSession,
  type ReallocationStanding,
  type WaitlistCell,
} from '../../../shared/domain/reallocation';
import { call } from '../../api';
import { chooseSaveTarget, deliverExport, XLSX_FILTER } from '../../components/files';
import { RegionSelect } from '../../components/RegionSelect';
import { useLoad } from '../../components/useLoad';
import { useApp } from '../../stores/app';

type Row = ReallocationMove & { key: number };
let nextKey = 1;
const keyed = (m: ReallocationMove): Row => ({ ...plainMove(m), key: nextKey++ });
const time = (iso: string) => {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
};

type StandingRow = ReallocationCell & { session: ReallocationSession; key: string };

function StandingTable({ standing }: { standing: ReallocationStanding }) {
  const rows: StandingRow[] = standing.sessions.flatMap((s) =>
    s.cells.filter((c) => c.unfilled > 0 || c.waitlisted > 0).map((c) => ({ ...c, session: s, key: `${s.sessionId}:${c.regionCode}` })),
  );
  return (
    <Table<StandingRow>
      size="small"
      aria-label="未用名额与候补"
      pagination={false}
      scroll={{ y: 260 }}
      dataSource={rows}
      locale={{ emptyText: '各期名额均已用满，也没有候补' }}
      columns={[
        {
          title: '期次',
          key: 's',
          render: (_: unknown, r: StandingRow) => (
            <span>
              第{r.session.number}期 {r.session.closed ? <Tag color="blue">已截止</Tag> : <Tag>未截止</Tag>}
            </span>
          ),
        },
        { title: '地区', dataIndex: 'regionName' },
        { title: '名额', dataIndex: 'places' },
        { title: '已占用', dataIndex: 'filled' },
        { title: '未用', dataIndex: 'unfilled', render: (n: number) => (n ? <b>{n}</b> : 0) },
        { title: '候补', dataIndex: 'waitlisted', render: (n: number) => (n ? <Tag color="orange">{n}</Tag> : 0) },
        { title: '可收回', dataIndex: 'takeable' },
        { title: '缺额', dataIndex: 'demand', render: (n: number, c: ReallocationCell) => (n ? <b>{n}</b> : c.locked ? '锁定' : 0) },
      ]}
    />
  );
}

function MovesEditor({
  standing,
  sessionId,
  allSessions,
}: {
  standing: ReallocationStanding;
  sessionId: number | undefined;
  /** Every session of the year: a place may move to another session. */
  allSessions: ReallocationSession[];
}) {
  const { message } = App.useApp();
  const changed = useApp((s) => s.changed);
  // Mounted per suggestion (see the key where it is used): a new suggestion replaces the table.
  const [moves, setMoves] = useState<Row[]>(() => standing.suggestion.map(keyed));
  const [fromSuggestion, setFromSuggestion] = useState(true);
  const [reason, setReason] = useState('报名截止后收回未用名额，调剂给有候补的地区');
  const [busy, setBusy] = useState(false);
  const sessions = (allSessions.length ? allSessions : standing.sessions).map((s) => ({ value: s.sessionId, label: `第${s.number}期` }));
  const edit = (key: number, patch: Partial<ReallocationMove>) => {
    setFromSuggestion(false);
    setMoves((ms) =>
      ms.map((m) =>
        m.key !== key
          ? m
          : {
              ...m,
              ...patch,
              // The destination follows the source while the user has not chosen another session.
              ...(patch.fromSessionId !== undefined && m.toSessionId === m.fromSessionId ? { toSessionId: patch.fromSessionId } : {}),
            },
      ),
    );
  };
  const add = () => {
    const s = sessionId ?? standing.sessions.find((x) => x.closed)?.sessionId ?? standing.sessions[0]?.sessionId;
    if (!s) return;
    setFromSuggestion(false);
    setMoves((ms) => [...ms, keyed({ fromSessionId: s, fromRegion: '', toSessionId: s, toRegion: '', places: 1, reason: '' })]);
  };
  const apply = async () => {
    if (!reason.trim()) return void message.warning('请填写调剂原因');
    if (moves.some((m) => !m.fromRegion || !m.toRegion)) return void message.warning('请为每一笔选择调出地区和调入地区');
    setBusy(true);
    try {
      const r = await call('reallocations.apply', {
        programmeId: standing.programmeId,
        moves: moves.map(plainMove),
        reason: reason.trim(),
        kind: fromSuggestion ? 'suggested' : 'manual',
      });
      message.success(`已调剂 ${r.reallocation.places} 名（${r.reallocation.moves.length} 笔）`);
      for (const w of r.warnings) message.warning(w);
      changed();
    } finally {
      setBusy(false);
    }
  };
  // Places move within a session or, as the service allows, to another session of the year.
  const sessionColumn = (title: string, field: 'fromSessionId' | 'toSessionId') => ({
    title,
    key: field,
    width: 110,
    render: (_: unknown, m: Row) => (
      <Select
        aria-label={title}
        size="small"
        value={m[field]}
        options={sessions}
        onChange={(v) => edit(m.key, { [field]: v })}
        style={{ width: 96 }}
      />
    ),
  });
  const regionColumn = (title: string, field: 'fromRegion' | 'toRegion') => ({
    title,
    key: field,
    render: (_: unknown, m: Row) => (
      <RegionSelect
        aria-label={title}
        size="small"
        value={m[field] || undefined}
        onChange={(v) => edit(m.key, { [field]: v })}
        style={{ width: 170 }}
      />
    ),
  });
  const total = moves.reduce((a, m) => a + (m.places || 0), 0);
  return (
    <Card size="small" title="调剂方案" style={{ marginTop: 8 }}>
      {standing.notes.map((n) => (
        <Alert key={n} type="info" showIcon title={n} style={{ marginBottom: 4 }} />
      ))}
      <Table
        size="small"
        aria-label="调剂方案"
        rowKey="key"
        pagination={false}
        dataSource={moves}
        locale={{ emptyText: '暂无建议：没有既有未用名额又有候补的已截止期次。可手工添加。' }}
        columns={[
          sessionColumn('调出期次', 'fromSessionId'),
          regionColumn('调出地区', 'fromRegion'),
          sessionColumn('调入期次', 'toSessionId'),
          regionColumn('调入地区', 'toRegion'),
          {
            title: '名额',
            key: 'places',
            width: 90,
            render: (_: unknown, m: Row) => (
              <InputNumber
                aria-label="调剂名额"
                size="small"
                min={1}
                max={100000}
                value={m.places}
                onChange={(v) => edit(m.key, { places: v ?? 1 })}
              />
            ),
          },
          {
            title: '说明',
            key: 'reason',
            render: (_: unknown, m: Row) => (
              <Input
                aria-label="说明"
                size="small"
                value={m.reason}
                maxLength={500}
                onChange={(e) => edit(m.key, { reason: e.target.value })}
              />
            ),
          },
          {
            title: '',
            key: 'del',
            width: 40,
            render: (_: unknown, m: Row) => (
              <Button
                size="small"
                type="text"
                aria-label="删除这一笔"
                icon={<DeleteOutlined />}
                onClick={() => {
                  setFromSuggestion(false);
                  setMoves((ms) => ms.filter((x) => x.key !== m.key));
                }}
              />
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 8 }} wrap>
        <Button size="small" icon={<PlusOutlined />} onClick={add}>
          添加一笔
        </Button>
        <Button size="small" onClick={() => (setMoves(standing.suggestion.map(keyed)), setFromSuggestion(true))}>
          恢复建议
        </Button>
        <span>调剂原因</span>
        <Input aria-label="调剂原因" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} style={{ width: 340 }} />
        <Button type="primary" loading={busy} disabled={!moves.length} onClick={() => void apply()}>
          应用调剂（{total} 名）
        </Button>
      </Space>
    </Card>
  );
}

function Promotion({ programmeId, sessionId }: { programmeId: number; sessionId: number | undefined }) {
  const { message } = App.useApp();
  const changed = useApp((s) => s.changed);
  const { data: lines } = useLoad<WaitlistCell[]>(
    () => call('reallocations.waitlist', { programmeId, sessionId }),
    [programmeId, sessionId],
  );
  const [confirming, setConfirming] = useState(false);
  const next = (lines ?? []).flatMap((c) => c.waiting.filter((w) => w.next).map((w) => ({ ...w, cell: c })));
  const promote = async () => {
    const r = await call('reallocations.promote', {
      programmeId,
      registrationIds: next.map((w) => w.registrationId),
      reason: '名额调剂后转正',
    });
    message.success(`已转正 ${r.promoted} 人`);
    setConfirming(false);
    changed();
  };
  return (
    <Card
      size="small"
      title="候补转正"
      style={{ marginTop: 8 }}
      extra={
        <Button size="small" type="primary" disabled={!next.length} onClick={() => setConfirming(true)}>
          候补转正（{next.length} 人）…
        </Button>
      }
    >
      <Table
        size="small"
        aria-label="候补名单"
        pagination={false}
        scroll={{ y: 220 }}
        rowKey={(c) => `${c.sessionId}:${c.regionCode}`}
        dataSource={lines ?? []}
        locale={{ emptyText: '没有候补报名' }}
        columns={[
          { title: '期次', dataIndex: 'sessionNumber', render: (n: number) => `第${n}期` },
          { title: '地区', dataIndex: 'regionName' },
          { title: '空出名额', dataIndex: 'open', render: (n: number) => (n ? <b>{n}</b> : 0) },
          {
            title: '候补（按报名先后）',
            key: 'w',
            render: (_: unknown, c: WaitlistCell) =>
              c.waiting.map((w) => (
                <Tag key={w.registrationId} color={w.next ? 'green' : undefined}>
                  {w.position}. {w.name}
                </Tag>
              )),
          },
        ]}
      />
      <Modal
        title="确认候补转正名单"
        open={confirming}
        onOk={() => void promote()}
        onCancel={() => setConfirming(false)}
        okText="确认转正"
        destroyOnHidden
        width={620}
      >
        <p>以下候补报名将按报名先后转为「已提交」，占用空出的名额：</p>
        <List
          size="small"
          aria-label="转正名单"
          dataSource={next}
          renderItem={(w) => (
            <List.Item>
              第{w.cell.sessionNumber}期 · {w.cell.regionName} · 第 {w.position} 位：<b>{w.name}</b>（{w.enterpriseName}）
            </List.Item>
          )}
        />
      </Modal>
    </Card>
  );
}

function History({ programmeId }: { programmeId: number }) {
  const { message } = App.useApp();
  const changed = useApp((s) => s.changed);
  const { data: records } = useLoad<ReallocationRecord[]>(() => call('reallocations.history', { programmeId }), [programmeId]);
  const [reverting, setReverting] = useState<ReallocationRecord | null>(null);
  const [reason, setReason] = useState('');
  const revert = async () => {
    if (!reverting) return;
    if (!reason.trim()) return void message.warning('请填写撤销原因');
    await call('reallocations.revert', { reallocationId: reverting.id, reason: reason.trim() });
    message.success('已撤销这次调剂');
    setReverting(null);
    changed();
  };
  const exportIt = async () => {
    const to = await chooseSaveTarget('名额调剂记录.xlsx', [XLSX_FILTER]);
    if (!to) return;
    const f = await call('reallocations.export', { programmeId, ...to });
    await deliverExport(f, (t) => message.success(t));
  };
  return (
    <Card
      size="small"
      title="调剂记录"
      style={{ marginTop: 8 }}
      extra={
        <Button size="small" onClick={() => void exportIt()}>
          导出调剂记录
        </Button>
      }
    >
      <Table
        size="small"
        aria-label="调剂记录"
        rowKey="id"
        pagination={false}
        dataSource={records ?? []}
        locale={{ emptyText: '暂无名额调剂记录' }}
        columns={[
          { title: '时间', dataIndex: 'at', width: 140, render: time },
          { title: '操作人', dataIndex: 'operator', width: 100 },
          {
            title: '调剂明细',
            key: 'moves',
            render: (_: unknown, r: ReallocationRecord) =>
              r.moves.map((m, k) => (
                <div key={k}>
                  第{m.fromSessionNumber}期 {m.fromRegionName} →{' '}
                  {m.toSessionNumber !== m.fromSessionNumber ? `第${m.toSessionNumber}期 ` : ''}
                  {m.toRegionName} {m.places} 名
                </div>
              )),
          },
          { title: '原因', dataIndex: 'reason' },
          {
            title: '状态',
            key: 'status',
            width: 110,
            render: (_: unknown, r: ReallocationRecord) =>
              r.status === 'applied' ? (
                <Tag color="green">{REALLOCATION_STATUS_LABELS.applied}</Tag>
              ) : (
                <Tag title={r.revertReason ?? ''}>{REALLOCATION_STATUS_LABELS[r.status]}</Tag>
              ),
          },
          {
            title: '',
            key: 'revert',
            width: 70,
            render: (_: unknown, r: ReallocationRecord) =>
              r.status !== 'reverted' && (
                <Button size="small" onClick={() => (setReason(''), setReverting(r))}>
                  撤销
                </Button>
              ),
          },
        ]}
      />
      <Modal
        title={reverting ? `撤销 ${time(reverting.at)} 的名额调剂（${reverting.places} 名）` : ''}
        open={reverting !== null}
        onOk={() => void revert()}
        onCancel={() => setReverting(null)}
        okText="撤销调剂"
        destroyOnHidden
      >
        <p>调入的名额退回原地区；若调入的名额已有报名占用，将无法撤销。</p>
        <Input aria-label="撤销原因" placeholder="撤销原因" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
      </Modal>
    </Card>
  );
}

export function ReallocationPanel({ programmeId }: { programmeId: number }) {
  const [sessionId, setSessionId] = useState<number | undefined>(undefined);
  const { data: standing } = useLoad<ReallocationStanding>(
    () => call('reallocations.standing', { programmeId, sessionId }),
    [programmeId, sessionId],
  );
  const all = useLoad<ReallocationStanding>(() => call('reallocations.standing', { programmeId }), [programmeId]).data;
  const totals = standing?.sessions.reduce((a, s) => ({ unfilled: a.unfilled + s.unfilled, waitlisted: a.waitlisted + s.waitlisted }), {
    unfilled: 0,
    waitlisted: 0,
  });
  return (
    <div>
      <Space style={{ marginBottom: 8 }} wrap>
        <Select
          aria-label="调剂期次"
          value={sessionId ?? 0}
          onChange={(v) => setSessionId(v || undefined)}
          style={{ width: 200 }}
          options={[
            { value: 0, label: '全部期次' },
            ...(all?.sessions ?? []).map((s) => ({ value: s.sessionId, label: `第${s.number}期${s.closed ? '（已截止）' : ''}` })),
          ]}
        />
        {totals && (
          <Typography.Text>
            未用名额 <b>{totals.unfilled}</b> 名，候补 <b>{totals.waitlisted}</b> 人（截至 {standing?.today}）
          </Typography.Text>
        )}
      </Space>
      {standing && (
        <>
          <StandingTable standing={standing} />
          <MovesEditor
            key={JSON.stringify(standing.suggestion)}
            standing={standing}
            sessionId={sessionId}
            allSessions={all?.sessions ?? []}
          />
        </>
      )}
      <Promotion programmeId={programmeId} sessionId={sessionId} />
      <History programmeId={programmeId} />
    </div>
  );
}
