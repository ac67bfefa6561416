import { InfoCircleOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { STATUS_LABELS, type RegistrationRow, type RegistrationStatus } from '../../../shared/domain/types';

export const STATUS_COLORS: Record<RegistrationStatus, string> = {
  submitted: 'blue',
  approved: 'green',
  rejected: 'red',
  waitlisted: 'orange',
  withdrawn: 'default',
};

/** What the reason written with a status change is called: required for a rejection, a note otherwise. */
export function reasonLabel(status: RegistrationStatus): string {
  return status === 'rejected' ? '退回原因' : '备注';
}

/**
 * The status, with its reason on hover and keyboard focus (until now it was only in the audit log);
 * the ⓘ says there is one.
 */
export function StatusTag({ row }: { row: Pick<RegistrationRow, 'status' | 'statusReason'> }) {
  const label = STATUS_LABELS[row.status];
  if (!row.statusReason) return <Tag color={STATUS_COLORS[row.status]}>{label}</Tag>;
  const reason = `${reasonLabel(row.status)}：${row.statusReason}`;
  return (
    <Tooltip title={reason}>
      <Tag color={STATUS_COLORS[row.status]} icon={<InfoCircleOutlined />} tabIndex={0} aria-label={`${label}，${reason}`}>
        {label}
      </Tag>
    </Tooltip>
  );
}
