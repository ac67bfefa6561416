/**
 * Import of the yearly follow-up tables regions collect (.xlsx): a dry run shows what would be
 * matched, created, updated and rejected, with every bad cell by row and column; then 确认导入.
 */
import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Modal, Table, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { FollowUpImportResult } from '../../../shared/domain/enterpriseFileTypes';
import { regionName } from '../../../shared/regions';
import { call } from '../../api';
import { pickedFromBrowser } from '../../components/files';
import { useApp } from '../../stores/app';

type ImportError = FollowUpImportResult['errors'][number];

export function FollowUpImport({ regionCode }: { regionCode?: string }) {
  const { message } = App.useApp();
  const changed = useApp((s) => s.changed);
  const input = useRef<HTMLInputElement>(null);
  const [dry, setDry] = useState<{ result: FollowUpImportResult; file: { path: string; name: string } } | null>(null);
  const [busy, setBusy] = useState(false);
  const check = async (f: File) => {
    setBusy(true);
    try {
      const picked = await pickedFromBrowser(f);
      const file = { path: picked.path, name: picked.name };
      setDry({ result: await call('followups.import', { file, regionCode, dryRun: true }), file });
    } finally {
      setBusy(false);
    }
  };
  const commit = async () => {
    if (!dry) return;
    setBusy(true);
    try {
      const r = await call('followups.import', { file: dry.file, regionCode, dryRun: false });
      message.success(`已导入跟踪表：新增 ${r.created} 条，更新 ${r.updated} 条${r.rejected ? `，${r.rejected} 行有错误未导入` : ''}`);
      setDry(null);
      changed();
    } finally {
      setBusy(false);
    }
  };
  const r = dry?.result;
  const importable = r ? r.created + r.updated : 0;
  return (
    <>
      <Button icon={<UploadOutlined />} loading={busy && !dry} onClick={() => input.current?.click()}>
        导入跟踪表
      </Button>
      <input
        ref={input}
        type="file"
        accept=".xlsx"
        hidden
        aria-label="跟踪表文件"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void check(f);
        }}
      />
      <Modal
        open={!!dry}
        width={960}
        title={dry ? `预检「${dry.file.name}」（尚未写入）` : ''}
        okText={`确认导入 ${importable} 行`}
        okButtonProps={{ disabled: !importable }}
        confirmLoading={busy}
        cancelText="取消"
        onOk={() => void commit()}
        onCancel={() => setDry(null)}
      >
        {r && (
          <>
            <Descriptions
              size="small"
              bordered
              column={6}
              aria-label="预检结果"
              items={[
                { label: '数据行', children: r.rows },
                { label: '匹配企业', children: r.matched },
                { label: '将新增', children: r.created },
                { label: '将更新', children: r.updated },
                { label: '有错误', children: <Typography.Text type={r.rejected ? 'danger' : undefined}>{r.rejected}</Typography.Text> },
                { label: '未找到企业', children: r.unmatched },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0' }}>
              按统一社会信用代码匹配企业；同一企业同一年度已有年度经营数据的，导入后以本表为准（原数值记入操作日志）。
              {regionCode ? `只导入${regionName(regionCode)}的企业。` : ''}有错误的行不导入。
            </Typography.Paragraph>
            {r.errors.length > 0 && (
              <>
                <Alert type="error" showIcon style={{ marginBottom: 8 }} title={`${r.errors.length} 处错误（这些行不导入）`} />
                <Table<ImportError & { key: number }>
                  size="small"
                  aria-label="错误明细"
                  dataSource={r.errors.map((e, key) => ({ ...e, key }))}
                  pagination={r.errors.length > 10 ? { pageSize: 10, size: 'small' } : false}
                  columns={[
                    { title: '行', dataIndex: 'row', width: 60 },
                    { title: '列', dataIndex: 'column', width: 160 },
                    { title: '说明', dataIndex: 'message' },
                  ]}
                />
              </>
            )}
            <Table
              size="small"
              style={{ marginTop: 8 }}
              pagination={false}
              rowKey="column"
              aria-label="列的对应"
              dataSource={r.columns}
              columns={[
                { title: '列', dataIndex: 'column', width: 50 },
                { title: '表头', dataIndex: 'header' },
                {
                  title: '对应',
                  dataIndex: 'note',
                  render: (n: string, c: FollowUpImportResult['columns'][number]) =>
                    c.field ? n : <Typography.Text type="secondary">{n}</Typography.Text>,
                },
              ]}
            />
          </>
        )}
      </Modal>
    </>
  );
}
