import { App, Button, Card, Checkbox, InputNumber, Input, Radio, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { CertificateSettings } from '../../../shared/certificateContract';
import type { WrittenFile } from '../../../shared/domain/importTypes';
import { bridge, call } from '../../api';
import { chooseSaveTarget, deliverExport, PDF_FILTER } from '../../components/files';
import { useSavedNotice } from '../../components/SavedNotice';
import { useApp } from '../../stores/app';

/**
 * Printing: one PDF of the session or one file per trainee (编号-姓名.pdf) into a folder; 套打 on
 * pre-printed paper with a printer's X/Y offsets, measured on the calibration page.
 */
export function ExportCard(props: {
  sessionId: number;
  sessionNumber: number;
  programmeId: number;
  printers: CertificateSettings['printers'];
}) {
  const { message } = App.useApp();
  const changed = useApp((s) => s.changed);
  const [separate, setSeparate] = useState(false);
  const [preprinted, setPreprinted] = useState(false);
  const [printer, setPrinter] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [newPrinter, setNewPrinter] = useState('');
  const [offsets, setOffsets] = useState<Record<string, { dx: number; dy: number }>>({});

  const notify = useSavedNotice();

  async function exportPdf() {
    setBusy(true);
    try {
      const pre = preprinted ? { preprinted: { printer } } : {};
      if (separate) {
        const b = bridge();
        let outDir: string | undefined;
        if (b) {
          const chosen = await b.files.chooseFolder({ title: '选择保存证书的文件夹' });
          if (!chosen) return;
          outDir = chosen;
        }
        const r = await call('certificates.export', { sessionId: props.sessionId, separate: true, outDir, ...pre });
        notify(`已生成 ${r.certificates} 份证书（每人一个文件）：${r.path}`, b ? () => void b.files.showInFolder(r.path) : undefined);
        return;
      }
      const target = await chooseSaveTarget(`结业证书-第${props.sessionNumber}期${preprinted ? '-套打' : ''}.pdf`, [PDF_FILTER]);
      if (!target) return;
      const r = await call('certificates.export', { sessionId: props.sessionId, separate: false, ...target, ...pre });
      await deliverExport(r, (t, reveal) => notify(`${t}（${r.certificates} 份证书）`, reveal));
    } catch {
      // Shown by the error centre.
    } finally {
      setBusy(false);
    }
  }

  async function calibration() {
    const target = await chooseSaveTarget(`套打校准页${printer ? `-${printer}` : ''}.pdf`, [PDF_FILTER]);
    if (!target) return;
    try {
      const r: WrittenFile = await call('certificates.calibration', { programmeId: props.programmeId, printer, ...target });
      await deliverExport(r, notify);
    } catch {
      // Shown by the error centre.
    }
  }

  async function saveOffset(name: string, dx: number, dy: number) {
    try {
      await call('certificates.printerOffset', { printer: name, dx, dy });
      message.success(`已保存打印机「${name}」的偏移`);
      changed();
    } catch {
      // Shown by the error centre.
    }
  }

  const rows = props.printers.map((p) => ({ ...p, ...offsets[p.printer] }));
  return (
    <Card size="small" title="打印与导出">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Radio.Group
            aria-label="导出方式"
            value={separate}
            onChange={(e) => setSeparate(e.target.value as boolean)}
            options={[
              { value: false, label: '全部证书合为一个 PDF' },
              { value: true, label: '每人一个文件（编号-姓名.pdf）' },
            ]}
          />
          <Checkbox checked={preprinted} onChange={(e) => setPreprinted(e.target.checked)}>
            套打（只印变动文字）
          </Checkbox>
          {preprinted && (
            <Select
              aria-label="套打打印机"
              allowClear
              placeholder="打印机（不偏移）"
              style={{ width: 200 }}
              value={printer}
              onChange={setPrinter}
              options={props.printers.map((p) => ({ value: p.printer, label: `${p.printer}（X ${p.dx}，Y ${p.dy} 毫米）` }))}
            />
          )}
          <Button type="primary" loading={busy} onClick={() => void exportPdf()}>
            导出证书
          </Button>
          <Button onClick={() => void calibration()}>打印套打校准页</Button>
        </Space>
        <Typography.Text type="secondary">
          套打：先用预印证书纸打印校准页，量出十字线与应在位置的偏差（向右、向下为正），填入该打印机的偏移后再打印证书。
        </Typography.Text>
        <Table
          size="small"
          rowKey="printer"
          pagination={false}
          dataSource={rows}
          locale={{ emptyText: '尚未登记打印机偏移' }}
          aria-label="打印机偏移"
          columns={[
            { title: '打印机', dataIndex: 'printer' },
            ...(['dx', 'dy'] as const).map((k) => ({
              title: k === 'dx' ? 'X 偏移（毫米）' : 'Y 偏移（毫米）',
              render: (_: unknown, r: (typeof rows)[number]) => (
                <InputNumber
                  aria-label={`${r.printer} ${k === 'dx' ? 'X' : 'Y'} 偏移`}
                  step={0.5}
                  min={-50}
                  max={50}
                  value={r[k]}
                  onChange={(v) => setOffsets((o) => ({ ...o, [r.printer]: { dx: r.dx, dy: r.dy, [k]: v ?? 0 } }))}
                />
              ),
            })),
            {
              title: '',
              render: (_: unknown, r: (typeof rows)[number]) => (
                <Button size="small" onClick={() => void saveOffset(r.printer, r.dx, r.dy)}>
                  保存
                </Button>
              ),
            },
          ]}
        />
        <Space>
          <Input
            aria-label="新打印机名称"
            placeholder="打印机名称"
            value={newPrinter}
            onChange={(e) => setNewPrinter(e.target.value)}
            style={{ width: 200 }}
          />
          <Button
            disabled={!newPrinter.trim()}
            onClick={() => {
              void saveOffset(newPrinter.trim(), 0, 0);
              setNewPrinter('');
            }}
          >
            添加打印机
          </Button>
        </Space>
      </Space>
    </Card>
  );
}
