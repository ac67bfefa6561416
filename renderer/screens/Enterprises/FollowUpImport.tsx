/**
 * Import of the yearly follow-up tables regions collect (.xlsx): a dry run shows what would be
 * matched, created, updated and rejected, with every bad cell by row and column; then 确认导入.
 */
import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Modal, Table, Typography } from 'antd';
import type { FollowUpImportResult } from '../../../shared/domain/enterpriseFileTypes';
import { regionName } from '../../../shared/regions';
import { call } from '../../api';
import { ImportColumns, useDryRunImport } from '../../components/DryRunImport';
import { useApp } from '../../stores/app';

type ImportError = FollowUpImportResult['errors'][number];

export function FollowUpImport({ regionCode }: { regionCode?: string }) {
  const { message } = App.useApp();
  const changed = useApp((s) => s.changed);
  const { dry, setDry, busy, pick, commit, fileInput } = useDryRunImport(
    (file, dryRun) => call('followups.import', { file, regionCode, dryRun }),
    { accept: '.xlsx', label: '跟踪表文件' },
  );
  const confirm = async () => {
    const r = await commit();
    if (!r) return;
    message.success(`已导入跟踪表：新增 ${r.created} 条，更新 ${r.updated} 条${r.rejected ? `，${r.rejected} 行有错误未导入` : ''}`);
    setDry(null);
    changed();
  };
  const r = dry?.result;
  const importable = r ? r.created + r.updated : 0;
  return (
    <>
      <Button icon={<UploadOutlined />} loading={busy && !dry} onClick={pick}>
        导入跟踪表
      </Button>
      {fileInput}
      <Modal
        open={!!dry}
        width={960}
        title={dry ? `预检「${dry.file.name}」（尚未写入）` : ''}
        okText={`确认导入 ${importable} 行`}
        okButtonProps={{ disabled: !importable }}
        confirmLoading={busy}
        cancelText="取消"
        onOk={() => void confirm()}
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
            <ImportColumns columns={r.columns} used={(c) => !!c.field} />
          </>
        )}
      </Modal>
    </>
  );
}
