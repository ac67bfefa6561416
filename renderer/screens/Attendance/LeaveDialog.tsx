import { Checkbox, Form, Input, Modal, Select } from 'antd';
import type { AttendanceSlot, RosterEntry } from '../../../shared/domain/attendanceTypes';
import { call } from '../../api';

interface Values {
  registrationId: number;
  slotSeqs: number[];
  requestedBy: string;
  approvedBy: string;
  reason: string;
}

/**
 * 请假 as the notice requires it: requested through the regional department and approved there;
 * the class records who asked, who approved, the half-days and the reason. Shows as 请假 in check-in.
 */
export function LeaveDialog(props: {
  open: boolean;
  entries: RosterEntry[];
  slots: AttendanceSlot[];
  slotSeq: number;
  onClose: (message?: string) => void;
  /** After the closing animation: where focus goes back (the check-in input). */
  afterClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  return (
    <Modal
      open={props.open}
      title="登记请假（须经地方主管部门批准）"
      okText="登记"
      cancelText="取消"
      destroyOnHidden
      focusTriggerAfterClose={false}
      afterClose={props.afterClose}
      onCancel={() => props.onClose()}
      onOk={async () => {
        const v = await form.validateFields();
        const r = await call('attendance.leave', v);
        const name = props.entries.find((e) => e.registrationId === v.registrationId)?.name ?? '';
        props.onClose(`${name} 请假 ${r.marked} 个半天已登记`);
      }}
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ slotSeqs: [props.slotSeq] }}>
        <Form.Item name="registrationId" label="学员" rules={[{ required: true, message: '请选择请假的学员' }]}>
          <Select
            showSearch
            aria-label="请假学员"
            placeholder="输入姓名或拼音首字母"
            optionFilterProp="search"
            options={props.entries.map((e) => ({
              value: e.registrationId,
              label: `${e.name}（${e.regionName}）`,
              search: `${e.name} ${e.initials} ${e.pinyin}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="slotSeqs" label="请假时段" rules={[{ required: true, message: '请选择请假的时段' }]}>
          <Checkbox.Group options={props.slots.map((s) => ({ value: s.seq, label: s.name }))} />
        </Form.Item>
        <Form.Item
          name="requestedBy"
          label="申请人（地方主管部门经办人）"
          rules={[{ required: true, whitespace: true, message: '请填写申请人' }]}
        >
          <Input aria-label="申请人" maxLength={100} />
        </Form.Item>
        <Form.Item name="approvedBy" label="批准人（地方主管部门）" rules={[{ required: true, whitespace: true, message: '请填写批准人' }]}>
          <Input aria-label="批准人" maxLength={100} />
        </Form.Item>
        <Form.Item name="reason" label="原因" rules={[{ required: true, whitespace: true, message: '请填写请假原因' }]}>
          <Input.TextArea aria-label="请假原因" maxLength={500} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
