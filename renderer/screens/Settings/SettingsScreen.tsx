import { App, Button, Card, Form, Input } from 'antd';
import { call } from '../../api';
import { RegionSelect } from '../../components/RegionSelect';
import { useApp } from '../../stores/app';

export function SettingsScreen() {
  const { settings, changed } = useApp();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  if (!settings) return null;
  const save = async () => {
    const v = await form.validateFields();
    await call('settings.update', v);
    message.success('设置已保存');
    changed();
  };
  return (
    <div>
      <h1 className="screen-title">设置</h1>
      <Card size="small" style={{ maxWidth: 640 }}>
        <Form form={form} layout="vertical" initialValues={settings} onFinish={() => void save()}>
          <Form.Item
            name="operatorName"
            label="操作员姓名"
            extra="每一次修改都会以此姓名记入操作记录。"
            rules={[{ required: true, message: '请填写操作员姓名' }]}
          >
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="organisation" label="所在单位" extra="导出报名汇总表时作为「填报单位」。">
            <Input maxLength={100} placeholder="例如：浙江省经济和信息化厅" />
          </Form.Item>
          <Form.Item
            name="region"
            label="本单位所属地区"
            extra="信息档案默认只列本地区的企业；中心（全部地区）不选。"
            // Stored as '' for the centre; the select shows that as empty.
            getValueProps={(v: string) => ({ value: v || undefined })}
            normalize={(v?: string) => v ?? ''}
          >
            <RegionSelect aria-label="本单位所属地区" allowClear placeholder="全部地区（中心）" />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            保存
          </Button>
        </Form>
      </Card>
    </div>
  );
}
