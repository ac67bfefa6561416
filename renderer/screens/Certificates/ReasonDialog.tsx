import { Form, Input, Modal, Typography } from 'antd';

/**
 * 补发 or 撤销 of one certificate: both need a reason, which goes into the register and the audit log.
 * The dialog closes only when the call succeeded (errors stay on screen, in the error centre).
 */
export function ReasonDialog(props: {
  action: { kind: 'reissue' | 'revoke'; number: string; name: string } | null;
  onSubmit: (reason: string) => Promise<void>;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const a = props.action;
  const revoke = a?.kind === 'revoke';
  return (
    <Modal
      open={!!a}
      title={revoke ? `撤销证书 ${a?.number}` : `补发证书 ${a?.number}`}
      okText={revoke ? '撤销证书' : '补发'}
      okButtonProps={{ danger: revoke }}
      cancelText="取消"
      destroyOnHidden
      onCancel={props.onClose}
      onOk={async () => {
        const { reason } = await form.validateFields();
        await props.onSubmit(reason.trim());
      }}
    >
      <Typography.Paragraph>
        {revoke
          ? `撤销后，${a?.name} 的证书编号作废（不会再分配给他人），扫码核验将显示「已撤销」。`
          : `补发沿用原编号 ${a?.number}，证书上注明「补发」；原证书仍可核验。`}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={revoke ? '撤销原因' : '补发原因'}
          rules={[{ required: true, whitespace: true, message: '请填写原因' }]}
        >
          <Input.TextArea
            aria-label={revoke ? '撤销原因' : '补发原因'}
            rows={3}
            maxLength={500}
            placeholder={revoke ? '如：身份信息有误' : '如：原件遗失'}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
