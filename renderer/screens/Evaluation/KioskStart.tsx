/** 开始现场填写（自助模式）: the administrator sets a PIN (typed twice, kept only in memory as a hash) and hands the laptop over. */
import { Alert, Button, Form, Input, Modal } from 'antd';
import { useState, type ChangeEvent } from 'react';
import { PIN_PATTERN, useKiosk } from '../../stores/kiosk';

interface PinFields {
  pin: string;
  again: string;
}

export function KioskStart({ sessionId, sessionLabel }: { sessionId: number; sessionLabel: string }) {
  const start = useKiosk((s) => s.start);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<PinFields>();
  const go = async () => {
    const { pin } = await form.validateFields();
    await start(sessionId, sessionLabel, pin);
    setOpen(false);
  };
  const digits = (e: ChangeEvent<HTMLInputElement>) => e.target.value.replace(/\D/g, '');
  return (
    <>
      <Button onClick={() => setOpen(true)}>开始现场填写（自助模式）</Button>
      <Modal
        open={open}
        title={`现场填写（自助模式）：${sessionLabel}`}
        okText="开始自助填写"
        cancelText="取消"
        onOk={() => void go()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="开始后，整个窗口只显示评价问卷，学员依次填写、提交；退出自助模式需要输入下面设置的 PIN。PIN 不会保存，请牢记。"
        />
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="pin"
            label="管理员 PIN（4–8 位数字）"
            getValueFromEvent={digits}
            rules={[{ required: true, pattern: PIN_PATTERN, message: 'PIN 应为 4–8 位数字' }]}
          >
            <Input.Password aria-label="设置管理员 PIN" inputMode="numeric" autoComplete="off" maxLength={8} autoFocus />
          </Form.Item>
          <Form.Item
            name="again"
            label="再次输入 PIN"
            dependencies={['pin']}
            getValueFromEvent={digits}
            rules={[
              { required: true, message: '请再次输入 PIN' },
              ({ getFieldValue }) => ({
                validator: (_r, v: string) =>
                  !v || v === getFieldValue('pin') ? Promise.resolve() : Promise.reject(new Error('两次输入的 PIN 不一致')),
              }),
            ]}
          >
            <Input.Password
              aria-label="再次输入管理员 PIN"
              inputMode="numeric"
              autoComplete="off"
              maxLength={8}
              onPressEnter={() => void go()}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
