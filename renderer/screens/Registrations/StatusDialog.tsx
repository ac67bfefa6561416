import { Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { STATUS_LABELS, type RegistrationRow, type RegistrationStatus } from '../../../shared/domain/types';
import { call } from '../../api';
import { NO_DELAYED_FOCUS } from '../../components/useReturnFocus';
import { useApp } from '../../stores/app';

/** Approve, reject (with a reason), waitlist, withdraw or reinstate one registration. */
export function StatusDialog({
  target,
  onClose,
}: {
  target: { row: RegistrationRow; status: RegistrationStatus } | null;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const changed = useApp((s) => s.changed);
  if (!target) return null;
  const needsReason = target.status === 'rejected';
  return (
    <Modal
      open
      focusable={NO_DELAYED_FOCUS}
      title={`${STATUS_LABELS[target.status]}：${target.row.trainee.name}`}
      okText="确定"
      okButtonProps={{ disabled: needsReason && !reason.trim() }}
      onCancel={() => {
        setReason('');
        onClose();
      }}
      onOk={() =>
        void call('registrations.setStatus', { id: target.row.id, status: target.status, reason: reason.trim() }).then(() => {
          setReason('');
          changed();
          onClose();
        })
      }
    >
      <Typography.Paragraph>
        {target.row.enterprise.name} · {target.row.regionName} · 当前状态：{STATUS_LABELS[target.row.status]}
      </Typography.Paragraph>
      <Input.TextArea
        aria-label="原因"
        rows={3}
        maxLength={500}
        placeholder={needsReason ? '请填写退回原因（必填），例如：非企业主要负责人' : '备注（可选）'}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
    </Modal>
  );
}
