/**
 * 补录: entering marks from a signed 签到表, keyboard only. The roster is listed in the sheet's
 * order (seat or group, as printed); one row per trainee, one column per half-day of the slot or
 * day chosen. Keys: 1 出勤, 2 迟到, 3 请假, 4 缺勤, 5 早退; after 2 or 5 digits are the minutes (or
 * a time such as 09:15); ↑↓/Enter move between rows, ←→ between half-days; Delete clears; Ctrl+S
 * saves. Existing marks are shown; changing one is a correction that asks for a reason.
 */
import { App, Button, Input, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { clockOf, type AttendanceStatus } from '../../../shared/domain/attendance';
import type { AttendanceBoard, AttendanceSlot, MarkView, RosterEntry } from '../../../shared/domain/attendanceTypes';
import { ApiError, call } from '../../api';

const KEYS: Record<string, AttendanceStatus> = { '1': '出勤', '2': '迟到', '3': '请假', '4': '缺勤', '5': '早退' };
const COLOR: Record<AttendanceStatus, string> = { 出勤: 'green', 迟到: 'orange', 请假: 'blue', 缺勤: 'red', 早退: 'gold' };

interface Draft {
  status: AttendanceStatus;
  /** Digits (minutes) or HH:MM typed after 迟到/早退. */
  extra: string;
}

function groupLabel(e: RosterEntry): string {
  return e.groupNo ? `${e.groupNo}组${e.isLeader ? '（组长）' : ''}` : '';
}

/** '15' → 15 minutes; '0915' or '9:15' → a time of the slot's day. */
function parseExtra(extra: string, date: string): { minutes?: number; at?: string } | null {
  if (!extra) return {};
  const t = /^(\d{1,2}):?(\d{2})$/.exec(extra);
  if (extra.includes(':') || extra.length === 4) {
    if (!t || +t[1] > 23 || +t[2] > 59) return null;
    return { at: `${date} ${t[1].padStart(2, '0')}:${t[2]}` };
  }
  const n = Number(extra);
  return Number.isInteger(n) && n <= 1440 ? { minutes: n } : null;
}

export function BackfillPanel({ sessionId, slots, entries }: { sessionId: number; slots: AttendanceSlot[]; entries: RosterEntry[] }) {
  const { message } = App.useApp();
  const days = useMemo(() => [...new Set(slots.map((s) => s.date))], [slots]);
  const [scope, setScope] = useState<string>(slots.length ? `slot:${slots[0].seq}` : '');
  const [sortBy, setSortBy] = useState<'seat' | 'group'>('seat');
  const [boards, setBoards] = useState<Map<number, Map<number, MarkView>>>(new Map());
  const [drafts, setDrafts] = useState<Map<string, Draft>>(new Map());
  const [cursor, setCursor] = useState({ row: 0, col: 0 });
  const [typing, setTyping] = useState(false);
  const [lastBatch, setLastBatch] = useState('');
  const [version, setVersion] = useState(0);
  const [asking, setAsking] = useState<{ n: number; lines: string[] } | null>(null);
  const [reason, setReason] = useState('');
  const grid = useRef<HTMLDivElement>(null);

  const columns = useMemo(
    () =>
      scope.startsWith('slot:') ? slots.filter((s) => s.seq === Number(scope.slice(5))) : slots.filter((s) => s.date === scope.slice(4)),
    [scope, slots],
  );
  const rows = useMemo(() => {
    const list = [...entries];
    if (sortBy === 'group')
      list.sort(
        (a, b) =>
          (a.groupNo ?? 999) - (b.groupNo ?? 999) || Number(b.isLeader) - Number(a.isLeader) || (a.seatNo ?? 1e6) - (b.seatNo ?? 1e6),
      );
    return list;
  }, [entries, sortBy]);

  useEffect(() => {
    let live = true;
    void Promise.all(columns.map((s) => call('attendance.board', { sessionId, slotSeq: s.seq }))).then((bs: AttendanceBoard[]) => {
      if (live) setBoards(new Map(bs.map((b) => [b.slot.seq, new Map(b.marks.map((m) => [m.registrationId, m]))])));
    });
    return () => {
      live = false;
    };
  }, [sessionId, columns, version]);

  const key = (row: number, col: number) => `${rows[row]?.registrationId}/${columns[col]?.seq}`;
  const move = (dRow: number, dCol: number) => {
    setTyping(false);
    setCursor((c) => ({
      row: Math.max(0, Math.min(rows.length - 1, c.row + dRow)),
      col: Math.max(0, Math.min(columns.length - 1, c.col + dCol)),
    }));
  };
  useEffect(() => {
    grid.current?.querySelector(`[data-row="${cursor.row}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [cursor.row]);

  const changes = useMemo(() => {
    const out: { entry: RosterEntry; slot: AttendanceSlot; draft: Draft; was: MarkView | null }[] = [];
    rows.forEach((entry) =>
      columns.forEach((slot) => {
        const draft = drafts.get(`${entry.registrationId}/${slot.seq}`);
        if (draft) out.push({ entry, slot, draft, was: boards.get(slot.seq)?.get(entry.registrationId) ?? null });
      }),
    );
    return out;
  }, [rows, columns, drafts, boards]);

  function setDraft(k: string, d: Draft | null) {
    setDrafts((m) => {
      const next = new Map(m);
      if (d) next.set(k, d);
      else next.delete(k);
      return next;
    });
  }

  async function save(correctionReason = '') {
    const marks = [];
    // Re-typing the status already recorded (without new minutes) changes nothing.
    const real = changes.filter((c) => !(c.was && c.was.status === c.draft.status && !c.draft.extra));
    for (const c of real) {
      const extra = parseExtra(c.draft.extra, c.slot.date);
      if (!extra) {
        void message.error(`${c.entry.name} ${c.slot.name} 的「${c.draft.extra}」不是分钟数或时间（如 15 或 09:15）`);
        return;
      }
      marks.push({
        registrationId: c.entry.registrationId,
        slotSeq: c.slot.seq,
        status: c.draft.status,
        was: c.was?.status ?? null,
        ...extra,
      });
    }
    if (!marks.length) {
      void message.info('没有要保存的补录');
      return;
    }
    const corrections = real.filter((c) => c.was);
    if (corrections.length && !correctionReason) {
      setReason('');
      setAsking({
        n: corrections.length,
        lines: corrections.map(
          (c) =>
            `${c.entry.name} ${c.slot.name}：${c.was!.status}${c.was!.minutes ? ` ${c.was!.minutes}分` : ''} → ${c.draft.status}${c.draft.extra ? ` ${c.draft.extra}` : ''}`,
        ),
      });
      return;
    }
    try {
      const r = await call('attendance.backfill', { sessionId, marks, correctionReason }, { silent: true });
      setDrafts(new Map());
      setLastBatch(r.batch);
      setVersion((v) => v + 1);
      void message.success(r.message);
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : String(e));
    }
    grid.current?.focus();
  }

  async function undo() {
    if (!lastBatch) return;
    try {
      const r = await call('attendance.undo', { batch: lastBatch }, { silent: true });
      setLastBatch('');
      setVersion((v) => v + 1);
      void message.info(r.message);
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : String(e));
    }
  }

  function onKeyDown(e: React.KeyboardEvent) {
    const k = key(cursor.row, cursor.col);
    const d = drafts.get(k);
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      void save();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const step: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      Enter: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    if (step[e.key]) {
      e.preventDefault();
      move(...step[e.key]);
      return;
    }
    if (typing && d && (/^\d$/.test(e.key) || e.key === ':')) {
      e.preventDefault();
      if (d.extra.length < 5) setDraft(k, { ...d, extra: d.extra + e.key });
      return;
    }
    if (KEYS[e.key]) {
      e.preventDefault();
      const status = KEYS[e.key];
      setDraft(k, { status, extra: '' });
      // 迟到 and 早退 take minutes next; the others move on at once.
      if (status === '迟到' || status === '早退') setTyping(true);
      else move(1, 0);
      return;
    }
    if (e.key === 'Backspace' && typing && d?.extra) {
      e.preventDefault();
      setDraft(k, { ...d, extra: d.extra.slice(0, -1) });
      return;
    }
    if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      setTyping(false);
      setDraft(k, null);
    }
  }

  function cell(entry: RosterEntry, slot: AttendanceSlot, row: number, col: number) {
    const was = boards.get(slot.seq)?.get(entry.registrationId) ?? null;
    const draft = drafts.get(`${entry.registrationId}/${slot.seq}`);
    const active = row === cursor.row && col === cursor.col;
    const status = draft?.status ?? was?.status ?? null;
    const extra = draft ? draft.extra : was?.minutes ? String(was.minutes) : '';
    return (
      <td
        key={slot.seq}
        data-testid={`bf-${entry.name}-${slot.seq}`}
        data-status={status ?? ''}
        data-draft={draft ? '1' : ''}
        onClick={() => {
          setTyping(false);
          setCursor({ row, col });
          grid.current?.focus();
        }}
        style={{
          padding: '2px 8px',
          minWidth: 150,
          outline: active ? '2px solid #1677ff' : undefined,
          background: draft ? (was && was.status !== draft.status ? '#fff1f0' : '#e6f4ff') : undefined,
        }}
      >
        {status ? (
          <Tag color={COLOR[status]} style={{ marginRight: 4 }}>
            {status}
            {extra && (status === '迟到' || status === '早退')
              ? ` ${extra.length === 4 || extra.includes(':') ? extra : `${extra}分`}`
              : ''}
          </Tag>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        )}
        {draft && was && was.status !== draft.status && <Typography.Text type="danger">更正（原{was.status}）</Typography.Text>}
        {!draft && was && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {clockOf(was.effectiveAt)}
            {was.backfilled ? ' 补录' : ''}
          </Typography.Text>
        )}
      </td>
    );
  }

  return (
    <div data-testid="backfill">
      <Space wrap style={{ marginBottom: 8 }}>
        <Select
          aria-label="补录范围"
          data-testid="backfill-scope"
          style={{ width: 220 }}
          value={scope}
          onChange={(v: string) => {
            setScope(v);
            setDrafts(new Map());
            setCursor({ row: 0, col: 0 });
          }}
          options={[
            ...slots.map((s) => ({ value: `slot:${s.seq}`, label: `${s.name} ${s.startTime}` })),
            ...days.map((d) => ({
              value: `day:${d}`,
              label: `${slots.find((s) => s.date === d)!.name.replace(/[上下晚]午$|晚上$/, '')} 全天`,
            })),
          ]}
        />
        <Radio.Group value={sortBy} onChange={(e) => setSortBy(e.target.value as 'seat' | 'group')} optionType="button">
          <Radio.Button value="seat">按座号（签到表顺序）</Radio.Button>
          <Radio.Button value="group">按小组</Radio.Button>
        </Radio.Group>
        <Button type="primary" onClick={() => void save()} disabled={!changes.length} data-testid="backfill-save">
          保存补录（Ctrl+S）{changes.length ? ` ${changes.length} 条` : ''}
        </Button>
        <Button onClick={() => void undo()} disabled={!lastBatch}>
          撤销刚才的补录
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '0 0 8px' }}>
        点一下表格后只用键盘：1 出勤 · 2 迟到（再输入分钟数或到达时间如 0915） · 3 请假 · 4 缺勤 · 5 早退（再输入分钟数） · ↑↓/回车 换人 ·
        ←→ 换时段 · Delete 清除 · Ctrl+S 保存。补录的考勤标记为「补录」并记录录入人和录入时间；更改已有考勤须填写更正原因。
      </Typography.Paragraph>
      <div
        ref={grid}
        tabIndex={0}
        role="grid"
        aria-label="补录考勤表"
        data-testid="backfill-grid"
        onKeyDown={onKeyDown}
        style={{ maxHeight: 520, overflow: 'auto', border: '1px solid #f0f0f0', outline: 'none' }}
      >
        <table style={{ borderCollapse: 'collapse', width: '100%' }}>
          <thead style={{ position: 'sticky', top: 0, background: '#fafafa', zIndex: 1 }}>
            <tr>
              <th style={{ padding: '4px 8px', textAlign: 'left' }}>序号</th>
              <th style={{ textAlign: 'left' }}>{sortBy === 'group' ? '组别' : '座号'}</th>
              <th style={{ textAlign: 'left' }}>姓名</th>
              <th style={{ textAlign: 'left' }}>单位</th>
              {columns.map((s) => (
                <th key={s.seq} style={{ textAlign: 'left', padding: '4px 8px' }}>
                  {s.name} {s.startTime}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((e, row) => (
              <tr
                key={e.registrationId}
                data-row={row}
                style={{ borderTop: '1px solid #f0f0f0', background: row === cursor.row ? '#fafafa' : undefined }}
              >
                <td style={{ padding: '2px 8px' }}>{row + 1}</td>
                <td>{sortBy === 'group' ? groupLabel(e) : (e.seatNo ?? '')}</td>
                <td>
                  <Typography.Text strong>{e.name}</Typography.Text>
                </td>
                <td>
                  <Typography.Text type="secondary" ellipsis style={{ maxWidth: 260 }}>
                    {e.enterprise}
                  </Typography.Text>
                </td>
                {columns.map((s, col) => cell(e, s, row, col))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Modal
        open={!!asking}
        title={`更改 ${asking?.n ?? 0} 条已有考勤`}
        okText="更正并保存"
        cancelText="返回修改"
        okButtonProps={{ disabled: !reason.trim() }}
        onCancel={() => setAsking(null)}
        onOk={() => {
          setAsking(null);
          void save(reason.trim());
        }}
        afterClose={() => grid.current?.focus()}
      >
        <ul style={{ paddingLeft: 20 }}>
          {asking?.lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
        <Input.TextArea
          autoFocus
          aria-label="更正原因"
          placeholder="更正原因（必填，记入操作日志），如：签到表上有本人签名"
          maxLength={500}
          rows={2}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </div>
  );
}
