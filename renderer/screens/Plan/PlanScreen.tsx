import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Space, Table, Tabs, Tag } from 'antd';
import type { QuotaGrid as Grid } from '../../../shared/domain/quotas';
import { ApportionPanel } from './ApportionPanel';
import { ContactsCard } from './ContactsCard';
import { CopyProgrammeModal, QuotaFileButtons } from './PlanFiles';
import { QuotaGrid } from './QuotaGrid';
import { ReallocationPanel } from './ReallocationPanel';
import { SlotsEditor } from './SlotsEditor';
import './plan.css';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { SessionSummary } from '../../../shared/domain/types';
import { call } from '../../api';
import { useLoad } from '../../components/useLoad';
import { useApp } from '../../stores/app';

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

function ProgrammeModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm();
  const { changed, selectProgramme } = useApp();
  const { message } = App.useApp();
  const submit = async () => {
    const v = await form.validateFields();
    const p = await call('programmes.create', { ...v, year: Number(v.year) });
    message.success(`已新建 ${p.year} 年「${p.title}」`);
    selectProgramme(p.id);
    changed();
    form.resetFields();
    onClose();
  };
  return (
    <Modal title="新建培训项目" open={open} onOk={() => void submit()} onCancel={onClose} okText="保存" destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ year: dayjs().year(), plannedTrainees: 800, organiser: '工业和信息化部人才交流中心' }}
      >
        <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
          <InputNumber min={2000} max={2100} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="title" label="项目名称" rules={[{ required: true, message: '请填写项目名称' }]}>
          <Input placeholder="例如：2026年度中小企业经营管理领军人才培训" />
        </Form.Item>
        <Form.Item name="documentNo" label="通知文号">
          <Input placeholder="例如：工信厅企业函〔2026〕1号" />
        </Form.Item>
        <Form.Item name="plannedTrainees" label="计划培训人数">
          <InputNumber min={0} max={1000000} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="organiser" label="组织实施单位">
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SessionModal({
  programmeId,
  next,
  editing,
  open,
  onClose,
}: {
  programmeId: number;
  next: number;
  editing: SessionSummary | null;
  open: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm();
  const changed = useApp((s) => s.changed);
  const submit = async () => {
    const v = await form.validateFields();
    // Sent whole: every field of the form, so an edit never resets what it does not show.
    const fields = {
      number: v.number,
      title: v.title ?? '',
      location: v.location ?? '',
      institution: v.institution ?? '',
      capacity: v.capacity ?? null,
      startDate: day(v.dates?.[0]),
      endDate: day(v.dates?.[1]),
      registrationDeadline: day(v.deadline),
    };
    if (editing) await call('sessions.update', { id: editing.id, ...fields });
    else await call('sessions.create', { programmeId, ...fields });
    changed();
    form.resetFields();
    onClose();
  };
  const initial = editing
    ? {
        ...editing,
        dates: editing.startDate ? [dayjs(editing.startDate), editing.endDate ? dayjs(editing.endDate) : null] : undefined,
        deadline: editing.registrationDeadline ? dayjs(editing.registrationDeadline) : undefined,
      }
    : { number: next, capacity: 100 };
  return (
    <Modal
      title={editing ? `修改第${editing.number}期` : '新增期次'}
      open={open}
      onOk={() => void submit()}
      onCancel={onClose}
      okText="保存"
      destroyOnHidden
      width={editing ? 760 : 520}
    >
      <Form form={form} layout="vertical" initialValues={initial} key={editing?.id ?? 'new'}>
        <Space wrap align="start">
          <Form.Item name="number" label="期次（第N期）" rules={[{ required: true, message: '请填写期次' }]}>
            <InputNumber min={1} max={999} />
          </Form.Item>
          <Form.Item name="title" label="班级名称（专题）">
            <Input placeholder="例如：数字化转型专题班" style={{ width: 260 }} />
          </Form.Item>
        </Space>
        <Form.Item name="institution" label="承担机构">
          <Input placeholder="例如：清华大学" />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="dates" label="培训日期">
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item name="location" label="地点">
            <Input />
          </Form.Item>
          <Form.Item name="capacity" label="容量（人）">
            <InputNumber min={0} max={100000} />
          </Form.Item>
          <Form.Item name="deadline" label="报名截止日期">
            <DatePicker />
          </Form.Item>
        </Space>
      </Form>
      {editing && <SlotsEditor sessionId={editing.id} />}
    </Modal>
  );
}

export function PlanScreen() {
  const { programmeId, programmes } = useApp();
  const [newProgramme, setNewProgramme] = useState(false);
  const [copying, setCopying] = useState(false);
  const [sessionModal, setSessionModal] = useState<{ editing: SessionSummary | null } | null>(null);
  const [apportioning, setApportioning] = useState(false);
  const programme = programmes.find((p) => p.id === programmeId);
  const { data: sessions, loading } = useLoad<SessionSummary[]>(
    () => (programmeId ? call('sessions.list', { programmeId }) : null),
    [programmeId],
  );
  const { data: grid } = useLoad<Grid>(() => (programmeId ? call('quotas.grid', { programmeId }) : null), [programmeId]);
  const changed = useApp((s) => s.changed);
  return (
    <div>
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <h1 className="screen-title">年度计划与名额</h1>
        <Space>
          {programme && <Button onClick={() => setCopying(true)}>复制上年计划</Button>}
          <Button icon={<PlusOutlined />} onClick={() => setNewProgramme(true)}>
            新建培训项目
          </Button>
        </Space>
      </Space>
      {programme ? (
        <>
          <Card size="small">
            <Descriptions size="small" column={4}>
              <Descriptions.Item label="项目">{programme.title}</Descriptions.Item>
              <Descriptions.Item label="文号">{programme.documentNo || '—'}</Descriptions.Item>
              <Descriptions.Item label="计划人数">{programme.plannedTrainees}</Descriptions.Item>
              <Descriptions.Item label="有效报名">{programme.registrationCount}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Tabs
            style={{ marginTop: 8 }}
            items={[
              {
                key: 'quotas',
                label: '名额分配表',
                children: grid ? (
                  <>
                    <Space style={{ marginBottom: 8 }} wrap>
                      {grid.draft && (
                        <>
                          <Tag color="orange">草稿（由上年计划复制，待确认）</Tag>
                          <Button size="small" onClick={() => void call('quotas.confirm', { programmeId: grid.programmeId }).then(changed)}>
                            确认名额
                          </Button>
                        </>
                      )}
                      <Button type="primary" onClick={() => setApportioning(true)}>
                        按权重分配…
                      </Button>
                      <QuotaFileButtons grid={grid} />
                      <span>
                        共 <b>{grid.places}</b> 名 / 计划 {grid.plannedTrainees} 名；已报 {grid.filled}，候补 {grid.waitlisted}
                        {grid.unassigned ? `，未分期 ${grid.unassigned}` : ''}
                      </span>
                    </Space>
                    {grid.sessions.length ? (
                      <QuotaGrid grid={grid} />
                    ) : (
                      <Alert type="info" showIcon title="请先在「期次安排」中新增期次。" />
                    )}
                    <ApportionPanel key={grid.programmeId} grid={grid} open={apportioning} onClose={() => setApportioning(false)} />
                  </>
                ) : null,
              },
              {
                key: 'sessions',
                label: '期次安排',
                children: (
                  <Card
                    size="small"
                    extra={
                      <Button size="small" icon={<PlusOutlined />} onClick={() => setSessionModal({ editing: null })}>
                        新增期次
                      </Button>
                    }
                  >
                    <Table
                      size="small"
                      rowKey="id"
                      loading={loading}
                      pagination={false}
                      dataSource={sessions ?? []}
                      columns={[
                        { title: '期次', dataIndex: 'number', render: (n: number) => `第${n}期` },
                        { title: '班级名称', dataIndex: 'title', render: (t: string) => t || '—' },
                        { title: '承担机构', dataIndex: 'institution', render: (t: string) => t || '—' },
                        { title: '开始', dataIndex: 'startDate' },
                        { title: '结束', dataIndex: 'endDate' },
                        { title: '地点', dataIndex: 'location' },
                        { title: '容量', dataIndex: 'capacity', render: (c: number | null) => c ?? '不限' },
                        { title: '报名截止', dataIndex: 'registrationDeadline' },
                        { title: '有效报名', dataIndex: 'activeRegistrations' },
                        {
                          title: '',
                          key: 'edit',
                          render: (_: unknown, row: SessionSummary) => (
                            <Button size="small" type="link" onClick={() => setSessionModal({ editing: row })}>
                              修改、日程
                            </Button>
                          ),
                        },
                      ]}
                    />
                  </Card>
                ),
              },
              { key: 'reallocation', label: '名额调剂', children: <ReallocationPanel programmeId={programme.id} /> },
              { key: 'contacts', label: '工作信息表', children: <ContactsCard programmeId={programme.id} /> },
            ]}
          />
          <SessionModal
            programmeId={programme.id}
            next={(sessions?.reduce((m, s) => Math.max(m, s.number), 0) ?? 0) + 1}
            editing={sessionModal?.editing ?? null}
            open={sessionModal !== null}
            onClose={() => setSessionModal(null)}
          />
          <CopyProgrammeModal programme={programme} open={copying} onClose={() => setCopying(false)} />
        </>
      ) : (
        <Alert type="info" showIcon title="还没有培训项目，请先新建。" />
      )}
      <ProgrammeModal open={newProgramme} onClose={() => setNewProgramme(false)} />
    </div>
  );
}
