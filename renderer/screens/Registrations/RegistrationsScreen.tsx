import { Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import {
  REGISTRATION_STATUSES,
  STATUS_LABELS,
  type RegistrationRow,
  type RegistrationStatus,
  type SessionSummary,
} from '../../../shared/domain/types';
import { REGIONS } from '../../../shared/regions';
import { call } from '../../api';
import { useLoad } from '../../components/useLoad';
import { useApp } from '../../stores/app';

export const STATUS_COLORS: Record<RegistrationStatus, string> = {
  submitted: 'blue',
  approved: 'green',
  rejected: 'red',
  waitlisted: 'orange',
  withdrawn: 'default',
};

export function RegistrationsScreen() {
  const programmeId = useApp((s) => s.programmeId);
  const [sessionNumber, setSession] = useState<number | undefined>();
  const [regionCode, setRegion] = useState<string | undefined>();
  const [status, setStatus] = useState<RegistrationStatus | undefined>();
  const [search, setSearch] = useState('');
  const { data: sessions } = useLoad<SessionSummary[]>(() => (programmeId ? call('sessions.list', { programmeId }) : null), [programmeId]);
  const { data, loading } = useLoad(
    () =>
      programmeId
        ? call('registrations.list', { programmeId, sessionNumber, regionCode, status, search: search || undefined, limit: 200_000 })
        : null,
    [programmeId, sessionNumber, regionCode, status, search],
  );
  if (!programmeId) return <Typography.Text>请先新建或选择培训项目。</Typography.Text>;
  return (
    <div>
      <h1 className="screen-title">学员报名</h1>
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            aria-label="搜索学员"
            allowClear
            placeholder="姓名、拼音或首字母、身份证后几位、企业、信用代码"
            style={{ width: 360 }}
            onSearch={(v) => setSearch(v.trim())}
          />
          <Select
            aria-label="按期次筛选"
            allowClear
            placeholder="全部期次"
            style={{ width: 130 }}
            value={sessionNumber}
            onChange={setSession}
            options={[{ value: 0, label: '未分期' }, ...(sessions ?? []).map((s) => ({ value: s.number, label: `第${s.number}期` }))]}
          />
          <Select
            aria-label="按地区筛选"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="全部地区"
            style={{ width: 180 }}
            value={regionCode}
            onChange={setRegion}
            options={REGIONS.map((r) => ({ value: r.code, label: r.name }))}
          />
          <Select
            aria-label="按状态筛选"
            allowClear
            placeholder="全部状态"
            style={{ width: 120 }}
            value={status}
            onChange={setStatus}
            options={REGISTRATION_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
          />
          <Typography.Text type="secondary" data-testid="registration-total">
            共 {data?.total ?? 0} 条
          </Typography.Text>
          <Button disabled title="导入报名表将在下一版本提供">
            导入报名表（即将提供）
          </Button>
        </Space>
        <Table<RegistrationRow>
          size="small"
          rowKey="id"
          loading={loading}
          virtual
          scroll={{ x: 1400, y: 560 }}
          pagination={false}
          dataSource={data?.rows ?? []}
          columns={[
            { title: '期次', width: 70, render: (_, r) => (r.sessionNumber ? `第${r.sessionNumber}期` : '未分期') },
            { title: '地区', width: 120, dataIndex: 'regionName' },
            { title: '姓名', width: 110, render: (_, r) => r.trainee.name },
            { title: '性别', width: 50, render: (_, r) => r.trainee.gender ?? '' },
            { title: '身份证号', width: 180, render: (_, r) => r.trainee.idNumber },
            { title: '职务', width: 130, render: (_, r) => r.trainee.position },
            { title: '企业名称', width: 260, render: (_, r) => r.enterprise.name },
            { title: '统一社会信用代码', width: 190, render: (_, r) => r.enterprise.creditCode },
            { title: '手机', width: 120, render: (_, r) => r.trainee.mobile },
            { title: '状态', width: 80, render: (_, r) => <Tag color={STATUS_COLORS[r.status]}>{STATUS_LABELS[r.status]}</Tag> },
          ]}
        />
      </Card>
    </div>
  );
}
