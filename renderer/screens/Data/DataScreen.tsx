import { App, Button, Card, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { backupReasonLabel } from '../../../shared/domain/backupReasons';
import type { AppInfo, AuditEntry, BackupInfo } from '../../../shared/domain/types';
import { call } from '../../api';
import { useLoad } from '../../components/useLoad';
import { useApp } from '../../stores/app';

/** One way to write a moment on this screen: backups carry local time, the audit trail ISO with zone. */
const when = (t: string) => dayjs(t).format('YYYY-MM-DD HH:mm:ss');

export function DataScreen() {
  const changed = useApp((s) => s.changed);
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [restoring, setRestoring] = useState<string | null>(null);
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

  const restore = (b: BackupInfo) =>
    modal.confirm({
      title: `从 ${when(b.createdAt)} 的备份恢复？`,
      width: 520,
      okText: '先备份当前数据，再恢复',
      okButtonProps: { danger: true },
      cancelText: '不恢复',
      content: (
        <div data-testid="restore-confirm">
          <Typography.Paragraph>
            当前数据会先另存为一份「{backupReasonLabel('before-restore')}」备份，然后用这份备份（{backupReasonLabel(b.reason)}，{b.file}
            ）替换当前数据文件中的全部内容：培训项目、期次、报名、设置和操作记录。
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            这份备份之后所做的修改不会出现在恢复后的数据中；需要时可从「恢复前」备份再恢复回来。
          </Typography.Paragraph>
        </div>
      ),
      onOk: async () => {
        setRestoring(b.file);
        try {
          const r = await call('backups.restore', { file: b.file });
          changed();
          message.success(`已从 ${when(r.restoredFrom.createdAt)} 的备份恢复；恢复前的数据已备份为 ${r.safetyBackup.file}`, 8);
        } finally {
          setRestoring(null);
        }
      },
    });

  return (
    <div>
      <h1 className="screen-title">数据与备份</h1>
      <Card size="small" title="数据文件">
        <Typography.Paragraph copyable={{ text: info?.dbPath }}>数据文件：{info?.dbPath ?? '…'}</Typography.Paragraph>
        <Typography.Text type="secondary">
          数据版本 {info?.schemaVersion ?? '…'} · 程序版本 {info?.version ?? '…'}。升级数据版本前、导入前、恢复前都会自动备份，保留最近 30
          份。
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
        <Table<BackupInfo>
          size="small"
          rowKey="file"
          loading={loading}
          dataSource={backups ?? []}
          pagination={{ pageSize: 8 }}
          columns={[
            { title: '时间', dataIndex: 'createdAt', width: 180, render: when },
            { title: '原因', dataIndex: 'reason', width: 140, render: backupReasonLabel },
            { title: '大小', dataIndex: 'bytes', width: 100, render: (b: number) => `${(b / 1024).toFixed(0)} KB` },
            { title: '文件', dataIndex: 'file', ellipsis: true },
            {
              title: '操作',
              width: 90,
              render: (_, b) => (
                <Button
                  size="small"
                  aria-label={`从 ${when(b.createdAt)} 的备份恢复`}
                  loading={restoring === b.file}
                  disabled={!!restoring}
                  onClick={() => restore(b)}
                >
                  恢复
                </Button>
              ),
            },
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
            { title: '时间', dataIndex: 'at', width: 180, render: when },
            { title: '操作员', dataIndex: 'operator', width: 120 },
            { title: '内容', dataIndex: 'summary' },
          ]}
        />
      </Card>
    </div>
  );
}
