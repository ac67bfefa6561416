/** Deleting a follow-up record asks why: the reason goes into the audit log with the record's values. */
import { Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import type { FollowUp } from '../../../shared/domain/enterpriseFileTypes';
import { call } from '../../api';

export function FollowUpDelete(props: { target: FollowUp | null; onClose: () => void; onDeleted: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const t = props.target;
  return (
    <Modal
      open={!!t}
      title="删除跟踪记录"
      okText="删除"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={busy}
      destroyOnHidden
      onCancel={props.onClose}
      onOk={async () => {
        const { reason } = await form.validateFields();
        if (!t) return;
        setBusy(true);
        try {
          await call('followups.delete', { id: t.id, reason: reason.trim() });
          props.onDeleted();
        } finally {
          setBusy(false);
        }
      }}
    >
      <Typography.Paragraph>
        {t ? `删除 ${t.date} 的${t.kind}记录${t.year ? `（${t.year}年数据）` : ''}。` : ''}
        删除前自动备份数据库；原因记入操作日志。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="reason" label="删除原因" rules={[{ required: true, whitespace: true, message: '请填写删除原因' }]}>
          <Input.TextArea aria-label="删除原因" rows={3} maxLength={500} placeholder="如：重复录入" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
