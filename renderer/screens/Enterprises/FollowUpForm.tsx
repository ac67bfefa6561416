/**
 * Adding or changing one follow-up record: date, kind, the business year the figures are for, the
 * five figures with their units, qualifications gained or lost, notes. Gaining or losing one also
 * updates the enterprise's list of qualifications (the service keeps it current).
 */
import { Checkbox, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import {
  FIGURE_KEYS,
  FOLLOWUP_KINDS,
  TRACKED_QUALIFICATIONS,
  type EnterpriseFile,
  type FigureKey,
  type FollowUp,
  type FollowUpKind,
  type TrackedQualification,
} from '../../../shared/domain/enterpriseFileTypes';
import { call } from '../../api';

interface Values {
  date: Dayjs;
  kind: FollowUpKind;
  year: number | null;
  revenueWan: number | null;
  profitWan: number | null;
  employees: number | null;
  rdWan: number | null;
  patents: number | null;
  gained: TrackedQualification[];
  lost: TrackedQualification[];
  notes: string;
}

const FIELDS: Record<FigureKey, { label: string; unit: string; min?: number; integer?: boolean }> = {
  revenueWan: { label: '营业收入', unit: '万元', min: 0 },
  // A loss is a negative profit.
  profitWan: { label: '利润', unit: '万元' },
  employees: { label: '员工人数', unit: '人', min: 0, integer: true },
  rdWan: { label: '研发投入', unit: '万元', min: 0 },
  patents: { label: '专利', unit: '件', min: 0, integer: true },
};

export function FollowUpForm(props: {
  enterprise: EnterpriseFile;
  editing: FollowUp | 'new' | null;
  onClose: () => void;
  onSaved: (isNew: boolean) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const { editing, enterprise } = props;
  const isNew = editing === 'new';
  const kind = Form.useWatch('kind', form);

  useEffect(() => {
    if (!editing) return;
    form.resetFields();
    if (editing === 'new') form.setFieldsValue({ date: dayjs(), kind: '回访', gained: [], lost: [], notes: '' });
    else form.setFieldsValue({ ...editing, date: dayjs(editing.date) });
  }, [editing, form]);

  // When adding, only what can change is offered: gain what it lacks, lose what it holds.
  const held = new Set(enterprise.qualifications);
  const options = (gain: boolean) =>
    TRACKED_QUALIFICATIONS.map((q) => ({ value: q, label: q, disabled: isNew && (gain ? held.has(q) : !held.has(q)) }));

  const save = async () => {
    const v = await form.validateFields();
    const body = {
      date: v.date.format('YYYY-MM-DD'),
      kind: v.kind,
      year: v.year ?? null,
      ...Object.fromEntries(FIGURE_KEYS.map((k) => [k, v[k] ?? null])),
      gained: v.gained ?? [],
      lost: v.lost ?? [],
      notes: (v.notes ?? '').trim(),
    };
    setSaving(true);
    try {
      if (editing === 'new') await call('followups.add', { enterpriseId: enterprise.id, ...body });
      else if (editing) await call('followups.update', { id: editing.id, ...body });
      props.onSaved(isNew);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={!!editing}
      width={720}
      title={isNew ? `新增跟踪记录：${enterprise.name}` : `修改跟踪记录：${enterprise.name}`}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => void save()}
      onCancel={props.onClose}
      forceRender
    >
      <Form
        form={form}
        layout="vertical"
        requiredMark="optional"
        onValuesChange={(changed: Partial<Values>) => {
          // Yearly figures are usually collected in the spring for the year before.
          if (changed.kind === '年度经营数据' && !form.getFieldValue('year'))
            form.setFieldValue('year', ((form.getFieldValue('date') as Dayjs | undefined) ?? dayjs()).year() - 1);
        }}
      >
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker aria-label="跟踪日期" format="YYYY-MM-DD" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
              <Select aria-label="跟踪类型" options={FOLLOWUP_KINDS.map((k) => ({ value: k, label: k }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="year"
              label="数据年度"
              tooltip="下列经营数据所属的年度"
              rules={[{ required: kind === '年度经营数据', message: '年度经营数据须注明年度' }]}
            >
              <InputNumber aria-label="数据年度" min={1950} max={2100} precision={0} suffix="年" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          {FIGURE_KEYS.map((k) => (
            <Col span={8} key={k}>
              <Form.Item name={k} label={`${FIELDS[k].label}（${FIELDS[k].unit}）`}>
                <InputNumber
                  aria-label={FIELDS[k].label}
                  min={FIELDS[k].min}
                  precision={FIELDS[k].integer ? 0 : undefined}
                  suffix={FIELDS[k].unit}
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Form.Item name="gained" label="获得资质">
          <Checkbox.Group aria-label="获得资质" options={options(true)} />
        </Form.Item>
        <Form.Item
          name="lost"
          label="失去资质"
          dependencies={['gained']}
          rules={[
            {
              validator: (_, lost: string[] | undefined) => {
                const both = (lost ?? []).filter((q) => ((form.getFieldValue('gained') as string[] | undefined) ?? []).includes(q));
                return both.length ? Promise.reject(new Error(`同一资质不能既获得又失去：${both.join('、')}`)) : Promise.resolve();
              },
            },
          ]}
        >
          <Checkbox.Group aria-label="失去资质" options={options(false)} />
        </Form.Item>
        <Form.Item name="notes" label="备注">
          <Input.TextArea aria-label="备注" rows={3} maxLength={2000} placeholder="如：走访了解企业扩产计划，反映融资需求" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
