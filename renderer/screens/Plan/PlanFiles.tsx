/** The plan's files: 名额分配表 export and import (dry run, then apply), 工作信息表 import, copying last year's plan. */
import { App, Button, Form, Input, InputNumber, Modal } from 'antd';
import { useRef, useState } from 'react';
import type { ContactImportResult, QuotaGrid, QuotaImportResult } from '../../../shared/domain/quotas';
import type { ProgrammeSummary } from '../../../shared/domain/types';
import { call } from '../../api';
import { chooseSaveTarget, deliverExport, pickedFromBrowser, XLSX_FILTER } from '../../components/files';
import { useApp } from '../../stores/app';

function listed(items: string[], more: number): string {
  return items.join('；') + (more > 0 ? `；等共 ${items.length + more} 处` : '');
}

export function ImportButton({ label, kind, programmeId }: { label: string; kind: 'quotas' | 'contacts'; programmeId: number }) {
  const { modal, message } = App.useApp();
  const changed = useApp((s) => s.changed);
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const run = async (file: File) => {
    setBusy(true);
    try {
      const picked = await pickedFromBrowser(file);
      const f = { path: picked.path, name: picked.name };
      const dry: QuotaImportResult | ContactImportResult =
        kind === 'quotas'
          ? await call('quotas.import', { programmeId, file: f, dryRun: true })
          : await call('contacts.import', { programmeId, file: f, dryRun: true });
      if (dry.errors.length) {
        modal.error({
          title: `「${dry.fileName}」有 ${dry.errors.length} 处错误，未导入`,
          content: listed(
            dry.errors.slice(0, 8).map((e) => e.message),
            dry.errors.length - 8,
          ),
          width: 640,
        });
        return;
      }
      const summary =
        'changes' in dry
          ? dry.changes.length
            ? `将修改 ${dry.changes.length} 格：${dry.changes
                .slice(0, 12)
                .map((c) => `第${c.sessionNumber}期${c.regionName} ${c.from}→${c.to}`)
                .join('，')}${dry.changes.length > 12 ? '……' : ''}${dry.warnings.map((w) => `\n${w.message}`).join('')}`
            : '与当前名额完全相同，无需导入。'
          : `将写入：${dry.found.map((x) => x.regionName).join('、')}`;
      if ('changes' in dry && !dry.changes.length) return void message.info(summary);
      modal.confirm({
        title: `导入「${dry.fileName}」`,
        content: <div style={{ whiteSpace: 'pre-wrap' }}>{summary}</div>,
        okText: '导入',
        width: 640,
        onOk: async () => {
          const r =
            kind === 'quotas'
              ? await call('quotas.import', { programmeId, file: f, dryRun: false })
              : await call('contacts.import', { programmeId, file: f, dryRun: false });
          if (r.applied) message.success('已导入');
          changed();
        },
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button loading={busy} onClick={() => input.current?.click()}>
        {label}
      </Button>
      <input
        ref={input}
        type="file"
        accept=".xlsx"
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void run(file);
        }}
      />
    </>
  );
}

export function QuotaFileButtons({ grid }: { grid: QuotaGrid }) {
  const { message } = App.useApp();
  const exportIt = async () => {
    const to = await chooseSaveTarget(`${grid.year}年度各地名额分配表.xlsx`, [XLSX_FILTER]);
    if (!to) return;
    const f = await call('quotas.export', { programmeId: grid.programmeId, ...to });
    await deliverExport(f, (t) => message.success(t));
  };
  return (
    <>
      <Button onClick={() => void exportIt()}>导出名额分配表</Button>
      <ImportButton label="导入名额分配表" kind="quotas" programmeId={grid.programmeId} />
    </>
  );
}

export function CopyProgrammeModal({ programme, open, onClose }: { programme: ProgrammeSummary; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const { changed, selectProgramme, refresh } = useApp();
  const submit = async () => {
    const v = await form.validateFields();
    const r = await call('programmes.copy', { fromId: programme.id, year: v.year, title: v.title?.trim() || undefined });
    message.success(`已复制为 ${r.programme.year} 年「${r.programme.title}」：${r.sessions.length} 期，名额为草稿`);
    await refresh();
    selectProgramme(r.programme.id);
    changed();
    onClose();
  };
  return (
    <Modal
      title={`复制「${programme.title}」为新年度计划`}
      open={open}
      onOk={() => void submit()}
      onCancel={onClose}
      okText="复制"
      destroyOnHidden
    >
      <p>期次日期顺延到新年度，名额分配表作为草稿带过去（确认后生效），工作信息表一并复制。</p>
      <Form form={form} layout="vertical" initialValues={{ year: programme.year + 1 }}>
        <Form.Item name="year" label="新年度" rules={[{ required: true, message: '请填写年度' }]}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item name="title" label="项目名称（留空则把年份替换为新年度）">
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
