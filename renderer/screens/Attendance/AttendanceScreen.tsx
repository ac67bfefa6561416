/**
 * 签到考勤 at the classroom door: one input always has focus; pinyin initials, a name, the ID
 * number's last digits or the badge number and Enter marks present (迟到 by the clock); several
 * matches become a numbered list (press 1–9); a scanner's burst marks at once; Ctrl+Z undoes the
 * last mark; Ctrl+Enter ends the slot, marking the rest 缺勤 after a confirmation.
 */
import { App, Button, Card, Col, Empty, Input, List, Row, Select, Space, Statistic, Tabs, Tag, Typography, type InputRef } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { lookup, wallTime, type AttendanceStatus, type LookupEntry } from '../../../shared/domain/attendance';
import type { AttendanceBoard, AttendanceSlot, Roster, RosterEntry, SessionNow } from '../../../shared/domain/attendanceTypes';
import type { SessionSummary } from '../../../shared/domain/types';
import { ApiError, call } from '../../api';
import { chooseSaveTarget, deliverExport, PDF_FILTER } from '../../components/files';
import { useLoad } from '../../components/useLoad';
import { useApp } from '../../stores/app';
import { BackfillPanel } from './BackfillPanel';
import { CameraScan } from './CameraScan';
import { CompletionPanel } from './CompletionPanel';
import { LeaveDialog } from './LeaveDialog';
import { LeaveList } from './LeaveList';
import { NotArrived } from './NotArrived';
import { isScannerBurst } from './scanBurst';

const STATUS_COLOR: Record<AttendanceStatus, string> = { 出勤: 'green', 迟到: 'orange', 请假: 'blue', 缺勤: 'red', 早退: 'gold' };
/** A digit typed while the list is open picks from it, unless more keys follow at scanner speed. */
const PICK_DELAY_MS = 60;

interface Feedback {
  tone: 'ok' | 'warn' | 'error' | 'info';
  text: string;
}
interface Done {
  batch: string;
  text: string;
}

function idTail(id: string): string {
  return `…${id.slice(-4)}`;
}

export function AttendanceScreen() {
  const programmeId = useApp((s) => s.programmeId);
  const { message, modal } = App.useApp();
  const now = useLoad<SessionNow | null>(
    () => (programmeId ? call('attendance.now', { programmeId, at: wallTime(new Date()) }) : null),
    [programmeId],
  );
  const sessions = useLoad<SessionSummary[]>(() => (programmeId ? call('sessions.list', { programmeId }) : null), [programmeId]);
  const [picked, setPicked] = useState<{ programmeId: number; sessionId: number; slotSeq: number } | null>(null);
  const current = picked && picked.programmeId === programmeId ? picked : now.data;
  const sessionId = current?.sessionId ?? null;
  const slotSeq = current?.slotSeq ?? null;
  const [version, setVersion] = useState(0);
  const slots = useLoad<AttendanceSlot[]>(() => (sessionId ? call('attendance.slots', { sessionId }) : null), [sessionId]);
  const roster = useLoad<Roster>(() => (sessionId ? call('rosters.get', { sessionId }) : null), [sessionId]);
  const board = useLoad<AttendanceBoard>(
    () => (sessionId && slotSeq ? call('attendance.board', { sessionId, slotSeq }) : null),
    [sessionId, slotSeq, version],
  );

  const [text, setText] = useState('');
  const [candidates, setCandidates] = useState<RosterEntry[]>([]);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [done, setDone] = useState<Done[]>([]);
  const [leaveOpen, setLeaveOpen] = useState(false);
  const [tab, setTab] = useState('checkin');
  const [camera, setCamera] = useState(false);
  const input = useRef<InputRef>(null);
  const keyTimes = useRef<number[]>([]);
  const pendingPick = useRef<number | null>(null);
  const busy = useRef(false);
  const confirming = useRef(false);

  const entries = useMemo(() => roster.data?.entries ?? [], [roster.data]);
  const lookupEntries = useMemo<LookupEntry[]>(() => entries, [entries]);
  const byId = useMemo(() => new Map(entries.map((e) => [e.registrationId, e])), [entries]);
  const markOf = useMemo(() => new Map((board.data?.marks ?? []).map((m) => [m.registrationId, m])), [board.data]);
  // Memoised: typing re-renders the screen on every key, and a scanner types 18 keys in a burst.
  const notArrived = useMemo(
    () =>
      entries.filter((e) => {
        const m = markOf.get(e.registrationId);
        return !m || m.status === '缺勤';
      }),
    [entries, markOf],
  );
  const absent = useMemo(
    () => new Set(notArrived.filter((e) => markOf.get(e.registrationId)).map((e) => e.registrationId)),
    [notArrived, markOf],
  );
  const slot = slots.data?.find((s) => s.seq === slotSeq) ?? null;

  const focus = () => input.current?.focus();
  const select = (next: { sessionId: number; slotSeq: number }) => {
    if (programmeId) setPicked({ programmeId, ...next });
    setCandidates([]);
    setText('');
    setFeedback(null);
    setDone([]);
    focus();
  };

  async function mark(e: RosterEntry) {
    if (!sessionId || !slotSeq || busy.current) return;
    busy.current = true;
    setCandidates([]);
    setText('');
    keyTimes.current = [];
    try {
      const r = await call('attendance.mark', { registrationId: e.registrationId, slotSeq, at: wallTime(new Date()) }, { silent: true });
      setFeedback({ tone: !r.changed ? 'info' : r.mark.status === '出勤' ? 'ok' : 'warn', text: r.message });
      if (r.changed) setDone((d) => [{ batch: r.batch, text: r.message }, ...d]);
      setVersion((v) => v + 1);
    } catch (err) {
      setFeedback({ tone: 'error', text: err instanceof ApiError ? err.message : String(err) });
    } finally {
      busy.current = false;
      focus();
    }
  }

  async function undo() {
    const last = done[0];
    if (!last) {
      setFeedback({ tone: 'info', text: '没有可撤销的签到' });
      return;
    }
    try {
      const r = await call('attendance.undo', { batch: last.batch }, { silent: true });
      setDone((d) => d.slice(1));
      setFeedback({ tone: 'info', text: r.message });
      setVersion((v) => v + 1);
    } catch (err) {
      setFeedback({ tone: 'error', text: err instanceof ApiError ? err.message : String(err) });
    }
    focus();
  }

  function closeSlot() {
    if (!sessionId || !slotSeq || !slot || confirming.current) return;
    const n = notArrived.filter((e) => !markOf.get(e.registrationId)).length;
    confirming.current = true;
    modal.confirm({
      title: `结束 ${slot.name} 的签到`,
      content: n ? `尚未签到的 ${n} 人将记为缺勤（可按 Ctrl+Z 撤销）。确定结束吗？` : '所有学员都已有考勤记录，结束后不再记缺勤。',
      okText: n ? `记 ${n} 人缺勤并结束` : '结束',
      cancelText: '取消',
      autoFocusButton: 'ok',
      onOk: async () => {
        const r = await call('attendance.closeSlot', { sessionId, slotSeq, at: wallTime(new Date()) });
        if (r.marked) setDone((d) => [{ batch: r.batch, text: `${r.marked} 人记为缺勤` }, ...d]);
        setFeedback({ tone: 'warn', text: `${slot.name} 签到结束：${r.marked} 人记为缺勤` });
        setVersion((v) => v + 1);
        void message.success('已结束本时段签到');
      },
      afterClose: () => {
        confirming.current = false;
        focus();
      },
    });
  }

  async function printSheet() {
    if (!sessionId || !slotSeq || !slot) return;
    const session = sessions.data?.find((x) => x.id === sessionId);
    const year = useApp.getState().programmes.find((p) => p.id === programmeId)?.year ?? '';
    const target = await chooseSaveTarget(`签到表-${year}年第${session?.number ?? ''}期-${slot.name}.pdf`, [PDF_FILTER]);
    if (target) {
      const written = await call('attendance.signinSheet', { sessionId, slotSeq, ...target });
      await deliverExport(written, (t) => void message.success(t));
    }
    focus();
  }

  /** `scanned`: a code read by the webcam, which goes the same way as one typed or scanned. */
  function submit(scanned?: string) {
    const burst = scanned !== undefined || isScannerBurst(keyTimes.current);
    keyTimes.current = [];
    const q = (scanned ?? text).trim();
    if (!q) return;
    const r = lookup(lookupEntries, q);
    if (r.matches.length === 1 || (r.exact && r.matches.length)) {
      void mark(byId.get(r.matches[0].registrationId)!);
      return;
    }
    setText('');
    if (r.matches.length === 0) {
      setCandidates([]);
      setFeedback({ tone: 'error', text: `没有找到「${q}」：请换用姓名、拼音首字母、身份证后四位或胸牌号` });
      return;
    }
    setCandidates(r.matches.slice(0, 9).map((m) => byId.get(m.registrationId)!));
    setFeedback({
      tone: 'info',
      text: `${burst ? '扫码' : '输入'}「${q}」有 ${r.matches.length} 人符合，请按数字键 1–${Math.min(9, r.matches.length)} 选择，Esc 取消${r.matches.length > 9 ? '（只列出前 9 人，请多输入几个字）' : ''}`,
    });
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
      e.preventDefault();
      void undo();
      return;
    }
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      e.preventDefault();
      closeSlot();
      return;
    }
    if (e.key === 'Escape') {
      setCandidates([]);
      setText('');
      keyTimes.current = [];
      return;
    }
    if ((e.key === 'PageDown' || e.key === 'PageUp') && slots.data && sessionId && slotSeq) {
      e.preventDefault();
      const next = slotSeq + (e.key === 'PageDown' ? 1 : -1);
      if (next >= 1 && next <= slots.data.length) select({ sessionId, slotSeq: next });
      return;
    }
    if (pendingPick.current !== null) {
      // More keys at scanner speed: not a pick but the start of a code.
      window.clearTimeout(pendingPick.current);
      pendingPick.current = null;
    }
    if (e.key === 'Enter') {
      e.preventDefault();
      submit();
      return;
    }
    if (e.key.length === 1) {
      if (!text) keyTimes.current = [];
      keyTimes.current.push(e.timeStamp);
      const n = Number(e.key);
      if (candidates.length && !text && n >= 1 && n <= candidates.length) {
        const chosen = candidates[n - 1];
        pendingPick.current = window.setTimeout(() => {
          pendingPick.current = null;
          setText('');
          keyTimes.current = [];
          void mark(chosen);
        }, PICK_DELAY_MS);
      }
    }
  }

  if (!programmeId) return <Empty description="还没有培训项目。请先在「年度计划与名额」中新建项目和期次。" />;
  if (now.data === null && !now.loading)
    return <Empty description="本项目还没有期次或日程：请先在「年度计划与名额」中为期次填写开班日期。" />;

  const c = board.data?.counts;
  const tone = feedback?.tone ?? 'info';
  return (
    <div data-testid="attendance">
      <Space style={{ marginBottom: 12 }} wrap>
        <h1 className="screen-title" style={{ margin: 0 }}>
          签到考勤
        </h1>
        <Select
          aria-label="选择期次"
          data-testid="session-select"
          style={{ width: 260 }}
          value={sessionId ?? undefined}
          onChange={(id: number) => select({ sessionId: id, slotSeq: 1 })}
          options={(sessions.data ?? []).map((s) => ({ value: s.id, label: `第${s.number}期${s.title ? ` ${s.title}` : ''}` }))}
        />
        {tab === 'checkin' && (
          <>
            <Select
              aria-label="选择时段"
              data-testid="slot-select"
              style={{ width: 220 }}
              value={slotSeq ?? undefined}
              onChange={(seq: number) => sessionId && select({ sessionId, slotSeq: seq })}
              options={(slots.data ?? []).map((s) => ({ value: s.seq, label: `${s.name} ${s.startTime}${s.label ? ` ${s.label}` : ''}` }))}
            />
            {board.data && (
              <Typography.Text type="secondary">
                {board.data.slot.startTime} 开始，{board.data.graceMinutes} 分钟后签到记迟到
              </Typography.Text>
            )}
          </>
        )}
      </Space>

      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setTab(k);
          if (k === 'checkin') window.setTimeout(focus, 0);
        }}
        items={[
          {
            key: 'checkin',
            label: '签到',
            children: (
              <>
                <Row gutter={12} style={{ marginBottom: 12 }} data-testid="counters">
                  {(['应到', '已到', '迟到', '请假', '未到'] as const).map((k) => (
                    <Col key={k} flex="1">
                      <Card size="small">
                        <Statistic title={k} value={c ? c[k] : '—'} data-testid={`count-${k}`} />
                      </Card>
                    </Col>
                  ))}
                </Row>

                <Row gutter={12}>
                  <Col span={15}>
                    <Card size="small">
                      <Input
                        ref={input}
                        autoFocus
                        size="large"
                        data-testid="checkin-input"
                        aria-label="签到输入"
                        placeholder="拼音首字母 / 姓名 / 身份证后四位 / 胸牌号，回车签到；可直接扫码"
                        value={text}
                        onChange={(e) => setText(e.target.value)}
                        onKeyDown={onKeyDown}
                        onBlur={(e) => {
                          // Keep the one input focused unless the user moved to another control on purpose.
                          if (!e.relatedTarget && !confirming.current) window.setTimeout(focus, 0);
                        }}
                      />
                      <div
                        role="status"
                        aria-live="polite"
                        data-testid="checkin-feedback"
                        data-tone={tone}
                        className={`checkin-feedback checkin-${tone}`}
                        style={{
                          fontSize: 22,
                          minHeight: 40,
                          margin: '12px 0 4px',
                          color: { ok: '#237804', warn: '#d46b08', error: '#cf1322', info: '#595959' }[tone],
                        }}
                      >
                        {feedback?.text ?? '请签到'}
                      </div>
                      {candidates.length > 0 && (
                        <List
                          size="small"
                          bordered
                          data-testid="candidates"
                          dataSource={candidates}
                          renderItem={(e, i) => (
                            <List.Item onClick={() => void mark(e)} style={{ cursor: 'pointer' }}>
                              <Space>
                                <Tag color="red">{i + 1}</Tag>
                                <Typography.Text strong>{e.name}</Typography.Text>
                                <span>{e.regionName}</span>
                                <Typography.Text type="secondary">{e.enterprise}</Typography.Text>
                                <Typography.Text type="secondary">身份证 {idTail(e.idNumber)}</Typography.Text>
                                {markOf.get(e.registrationId) && (
                                  <Tag color={STATUS_COLOR[markOf.get(e.registrationId)!.status]}>
                                    {markOf.get(e.registrationId)!.status}
                                  </Tag>
                                )}
                              </Space>
                            </List.Item>
                          )}
                        />
                      )}
                      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
                        Ctrl+Z 撤销上一次签到 · PageUp/PageDown 切换时段 · Ctrl+Enter 结束本时段签到（未到记缺勤）
                      </Typography.Paragraph>
                    </Card>
                    <Card
                      size="small"
                      title="本次签到记录"
                      style={{ marginTop: 12 }}
                      styles={{ body: { maxHeight: 260, overflow: 'auto' } }}
                    >
                      {done.length === 0 ? (
                        <Typography.Text type="secondary">尚无</Typography.Text>
                      ) : (
                        <ol reversed style={{ margin: 0, paddingLeft: 28 }} data-testid="recent-marks">
                          {done.map((d) => (
                            <li key={d.batch}>{d.text}</li>
                          ))}
                        </ol>
                      )}
                    </Card>
                  </Col>
                  <Col span={9}>
                    <NotArrived entries={notArrived} absent={absent} />
                    <Button
                      block
                      style={{ marginTop: 12 }}
                      disabled={!board.data}
                      onClick={() => {
                        confirming.current = true;
                        setLeaveOpen(true);
                      }}
                    >
                      登记请假
                    </Button>
                    <Button
                      block
                      style={{ marginTop: 8 }}
                      disabled={!board.data}
                      data-testid="camera-toggle"
                      onClick={() => {
                        setCamera((c) => !c);
                        focus();
                      }}
                    >
                      {camera ? '关闭摄像头扫码' : '摄像头扫码'}
                    </Button>
                    {camera && (
                      <CameraScan
                        onCode={(code) => submit(code)}
                        onClose={() => {
                          setCamera(false);
                          focus();
                        }}
                      />
                    )}
                    <Button block style={{ marginTop: 8 }} onClick={() => void printSheet()} disabled={!board.data}>
                      打印本时段签到表（PDF）
                    </Button>
                    <Button block danger style={{ marginTop: 8 }} onClick={closeSlot} disabled={!board.data} data-testid="close-slot">
                      结束本时段签到（未到记缺勤）
                    </Button>
                  </Col>
                </Row>
              </>
            ),
          },
          {
            key: 'backfill',
            label: '补录（据签到表）',
            children: sessionId && slots.data && (
              <BackfillPanel key={sessionId} sessionId={sessionId} slots={slots.data} entries={entries} />
            ),
          },
          {
            key: 'leaves',
            label: '请假登记',
            children: sessionId && (
              <LeaveList
                sessionId={sessionId}
                version={version}
                onAdd={() => {
                  confirming.current = true;
                  setLeaveOpen(true);
                }}
              />
            ),
          },
          {
            key: 'completion',
            label: '结业判定',
            children: sessionId && <CompletionPanel programmeId={programmeId} sessionId={sessionId} />,
          },
        ]}
      />
      {slotSeq && (
        <LeaveDialog
          open={leaveOpen}
          entries={entries}
          slots={slots.data ?? []}
          slotSeq={slotSeq}
          onClose={(text) => {
            setLeaveOpen(false);
            if (text) {
              setFeedback({ tone: 'info', text });
              setVersion((v) => v + 1);
            }
          }}
          afterClose={() => {
            confirming.current = false;
            focus();
          }}
        />
      )}
    </div>
  );
}
