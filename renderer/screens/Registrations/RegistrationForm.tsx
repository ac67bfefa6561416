import { Alert, App, Col, Form, Input, InputNumber, Modal, Row, Select, Switch, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { FieldIssue } from '../../../shared/domain/checkRegistration';
import { ENTERPRISE_QUALIFICATIONS } from '../../../shared/domain/qualifications';
import { STATUS_LABELS, type RegistrationRow, type SessionSummary } from '../../../shared/domain/types';
import { REGIONS } from '../../../shared/regions';
import { ApiError, call } from '../../api';
import { RegionSelect } from '../../components/RegionSelect';
import { NO_DELAYED_FOCUS } from '../../components/useReturnFocus';
import { reasonLabel } from './StatusTag';
import { useApp } from '../../stores/app';

const TRAINEE_FIELDS = [
  'name',
  'idNumber',
  'gender',
  'ethnicity',
  'birthDate',
  'politicalStatus',
  'education',
  'position',
  'isPrincipal',
  'mobile',
  'email',
] as const;
const ENTERPRISE_FIELDS = [
  'creditCode',
  'enterpriseName',
  'industry',
  'qualifications',
  'foundedOn',
  'employees',
  'revenueWan',
  'isManufacturing',
] as const;

interface Values {
  sessionId: number | null;
  regionCode: string;
  [k: string]: unknown;
}

function split(v: Values) {
  const trainee = Object.fromEntries(
    TRAINEE_FIELDS.map((k) => [k, v[k] ?? (k === 'gender' || k === 'isPrincipal' || k === 'birthDate' ? null : '')]),
  );
  const e = Object.fromEntries(
    ENTERPRISE_FIELDS.map((k) => [
      k === 'enterpriseName' ? 'name' : k,
      v[k] ?? (k === 'qualifications' ? [] : k === 'creditCode' || k === 'enterpriseName' || k === 'industry' ? '' : null),
    ]),
  );
  return { trainee, enterprise: e };
}

/** New or edited registration, checked live by the same rules the services apply (and the store's one-place rule). */
export function RegistrationForm({
  editing,
  sessions,
  open,
  onClose,
}: {
  editing: RegistrationRow | null;
  sessions: SessionSummary[];
  open: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const { programmeId, changed, settings } = useApp();
  const { message } = App.useApp();
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [saving, setSaving] = useState(false);

  const initial = useMemo<Values>(() => {
    if (!editing) return { sessionId: null, regionCode: '', isPrincipal: true, gender: null, qualifications: [] };
    const t = editing.trainee;
    return {
      ...t,
      sessionId: editing.sessionId,
      regionCode: editing.regionCode,
      creditCode: editing.enterprise.creditCode,
      enterpriseName: editing.enterprise.name,
      industry: editing.enterprise.industry,
      qualifications: editing.enterprise.qualifications,
      isManufacturing: editing.enterprise.isManufacturing,
    };
  }, [editing]);

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(initial);
    }
  }, [open, initial, form]);

  // Live check, debounced: shows format problems and "already registered" while typing.
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!open || !programmeId || tick === 0) return;
    const timer = setTimeout(() => {
      const v = form.getFieldsValue(true) as Values;
      const { trainee, enterprise } = split(v);
      // Only what has been typed: an empty field is "not yet", not an error to shout about.
      const typed = (o: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(o).filter(([, x]) => x !== '' && x !== null && x !== undefined));
      // With the session and region chosen, the quota and the deadline are checked as well.
      const place = v.sessionId && v.regionCode ? { sessionId: v.sessionId, regionCode: v.regionCode } : {};
      call(
        'registrations.check',
        { programmeId, exceptId: editing?.id, ...place, trainee: typed(trainee), enterprise: typed(enterprise) } as never,
        {
          silent: true,
        },
      ).then(setIssues, () => undefined);
    }, 250);
    return () => clearTimeout(timer);
  }, [tick, open, programmeId, editing, form]);

  const touched = (field: string) => form.isFieldTouched(field);
  const help = (field: string) => {
    const mine = issues.filter((i) => i.field === field && (touched(field) || saving));
    if (!mine.length) return {};
    const error = mine.some((i) => i.severity === 'error');
    return { validateStatus: error ? ('error' as const) : ('warning' as const), help: mine.map((i) => i.message).join('；') };
  };

  const save = async () => {
    const v = await form.validateFields();
    const { trainee, enterprise } = split(v);
    setSaving(true);
    try {
      if (editing)
        await call(
          'registrations.update',
          { id: editing.id, sessionId: v.sessionId ?? null, regionCode: v.regionCode, trainee, enterprise } as never,
          { silent: true },
        );
      else {
        const created = await call(
          'registrations.create',
          { programmeId: programmeId!, sessionId: v.sessionId ?? null, regionCode: v.regionCode, trainee, enterprise } as never,
          { silent: true },
        );
        // Beyond the region's quota the registration is kept, as 候补: say so, with the numbers.
        if (created.status === 'waitlisted') message.warning(`已添加 ${String(v.name)}，${created.statusReason}`, 8);
        else message.success(`已添加 ${String(v.name)}`);
      }
      if (editing) message.success('已保存修改');
      changed();
      onClose();
    } catch (e) {
      if (e instanceof ApiError) {
        const detail = e.error.details as { issues?: FieldIssue[] } | undefined;
        if (detail?.issues) setIssues(detail.issues);
        message.error(e.error.message, 6);
      }
    } finally {
      setSaving(false);
    }
  };

  const item = (name: string, label: string, node: React.ReactNode, required = false) => (
    <Form.Item name={name} label={label} rules={required ? [{ required: true, message: `请填写${label}` }] : undefined} {...help(name)}>
      {node}
    </Form.Item>
  );

  const defaultRegion = settings?.organisation ? REGIONS.find((r) => settings.organisation.startsWith(r.shortName))?.code : undefined;
  return (
    <Modal
      title={editing ? `修改报名：${editing.trainee.name}（${STATUS_LABELS[editing.status]}）` : '新增报名'}
      open={open}
      width={920}
      okText="保存"
      confirmLoading={saving}
      onOk={() => void save()}
      onCancel={onClose}
      destroyOnHidden
      focusable={NO_DELAYED_FOCUS}
    >
      <Form
        form={form}
        layout="vertical"
        size="small"
        onValuesChange={() => setTick((t) => t + 1)}
        initialValues={{ ...initial, regionCode: initial.regionCode || defaultRegion }}
      >
        {editing?.statusReason && (
          <Alert
            style={{ marginBottom: 12 }}
            type={editing.status === 'rejected' ? 'warning' : 'info'}
            showIcon
            title={`${STATUS_LABELS[editing.status]} · ${reasonLabel(editing.status)}：${editing.statusReason}`}
          />
        )}
        <Typography.Title level={5}>学员信息</Typography.Title>
        <Row gutter={12}>
          <Col span={6}>{item('name', '姓名', <Input autoFocus maxLength={30} />, true)}</Col>
          <Col span={8}>{item('idNumber', '身份证号', <Input maxLength={20} placeholder="18 位，末位可为 X" />, true)}</Col>
          <Col span={4}>
            {item(
              'gender',
              '性别',
              <Select
                allowClear
                options={[
                  { value: '男', label: '男' },
                  { value: '女', label: '女' },
                ]}
                placeholder="按身份证"
              />,
            )}
          </Col>
          <Col span={6}>{item('ethnicity', '民族', <Input maxLength={20} placeholder="汉族" />)}</Col>
          <Col span={6}>{item('birthDate', '出生年月', <Input maxLength={20} placeholder="按身份证自动填写" />)}</Col>
          <Col span={6}>{item('politicalStatus', '政治面貌', <Input maxLength={20} />)}</Col>
          <Col span={6}>{item('education', '学历', <Input maxLength={20} />)}</Col>
          <Col span={6}>{item('position', '职务', <Input maxLength={50} placeholder="董事长、总经理…" />)}</Col>
          <Col span={6}>{item('mobile', '手机', <Input maxLength={20} />)}</Col>
          <Col span={8}>{item('email', '电子邮箱', <Input maxLength={100} />)}</Col>
          <Col span={6}>
            <Form.Item name="isPrincipal" label="企业主要负责人" valuePropName="checked">
              <Switch checkedChildren="是" unCheckedChildren="否" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>企业信息</Typography.Title>
        <Row gutter={12}>
          <Col span={10}>{item('enterpriseName', '企业名称', <Input maxLength={200} />, true)}</Col>
          <Col span={8}>{item('creditCode', '统一社会信用代码', <Input maxLength={20} />, true)}</Col>
          <Col span={6}>{item('industry', '所属行业', <Input maxLength={100} />)}</Col>
          <Col span={12}>
            {item(
              'qualifications',
              '企业类型',
              <Select mode="tags" options={ENTERPRISE_QUALIFICATIONS.map((q) => ({ value: q, label: q }))} />,
            )}
          </Col>
          <Col span={6}>
            <Form.Item name="isManufacturing" label="是否制造业">
              <Select
                allowClear
                options={[
                  { value: true, label: '是' },
                  { value: false, label: '否' },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={6}>{item('employees', '员工人数', <InputNumber min={0} style={{ width: '100%' }} />)}</Col>
        </Row>
        <Typography.Title level={5}>报名</Typography.Title>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="regionCode" label="推荐地区" rules={[{ required: true, message: '请选择推荐地区' }]}>
              <RegionSelect />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="sessionId" label="期次" {...help('sessionId')}>
              <Select
                allowClear
                placeholder="暂不分期"
                options={sessions.map((s) => ({ value: s.id, label: `第${s.number}期 ${s.location}` }))}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
