/** One enterprise's file: its details, the trainees it sent, its follow-up records, a timeline and the figures year by year. */
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Descriptions, Drawer, Empty, Space, Spin, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import type { EnterpriseFile, EnterpriseTraining, FollowUp } from '../../../shared/domain/enterpriseFileTypes';
import { FIGURE_KEYS, FIGURE_LABELS } from '../../../shared/domain/enterpriseFileTypes';
import { STATUS_LABELS, type RegistrationStatus } from '../../../shared/domain/types';
import { call } from '../../api';
import { useLoad } from '../../components/useLoad';
import { useApp } from '../../stores/app';
import { formatFigure, shortQualification, timelineColour } from './enterpriseDisplay';
import { FollowUpDelete } from './FollowUpDelete';
import { FollowUpForm } from './FollowUpForm';
import { YearlyTable } from './YearlyTable';

export function EnterpriseDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { data, loading } = useLoad(() => (id ? call('enterprises.get', { id }) : null), [id]);
  const file = data && data.id === id ? data : null;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={Math.min(1080, window.innerWidth - 120)}
      title={file ? `信息档案：${file.name}` : '信息档案'}
      destroyOnHidden
    >
      {!file ? loading ? <Spin /> : <Empty /> : <FileBody file={file} />}
    </Drawer>
  );
}

function FileBody({ file }: { file: EnterpriseFile }) {
  const { message } = App.useApp();
  const changed = useApp((s) => s.changed);
  const [editing, setEditing] = useState<FollowUp | 'new' | null>(null);
  const [deleting, setDeleting] = useState<FollowUp | null>(null);
  return (
    <>
      <Descriptions
        size="small"
        bordered
        column={3}
        items={[
          { label: '统一社会信用代码', children: file.creditCode },
          { label: '地区', children: file.regionName },
          { label: '行业', children: file.industry || '—' },
          { label: '成立日期', children: file.foundedOn ?? '—' },
          { label: '员工人数（报名表）', children: file.employees === null ? '—' : `${formatFigure(file.employees)} 人` },
          { label: '营业收入（报名表）', children: file.revenueWan === null ? '—' : `${formatFigure(file.revenueWan)} 万元` },
          {
            label: '资质',
            span: 2,
            children: file.qualifications.length
              ? file.qualifications.map((q) => (
                  <Tag key={q} title={q}>
                    {shortQualification(q)}
                  </Tag>
                ))
              : '—',
          },
          { label: '参训年度', children: file.yearsTrained.length ? file.yearsTrained.map((y) => `${y}年`).join('、') : '—' },
        ]}
      />
      <Tabs
        style={{ marginTop: 8 }}
        items={[
          {
            key: 'training',
            label: `参训记录（${file.training.length}）`,
            children: <TrainingTable rows={file.training} />,
          },
          {
            key: 'followups',
            label: `跟踪记录（${file.followUps.length}）`,
            children: (
              <>
                <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 8 }} onClick={() => setEditing('new')}>
                  新增跟踪记录
                </Button>
                <FollowUpTable rows={file.followUps} onEdit={setEditing} onDelete={setDeleting} />
              </>
            ),
          },
          {
            key: 'timeline',
            label: '时间线',
            children: file.timeline.length ? (
              <Timeline
                aria-label="时间线"
                items={file.timeline.map((t, i) => ({
                  key: i,
                  color: timelineColour(t),
                  content: (
                    <span>
                      <Typography.Text type="secondary">{t.date}</Typography.Text> <Tag color={timelineColour(t)}>{t.kind}</Tag>
                      {t.text}
                    </span>
                  ),
                }))}
              />
            ) : (
              <Empty description="暂无记录" />
            ),
          },
          {
            key: 'yearly',
            label: '逐年数据',
            children: <YearlyTable rows={file.yearly} />,
          },
        ]}
      />
      <FollowUpForm
        enterprise={file}
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={(isNew) => {
          message.success(isNew ? '已新增跟踪记录' : '已保存跟踪记录');
          setEditing(null);
          changed();
        }}
      />
      <FollowUpDelete
        target={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={() => {
          message.success('已删除跟踪记录');
          setDeleting(null);
          changed();
        }}
      />
    </>
  );
}

function TrainingTable({ rows }: { rows: EnterpriseTraining[] }) {
  return (
    <Table<EnterpriseTraining>
      size="small"
      rowKey="registrationId"
      pagination={false}
      aria-label="参训记录"
      dataSource={rows}
      locale={{ emptyText: '没有参训记录' }}
      columns={[
        { title: '年度', dataIndex: 'programmeYear', width: 70, render: (y: number) => `${y}年` },
        { title: '期次', dataIndex: 'sessionNumber', width: 70, render: (n: number | null) => (n ? `第${n}期` : '未分期') },
        { title: '学员', dataIndex: 'traineeName', width: 90 },
        { title: '职务', dataIndex: 'position', width: 130, ellipsis: true },
        {
          title: '报名状态',
          dataIndex: 'status',
          width: 90,
          render: (s: string) => STATUS_LABELS[s as RegistrationStatus] ?? s,
        },
        {
          title: '结业',
          dataIndex: 'completed',
          width: 80,
          render: (c: boolean | null) => (c === null ? '—' : c ? <Tag color="green">结业</Tag> : <Tag>未结业</Tag>),
        },
        { title: '证书编号', dataIndex: 'certificateNo', width: 150, render: (n: string | null) => n ?? '—' },
      ]}
    />
  );
}

function FollowUpTable(props: { rows: FollowUp[]; onEdit: (f: FollowUp) => void; onDelete: (f: FollowUp) => void }) {
  return (
    <Table<FollowUp>
      size="small"
      rowKey="id"
      pagination={false}
      aria-label="跟踪记录"
      dataSource={props.rows}
      scroll={{ x: 1040 }}
      locale={{ emptyText: '还没有跟踪记录' }}
      columns={[
        { title: '日期', dataIndex: 'date', width: 96 },
        {
          title: '类型',
          dataIndex: 'kind',
          width: 110,
          render: (k: string, r) => (
            <span>
              {k}
              {r.source === 'import' && (
                <Tag style={{ marginLeft: 4 }} title="由跟踪表导入">
                  导入
                </Tag>
              )}
            </span>
          ),
        },
        { title: '数据年度', dataIndex: 'year', width: 72, render: (y: number | null) => (y ? `${y}年` : '—') },
        ...FIGURE_KEYS.map((k) => ({
          title: FIGURE_LABELS[k],
          key: k,
          width: 84,
          align: 'right' as const,
          render: (_: unknown, r: FollowUp) => formatFigure(r[k]),
        })),
        {
          title: '资质变化',
          width: 120,
          render: (_, r) => (
            <Space size={[0, 4]} wrap>
              {r.gained.map((q) => (
                <Tag key={`+${q}`} color="green" title={`获得 ${q}`}>
                  +{shortQualification(q)}
                </Tag>
              ))}
              {r.lost.map((q) => (
                <Tag key={`-${q}`} color="red" title={`失去 ${q}`}>
                  −{shortQualification(q)}
                </Tag>
              ))}
            </Space>
          ),
        },
        { title: '备注', dataIndex: 'notes', ellipsis: true, render: (n: string) => <span title={n}>{n}</span> },
        {
          title: '操作',
          width: 96,
          fixed: 'right',
          render: (_, r) => (
            <Space size={0}>
              <Button size="small" type="link" aria-label={`修改 ${r.date} 的跟踪记录`} onClick={() => props.onEdit(r)}>
                修改
              </Button>
              <Button size="small" type="link" danger aria-label={`删除 ${r.date} 的跟踪记录`} onClick={() => props.onDelete(r)}>
                删除
              </Button>
            </Space>
          ),
        },
      ]}
    />
  );
}
