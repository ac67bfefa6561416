import { Alert, App, Button, Card, Space, Statistic } from 'antd';
import { useState } from 'react';
import type { CertificateRecord, CertificateSettings } from '../../../shared/certificateContract';
import type { CompletionResult } from '../../../shared/domain/attendanceTypes';
import type { ChineseDateStyle } from '../../../shared/domain/chineseDate';
import type { Programme, SessionSummary } from '../../../shared/domain/types';
import { call } from '../../api';
import { useLoad } from '../../components/useLoad';
import { useApp } from '../../stores/app';
import { CompletionTable } from './CompletionTable';
import { ExportCard } from './ExportCard';
import { IssueBar } from './IssueBar';
import { PrintPreview } from './PrintPreview';
import { ReasonDialog } from './ReasonDialog';
import { RegisterTable } from './RegisterTable';
import { useImage } from './useImage';

/** One session: who completed, issuing numbers, the register with 补发 and 撤销, and printing. */
export function IssuePanel({
  session,
  settings,
  programme,
}: {
  session: SessionSummary;
  settings: CertificateSettings;
  programme: Programme;
}) {
  const { message } = App.useApp();
  const changed = useApp((s) => s.changed);
  const results = useLoad<CompletionResult[]>(() => call('completion.results', { sessionId: session.id }), [session.id]);
  const register = useLoad<CertificateRecord[]>(() => call('certificates.register', { sessionId: session.id }), [session.id]);
  const [busy, setBusy] = useState(false);
  const [previewing, setPreviewing] = useState(false);
  const seal = useImage(previewing ? settings.template.seal.image : null);
  const background = useImage(previewing ? settings.template.background : null);
  const [action, setAction] = useState<{ kind: 'reissue' | 'revoke'; number: string; name: string } | null>(null);

  const records = register.data ?? [];
  const withNumber = new Set(records.map((r) => r.registrationId));
  const completed = (results.data ?? []).filter((r) => r.completed === true);
  const eligibleWithout = completed.filter((r) => !withNumber.has(r.registrationId)).length;

  async function issue(issueDate: string) {
    setBusy(true);
    try {
      const r = await call('certificates.issue', { sessionId: session.id, issueDate });
      message.success(
        r.issued.length
          ? `已发放 ${r.issued.length} 份证书：${r.issued[0].number}${r.issued.length > 1 ? ` 至 ${r.issued[r.issued.length - 1].number}` : ''}`
          : '没有新的证书可发放',
      );
      changed();
    } catch {
      // Shown by the error centre.
    } finally {
      setBusy(false);
    }
  }

  async function setDateStyle(dateStyle: ChineseDateStyle) {
    try {
      await call('certificates.settings.set', { programmeId: settings.programmeId, template: { ...settings.template, dateStyle } });
      changed();
    } catch {
      // Shown by the error centre.
    }
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title="结业判定">
        <Space size="large" style={{ marginBottom: 12 }}>
          <Statistic title="学员" value={results.data?.length ?? 0} />
          <Statistic title="结业" value={completed.length} />
          <Statistic title="未结业 / 待定" value={(results.data?.length ?? 0) - completed.length} />
          <Statistic title="已发证书" value={records.filter((r) => r.status === 'valid').length} />
        </Space>
        <CompletionTable results={results.data ?? []} loading={results.loading} />
      </Card>
      <Card
        size="small"
        title="发放证书与登记簿"
        extra={
          <Button size="small" disabled={!records.some((r) => r.status === 'valid')} onClick={() => setPreviewing(true)}>
            打印预览
          </Button>
        }
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <IssueBar
            key={session.id}
            defaultDate={session.endDate ?? new Date().toISOString().slice(0, 10)}
            dateStyle={settings.template.dateStyle}
            onDateStyle={(s) => void setDateStyle(s)}
            eligibleWithout={eligibleWithout}
            busy={busy}
            onIssue={(d) => void issue(d)}
          />
          {completed.length === 0 && !results.loading && (
            <Alert type="info" showIcon title="本期还没有结业学员：结业按考勤规则判定，或在「签到考勤」中人工认定。" />
          )}
          <RegisterTable
            records={records}
            loading={register.loading}
            onAction={(kind, r) => setAction({ kind, number: r.number, name: r.name })}
          />
        </Space>
      </Card>
      <ExportCard sessionId={session.id} sessionNumber={session.number} programmeId={settings.programmeId} printers={settings.printers} />
      <PrintPreview
        open={previewing}
        onClose={() => setPreviewing(false)}
        records={records}
        template={settings.template}
        programme={programme}
        session={session}
        seal={seal}
        background={background}
      />
      <ReasonDialog
        action={action}
        onClose={() => setAction(null)}
        onSubmit={async (reason) => {
          if (!action) return;
          const r = await call(action.kind === 'reissue' ? 'certificates.reissue' : 'certificates.revoke', {
            number: action.number,
            reason,
          });
          message.success(action.kind === 'reissue' ? `已补发证书 ${r.number}（${r.name}）` : `已撤销证书 ${r.number}（${r.name}）`);
          setAction(null);
          changed();
        }}
      />
    </Space>
  );
}
