/** Import of a survey tool's export: a dry run shows how each column was read and every bad cell, then the import. */
import { App, Button, Modal, Typography } from 'antd';
import { call } from '../../api';
import { ImportColumns, ImportProblems, useDryRunImport } from '../../components/DryRunImport';
import { useApp } from '../../stores/app';

export function EvaluationImport({ sessionId }: { sessionId: number }) {
  const { message } = App.useApp();
  const changed = useApp((s) => s.changed);
  const { dry, setDry, busy, pick, commit, fileInput } = useDryRunImport(
    (file, dryRun) => call('evaluation.import', { sessionId, file, dryRun }),
    { accept: '.xlsx,.csv', label: '问卷数据文件' },
  );
  const confirm = async () => {
    const r = await commit();
    if (!r) return;
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
      <Button loading={busy} onClick={pick}>
        选择问卷数据文件…
      </Button>
      {fileInput}
      <Modal
        open={!!dry}
        width={900}
        title={dry ? `预检「${dry.file.name}」：可导入 ${dry.result.valid} 份，有错误 ${dry.result.rejected} 行` : ''}
        okText={`导入 ${dry?.result.valid ?? 0} 份`}
        okButtonProps={{ disabled: !dry?.result.valid }}
        onOk={() => void confirm()}
        onCancel={() => setDry(null)}
      >
        {dry && (
          <>
            <ImportProblems items={dry.result.errors} title={`${dry.result.errors.length} 处错误（这些行不导入）`} />
            <ImportColumns columns={dry.result.columns} used={(c) => !!c.question} />
          </>
        )}
      </Modal>
    </>
  );
}
