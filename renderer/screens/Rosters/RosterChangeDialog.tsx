/**
 * One dialog for the three ways a roster changes: move a trainee to another session, withdraw one,
 * add from the waitlist. A refusal for capacity is shown here, not in the error centre, with a field
 * for the reason to go beyond it: an override is always typed, never a default.
 */
import { Alert, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import type { RosterEntry } from '../../../shared/domain/attendanceTypes';
import type { RosterChange } from '../../../shared/domain/rosterTypes';
import type { SessionSummary } from '../../../shared/domain/types';
import { ApiError, call } from '../../api';
import { NO_DELAYED_FOCUS } from '../../components/useReturnFocus';
import { useErrors } from '../../stores/errors';

export type RosterChangeTarget =
  | { kind: 'move'; entry: RosterEntry }
  | { kind: 'withdraw'; entry: RosterEntry }
  | { kind: 'waitlist'; sessionId: number; waiting: number };

const TITLES = { move: '调班', withdraw: '退出培训班', waitlist: '从候补补入' } as const;

export function RosterChangeDialog({
  target,
  sessions,
  currentSessionId,
  onClose,
  onDone,
}: {
  target: RosterChangeTarget | null;
  sessions: SessionSummary[];
  currentSessionId: number;
  onClose: () => void;
  onDone: (change: RosterChange) => void;
}) {
  const [toSessionId, setToSessionId] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [count, setCount] = useState(1);
  const [overReason, setOverReason] = useState('');
  // The capacity refusal's message: once shown, the reason field decides.
  const [overCapacity, setOverCapacity] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!target) return null;

  const close = () => {
    setToSessionId(null);
    setReason('');
    setCount(1);
    setOverReason('');
    setOverCapacity(null);
    onClose();
  };
  const overrideReason = overCapacity && overReason.trim() ? overReason.trim() : undefined;
  const ready =
    (target.kind === 'move' ? toSessionId !== null : target.kind === 'withdraw' ? reason.trim() !== '' : count >= 1) &&
    (!overCapacity || overrideReason !== undefined);

  async function submit() {
    if (!target) return;
    setBusy(true);
    try {
      const opts = { silent: true };
      const change =
        target.kind === 'move'
          ? await call('rosters.move', { registrationId: target.entry.registrationId, toSessionId: toSessionId!, overrideReason }, opts)
          : target.kind === 'withdraw'
            ? await call('rosters.withdraw', { registrationId: target.entry.registrationId, reason: reason.trim() }, opts)
            : await call('rosters.addFromWaitlist', { sessionId: target.sessionId, count, overrideReason }, opts);
      onDone(change);
      close();
    } catch (e) {
      const err = e instanceof ApiError ? e.error : null;
      if (err && (err.details as { rule?: string } | undefined)?.rule === 'CAPACITY') setOverCapacity(err.message);
      else if (err) useErrors.getState().report(err);
    } finally {
      setBusy(false);
    }
  }

  const title = target.kind === 'waitlist' ? TITLES.waitlist : `${TITLES[target.kind]}：${target.entry.name}`;
  return (
    <Modal
      open
      focusable={NO_DELAYED_FOCUS}
      title={title}
      okText={overCapacity ? '超出容量，仍然确定' : '确定'}
      okButtonProps={{ disabled: !ready, danger: !!overCapacity, loading: busy }}
      cancelText="取消"
      onCancel={close}
      onOk={() => void submit()}
    >
      <Form layout="vertical">
        {target.kind !== 'waitlist' && (
          <Typography.Paragraph type="secondary">
            {target.entry.enterprise} · {target.entry.regionName}
          </Typography.Paragraph>
        )}
        {target.kind === 'move' && (
          <Form.Item label="调入期次" required>
            <Select
              aria-label="调入期次"
              value={toSessionId ?? undefined}
              placeholder="选择期次"
              onChange={(v: number) => {
                setToSessionId(v);
                setOverCapacity(null);
              }}
              options={sessions
                .filter((s) => s.id !== currentSessionId)
                .map((s) => ({ value: s.id, label: `第${s.number}期${s.capacity !== null ? `（容量 ${s.capacity} 人）` : ''}` }))}
            />
          </Form.Item>
        )}
        {target.kind === 'withdraw' && (
          <Form.Item label="退出原因" required>
            <Input.TextArea
              aria-label="退出原因"
              rows={3}
              maxLength={500}
              placeholder="例如：单位工作安排，无法参训"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </Form.Item>
        )}
        {target.kind === 'waitlist' && (
          <Form.Item label={`补入人数（候补名单共 ${target.waiting} 人，按候补顺序补入）`}>
            <InputNumber
              aria-label="补入人数"
              min={1}
              max={Math.max(1, Math.min(100, target.waiting))}
              value={count}
              onChange={(v) => {
                setCount(v ?? 1);
                setOverCapacity(null);
              }}
            />
          </Form.Item>
        )}
        {overCapacity && (
          <>
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={overCapacity} />
            <Form.Item label="超出容量的理由（记入台账）" required>
              <Input.TextArea
                aria-label="超出容量的理由"
                rows={2}
                maxLength={500}
                placeholder="例如：教室可加座，经中心领导同意"
                value={overReason}
                onChange={(e) => setOverReason(e.target.value)}
              />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
