import { App, Button, Card, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { AppInfo, AuditEntry, BackupInfo } from '../../../shared/domain/types';
import { call } from '../../api';
import { useLoad } from '../../components/useLoad';
import { useApp } from '../../stores/app';

export function DataScreen() {
  const changed = useApp((s) => s.changed);
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const { data: info } = useLoad<AppInfo>(() => call('app.info', {}), []);
  const { data: backups, loading } = useLoad<BackupInfo[]>(() => call('backups.list', {}), []);
  const { data: audit } = useLoad<AuditEntry[]>(() => call('audit.list', { limit: 200 }), []);
  const backup = async () => {
    setBusy(true);
    try {
      const b = await call('backups.create', { reason: 'manual' });
      message.success(`已备份：${b.file}`);
      changed();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <h1 className="screen-title">数据与备份</h1>
      <Card size="small" title="数据文件">
        <Typography.Paragraph copyable={{ text: info?.dbPath }}>数据文件：{info?.dbPath ?? '…'}</Typography.Paragraph>
        <Typography.Text type="secondary">
          数据版本 {info?.schemaVersion ?? '…'} · 程序版本 {info?.version ?? '…'}。升级数据版本前、导入前都会自动备份，保留最近 30 份。
        </Typography.Text>
      </Card>
      <Card
        size="small"
        title="备份"
        style={{ marginTop: 16 }}
        extra={
          <Space>
            <Button type="primary" loading={busy} onClick={() => void backup()}>
              立即备份
            </Button>
          </Space>
        }
      >
        <Table
          size="small"
          rowKey="file"
          loading={loading}
          dataSource={backups ?? []}
          pagination={{ pageSize: 8 }}
          columns={[
            { title: '时间', dataIndex: 'createdAt', render: (t: string) => t.replace('T', ' ').slice(0, 19) },
            { title: '原因', dataIndex: 'reason' },
            { title: '大小', dataIndex: 'bytes', render: (b: number) => `${(b / 1024).toFixed(0)} KB` },
            { title: '文件', dataIndex: 'file' },
          ]}
        />
      </Card>
      <Card size="small" title="操作记录" style={{ marginTop: 16 }}>
        <Table
          size="small"
          rowKey="id"
          dataSource={audit ?? []}
          pagination={{ pageSize: 10 }}
          columns={[
            { title: '时间', dataIndex: 'at', width: 180, render: (t: string) => new Date(t).toLocaleString('zh-CN') },
            { title: '操作员', dataIndex: 'operator', width: 120 },
            { title: '内容', dataIndex: 'summary' },
          ]}
        />
      </Card>
    </div>
  );
}
