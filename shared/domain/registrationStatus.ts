/**
 * The registration status state machine: which changes are allowed, from where, and which need a
 * reason. The service enforces it; the screen's status menu is built from it.
 */
import { AppError } from '../result';
import { ACTIVE_STATUSES, STATUS_LABELS, type RegistrationStatus } from './types';

export interface StatusAction {
  /** The status this action leads to. */
  status: RegistrationStatus;
  /** The verb on the menu and in messages. */
  label: string;
  from: readonly RegistrationStatus[];
  /** A reason is written into the ledger (and shown on the record). */
  needsReason: boolean;
}

export const STATUS_ACTIONS: readonly StatusAction[] = [
  { status: 'approved', label: '通过', from: ['submitted', 'waitlisted'], needsReason: false },
  // Rejecting or withdrawing applies to a registration that holds a place, and frees it.
  { status: 'rejected', label: '退回', from: ACTIVE_STATUSES, needsReason: true },
  { status: 'waitlisted', label: '列入候补', from: ['submitted'], needsReason: false },
  { status: 'withdrawn', label: '撤回', from: ACTIVE_STATUSES, needsReason: false },
  { status: 'submitted', label: '恢复为已提交', from: ['rejected', 'withdrawn'], needsReason: false },
];

/** The actions open to a registration in status `from`, in menu order. */
export function actionsFrom(from: RegistrationStatus): StatusAction[] {
  return STATUS_ACTIONS.filter((a) => a.from.includes(from));
}

export function canTransition(from: RegistrationStatus, to: RegistrationStatus): boolean {
  return actionsFrom(from).some((a) => a.status === to);
}

export function needsReason(to: RegistrationStatus): boolean {
  return STATUS_ACTIONS.some((a) => a.status === to && a.needsReason);
}

/** Throws CONFLICT for a change the rules do not allow, VALIDATION for a missing reason. */
export function assertTransition(from: RegistrationStatus, to: RegistrationStatus, reason = ''): void {
  if (!canTransition(from, to)) {
    const open = actionsFrom(from);
    const parts = [
      from === to
        ? `报名已是「${STATUS_LABELS[from]}」状态，无需更改`
        : `报名不能从「${STATUS_LABELS[from]}」直接改为「${STATUS_LABELS[to]}」`,
      ...(open.length ? [`「${STATUS_LABELS[from]}」的报名只能：${open.map((a) => a.label).join('、')}`] : []),
      '如状态已被他人更改，请刷新后重试',
    ];
    throw new AppError('CONFLICT', `${parts.join('。')}。`, { rule: 'STATUS_TRANSITION', from, to, allowed: open.map((a) => a.status) });
  }
  const action = STATUS_ACTIONS.find((a) => a.status === to && a.needsReason);
  if (action && !reason.trim())
    throw new AppError('VALIDATION', `${action.label}（${STATUS_LABELS[to]}）报名时请填写原因，原因会记入台账。`, { field: 'reason' });
}
