/** Import of a survey tool's export: a dry run shows how each column was read and every bad cell, then the import. */
import { Alert, App, Button, Modal, Table, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { EvaluationImportResult } from '../../../shared/domain/evaluationTypes';
import { call } from '../../api';
import { pickedFromBrowser } from '../../components/files';
import { useApp } from '../../stores/app';

export function EvaluationImport({ sessionId }: { sessionId: number }) {
  const { message } = App.useApp();
  const changed = useApp((s) => s.changed);
  const input = useRef<HTMLInputElement>(null);
  const [dry, setDry] = useState<{ result: EvaluationImportResult; file: { path: string; name: string } } | null>(null);
  const [busy, setBusy] = useState(false);
  const check = async (f: File) => {
    setBusy(true);
    try {
      const picked = await pickedFromBrowser(f);
      const file = { path: picked.path, name: picked.name };
      setDry({ result: await call('evaluation.import', { sessionId, file, dryRun: true }), file });
    } finally {
      setBusy(false);
    }
  };
  const commit = async () => {
    if (!dry) return;
    const r = await call('evaluation.import', { sessionId, file: dry.file, dryRun: false });
    message.success(`已导入 ${r.imported} 份问卷${r.rejected ? `，${r.rejected} 行有错误未导入` : ''}`);
    setDry(null);
    changed();
  };
  return (
    <>
      <Typography.Paragraph type="secondary">
        问卷星等问卷工具导出的 .xlsx：每行一份问卷，每列一道题；单元格可为「非常满意 … 非常不满意」或
        1–5，可混用，空白为未作答。提交时间、IP 等列和姓名等个人信息列不导入（评价为匿名）。
      </Typography.Paragraph>
      <Button loading={busy} onClick={() => input.current?.click()}>
        选择问卷数据文件…
      </Button>
      <input
        ref={input}
        type="file"
        accept=".xlsx,.csv"
        hidden
        aria-label="问卷数据文件"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void check(f);
        }}
      />
      <Modal
        open={!!dry}
        width={900}
        title={dry ? `预检「${dry.file.name}」：可导入 ${dry.result.valid} 份，有错误 ${dry.result.rejected} 行` : ''}
        okText={`导入 ${dry?.result.valid ?? 0} 份`}
        okButtonProps={{ disabled: !dry?.result.valid }}
        onOk={() => void commit()}
        onCancel={() => setDry(null)}
      >
        {dry && dry.result.errors.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title={`${dry.result.errors.length} 处错误（这些行不导入）`}
            description={
              <ul style={{ margin: 0 }}>
                {dry.result.errors.slice(0, 20).map((e, i) => (
                  <li key={i}>{e.message}</li>
                ))}
              </ul>
            }
          />
        )}
        {dry && (
          <Table
            size="small"
            pagination={false}
            rowKey="column"
            aria-label="列的对应"
            dataSource={dry.result.columns}
            columns={[
              { title: '列', dataIndex: 'column', width: 50 },
              { title: '表头', dataIndex: 'header' },
              {
                title: '对应',
                dataIndex: 'note',
                render: (n: string, c) => (c.question ? n : <Typography.Text type="secondary">{n}</Typography.Text>),
              },
            ]}
          />
        )}
      </Modal>
    </>
  );
}
