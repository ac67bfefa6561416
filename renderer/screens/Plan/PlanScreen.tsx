import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Space, Table } from 'antd';
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

function SessionModal({ programmeId, next, open, onClose }: { programmeId: number; next: number; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm();
  const changed = useApp((s) => s.changed);
  const submit = async () => {
    const v = await form.validateFields();
    await call('sessions.create', {
      programmeId,
      number: v.number,
      title: v.title ?? '',
      location: v.location ?? '',
      capacity: v.capacity ?? null,
      startDate: day(v.dates?.[0]),
      endDate: day(v.dates?.[1]),
      registrationDeadline: day(v.deadline),
    });
    changed();
    form.resetFields();
    onClose();
  };
  return (
    <Modal title="新增期次" open={open} onOk={() => void submit()} onCancel={onClose} okText="保存" destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ number: next, capacity: 100 }}>
        <Form.Item name="number" label="期次（第N期）" rules={[{ required: true, message: '请填写期次' }]}>
          <InputNumber min={1} max={999} />
        </Form.Item>
        <Form.Item name="title" label="班级名称">
          <Input placeholder="例如：第1期（数字化转型专题）" />
        </Form.Item>
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
      </Form>
    </Modal>
  );
}

export function PlanScreen() {
  const { programmeId, programmes } = useApp();
  const [newProgramme, setNewProgramme] = useState(false);
  const [newSession, setNewSession] = useState(false);
  const programme = programmes.find((p) => p.id === programmeId);
  const { data: sessions, loading } = useLoad<SessionSummary[]>(
    () => (programmeId ? call('sessions.list', { programmeId }) : null),
    [programmeId],
  );
  return (
    <div>
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <h1 className="screen-title">年度计划与名额</h1>
        <Button icon={<PlusOutlined />} onClick={() => setNewProgramme(true)}>
          新建培训项目
        </Button>
      </Space>
      {programme ? (
        <>
          <Card size="small" title="项目信息">
            <Descriptions size="small" column={3}>
              <Descriptions.Item label="年度">{programme.year}</Descriptions.Item>
              <Descriptions.Item label="名称">{programme.title}</Descriptions.Item>
              <Descriptions.Item label="文号">{programme.documentNo || '—'}</Descriptions.Item>
              <Descriptions.Item label="计划人数">{programme.plannedTrainees}</Descriptions.Item>
              <Descriptions.Item label="组织实施">{programme.organiser || '—'}</Descriptions.Item>
              <Descriptions.Item label="有效报名">{programme.registrationCount}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card
            size="small"
            title="期次安排"
            style={{ marginTop: 16 }}
            extra={
              <Button size="small" icon={<PlusOutlined />} onClick={() => setNewSession(true)}>
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
                { title: '名称', dataIndex: 'title' },
                { title: '开始', dataIndex: 'startDate' },
                { title: '结束', dataIndex: 'endDate' },
                { title: '地点', dataIndex: 'location' },
                { title: '容量', dataIndex: 'capacity', render: (c: number | null) => c ?? '不限' },
                { title: '报名截止', dataIndex: 'registrationDeadline' },
                { title: '有效报名', dataIndex: 'activeRegistrations' },
              ]}
            />
          </Card>
          <Alert
            style={{ marginTop: 16 }}
            type="info"
            showIcon
            title="各地名额分配表（按地区、期次分配名额，未用满的名额调减或调剂）将在后续版本提供。"
          />
          <SessionModal
            programmeId={programme.id}
            next={(sessions?.reduce((m, s) => Math.max(m, s.number), 0) ?? 0) + 1}
            open={newSession}
            onClose={() => setNewSession(false)}
          />
        </>
      ) : (
        <Alert type="info" showIcon title="还没有培训项目，请先新建。" />
      )}
      <ProgrammeModal open={newProgramme} onClose={() => setNewProgramme(false)} />
    </div>
  );
}
