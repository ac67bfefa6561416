/** The evaluation's printable files for the chosen session: the questionnaire to print and the results report (Excel or PDF). */
import { FileExcelOutlined, FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Space } from 'antd';
import { useState } from 'react';
import type { WrittenFile } from '../../../shared/domain/importTypes';
import { call } from '../../api';
import { chooseSaveTarget, deliverExport, PDF_FILTER, XLSX_FILTER } from '../../components/files';

type Kind = 'questionnaire' | 'xlsx' | 'pdf';

export function EvaluationFiles({ sessionId }: { sessionId: number }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<Kind | null>(null);

  async function save(kind: Kind) {
    const [name, filter] =
      kind === 'questionnaire'
        ? ['评价问卷.pdf', PDF_FILTER]
        : kind === 'xlsx'
          ? ['培训效果评价.xlsx', XLSX_FILTER]
          : ['培训效果评价.pdf', PDF_FILTER];
    setBusy(kind);
    try {
      const target = await chooseSaveTarget(name, [filter]);
      if (!target) return;
      let written: WrittenFile;
      if (kind === 'questionnaire') written = await call('evaluation.questionnairePdf', { sessionId, ...target });
      else if (kind === 'xlsx') written = await call('evaluation.reportXlsx', { sessionId, ...target });
      else written = await call('evaluation.reportPdf', { sessionId, ...target });
      await deliverExport(written, (text) => void message.success(text));
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Space wrap>
      <Button icon={<PrinterOutlined />} loading={busy === 'questionnaire'} disabled={!!busy} onClick={() => void save('questionnaire')}>
        打印问卷（PDF）
      </Button>
      <Button icon={<FileExcelOutlined />} loading={busy === 'xlsx'} disabled={!!busy} onClick={() => void save('xlsx')}>
        导出评价报告（Excel）
      </Button>
      <Button icon={<FilePdfOutlined />} loading={busy === 'pdf'} disabled={!!busy} onClick={() => void save('pdf')}>
        导出评价报告（PDF）
      </Button>
    </Space>
  );
}
