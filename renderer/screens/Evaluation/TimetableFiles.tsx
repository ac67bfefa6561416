/**
 * The timetable's files beside its editor: 从 Excel 导入 (the institution's .xlsx; a dry run shows
 * each course with its slot, the rows left aside and every error, then 确认导入 replaces the
 * timetable) and 打印课程表 (the A4 PDF).
 */
import { FilePdfOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Modal, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { TimetableImportResult } from '../../../shared/domain/evaluationTypes';
import { call } from '../../api';
import { ImportProblems, useDryRunImport } from '../../components/DryRunImport';
import { chooseSaveTarget, deliverExport, PDF_FILTER } from '../../components/files';
import { useApp } from '../../stores/app';

export function TimetableFiles({
  sessionId,
  onImported,
}: {
  sessionId: number;
  /** The timetable as imported, for the editor beside (its rows are a draft of their own). */
  onImported: (courses: TimetableImportResult['courses']) => void;
}) {
  const { message } = App.useApp();
  const changed = useApp((s) => s.changed);
  const {
    dry,
    setDry,
    busy: checking,
    pick,
    commit,
    fileInput,
  } = useDryRunImport((file, dryRun) => call('timetable.import', { sessionId, file, dryRun }), { accept: '.xlsx', label: '课程表文件' });
  const [printing, setPrinting] = useState(false);
  const busy = checking ? 'import' : printing ? 'pdf' : null;
  const confirm = async () => {
    const r = await commit();
    if (!r || !dry) return;
    // Refused at commit (the stored timetable changed since the check): the reasons replace the preview.
    if (!r.written) return setDry({ ...dry, result: r });
    void message.success(`课程表已导入：${r.courses.length} 门课程（保留 ${r.kept}，新增 ${r.added}，删除 ${r.removed}）`);
    setDry(null);
    onImported(r.courses);
    changed();
  };
  const print = async () => {
    setPrinting(true);
    try {
      const target = await chooseSaveTarget('课程表.pdf', [PDF_FILTER]);
      if (!target) return;
      await deliverExport(await call('timetable.pdf', { sessionId, ...target }), (text) => void message.success(text));
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setPrinting(false);
    }
  };

  const r = dry?.result;
  return (
    <Space>
      <Button icon={<UploadOutlined />} loading={busy === 'import'} disabled={!!busy} onClick={pick}>
        从 Excel 导入
      </Button>
      <Button icon={<FilePdfOutlined />} loading={busy === 'pdf'} disabled={!!busy} onClick={() => void print()}>
        打印课程表
      </Button>
      {fileInput}
      <Modal
        open={!!dry}
        width={980}
        title={r && dry ? `预检「${dry.file.name}」：${r.courses.length} 门课程，${r.errors.length} 处错误` : ''}
        okText="确认导入"
        okButtonProps={{ disabled: !r || r.errors.length > 0 || !r.courses.length }}
        onOk={() => void confirm()}
        onCancel={() => setDry(null)}
      >
        {r && (
          <>
            <Typography.Paragraph>
              导入后替换本期课程表：保留 {r.kept} 门（评价不变），新增 {r.added} 门，删除 {r.removed} 门。
            </Typography.Paragraph>
            <ImportProblems items={r.errors} title={`${r.errors.length} 处错误：请修改文件后重新选择（有错误时不导入）`} />
            <ImportProblems items={r.warnings} type="info" title="未作为课程导入的行" />
            <Table
              size="small"
              pagination={false}
              rowKey="row"
              aria-label="导入的课程"
              dataSource={r.courses}
              scroll={{ y: 320 }}
              columns={[
                { title: '行', dataIndex: 'row', width: 50 },
                { title: '日期', dataIndex: 'date', width: 100 },
                { title: '时段', dataIndex: 'part', width: 60 },
                { title: '课程', dataIndex: 'title' },
                { title: '授课教师', render: (_, c) => [c.teacher, c.teacherTitle].filter(Boolean).join('，'), width: 220 },
                { title: '形式', dataIndex: 'kind', width: 80 },
                { title: '说明', dataIndex: 'note', width: 160 },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              列的对应：{r.columns.map((c) => `${c.column} 列「${c.header}」→ ${c.field ? c.note : '未导入'}`).join('；')}
            </Typography.Paragraph>
          </>
        )}
      </Modal>
    </Space>
  );
}
