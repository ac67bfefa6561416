/** 工作信息表: each region's 负责人 and 联络人, edited here, exported as one merged table. */
import { App, Button, Form, Input, Modal, Space, Table } from 'antd';
import { useState } from 'react';
import { CONTACT_ROLE_LABELS, CONTACT_ROLES, type ContactRole, type RegionContacts } from '../../../shared/domain/quotas';
import { call } from '../../api';
import { chooseSaveTarget, deliverExport, XLSX_FILTER } from '../../components/files';
import { useLoad } from '../../components/useLoad';
import { useApp } from '../../stores/app';
import { ImportButton } from './PlanFiles';

function EditContact({
  programmeId,
  row,
  role,
  onClose,
}: {
  programmeId: number;
  row: RegionContacts;
  role: ContactRole;
  onClose: () => void;
}) {
  const [form] = Form.useForm();
  const changed = useApp((s) => s.changed);
  const save = async () => {
    const v = await form.validateFields();
    await call('contacts.set', { programmeId, regionCode: row.regionCode, role, ...v });
    changed();
    onClose();
  };
  return (
    <Modal
      open
      title={`${row.regionName} · ${CONTACT_ROLE_LABELS[role]}`}
      onOk={() => void save()}
      onCancel={onClose}
      okText="保存"
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={row[role] ?? {}}>
        <Form.Item name="name" label="姓名">
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="post" label="职务">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="officePhone" label="办公电话">
          <Input maxLength={40} placeholder="例如：0571-87051234" />
        </Form.Item>
        <Form.Item name="mobile" label="手机">
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="email" label="电子邮箱">
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ContactsCard({ programmeId }: { programmeId: number }) {
  const { message } = App.useApp();
  const { data, loading } = useLoad<RegionContacts[]>(() => call('contacts.list', { programmeId }), [programmeId]);
  const [editing, setEditing] = useState<{ row: RegionContacts; role: ContactRole } | null>(null);
  const exportIt = async () => {
    const to = await chooseSaveTarget('工作信息表.xlsx', [XLSX_FILTER]);
    if (!to) return;
    const f = await call('contacts.export', { programmeId, ...to });
    await deliverExport(f, (t) => message.success(t));
  };
  const person = (role: ContactRole) => ({
    title: CONTACT_ROLE_LABELS[role],
    key: role,
    render: (_: unknown, row: RegionContacts) => {
      const p = row[role];
      return (
        <Button
          type="link"
          size="small"
          onClick={() => setEditing({ row, role })}
          style={{ padding: 0, height: 'auto', textAlign: 'left' }}
        >
          {p ? (
            <span>
              {p.name} {p.post}
              <br />
              <span style={{ color: '#8c8c8c' }}>{[p.officePhone, p.mobile, p.email].filter(Boolean).join(' · ')}</span>
            </span>
          ) : (
            '填写'
          )}
        </Button>
      );
    },
  });
  return (
    <div>
      <Space style={{ marginBottom: 8 }}>
        <Button onClick={() => void exportIt()}>导出工作信息表</Button>
        <ImportButton label="导入地区回传的工作信息表" kind="contacts" programmeId={programmeId} />
        <span>已填 {data?.filter((r) => r.head && r.liaison).length ?? 0} / 37 个地区</span>
      </Space>
      <Table
        size="small"
        rowKey="regionCode"
        loading={loading}
        pagination={false}
        scroll={{ y: 'calc(100vh - 330px)' }}
        dataSource={data ?? []}
        columns={[{ title: '地区', dataIndex: 'regionName', width: 150 }, ...CONTACT_ROLES.map(person)]}
      />
      {editing && <EditContact programmeId={programmeId} row={editing.row} role={editing.role} onClose={() => setEditing(null)} />}
    </div>
  );
}
