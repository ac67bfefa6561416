/**
 * 结业名单: close the session (locks attendance and completion), reopen it with a reason, export
 * the signed roster as Excel and PDF, and check a roster file someone sent back — listing each
 * change the signature check found.
 */
import { Alert, App, Button, Card, Input, Modal, Result, Space, Table, Tag, Timeline, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { RosterVerification, SessionClosure } from '../../../shared/certifiedRosterContract';
import type { RosterChange } from '../../../shared/domain/certifiedRoster';
import { ApiError, call } from '../../api';
import { chooseSaveTarget, deliverExport, pickedFromBrowser, PDF_FILTER, XLSX_FILTER } from '../../components/files';
import { useLoad } from '../../components/useLoad';
import { useSavedNotice } from '../../components/SavedNotice';
import { useApp } from '../../stores/app';

const where = (c: RosterChange) => (c.row === null ? '—' : c.row === 0 ? '表头' : `第 ${c.row} 行`);

function ReasonDialog(props: {
  title: string;
  required: boolean;
  open: boolean;
  onOk: (reason: string) => Promise<void>;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      title={props.title}
      open={props.open}
      okText="确定"
      cancelText="取消"
      confirmLoading={busy}
      okButtonProps={{ disabled: props.required && !reason.trim() }}
      onCancel={props.onClose}
      onOk={async () => {
        setBusy(true);
        try {
          await props.onOk(reason.trim());
          setReason('');
          props.onClose();
        } catch {
          // reported by the error centre
        } finally {
          setBusy(false);
        }
      }}
    >
      <Input.TextArea
        aria-label="原因"
        rows={3}
        maxLength={500}
        placeholder={props.required ? '请填写原因（必填），将记入操作日志' : '说明（可不填），将记入操作日志'}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
    </Modal>
  );
}

function Verification({ r }: { r: RosterVerification }) {
  return (
    <Card size="small" data-testid={r.valid ? 'roster-valid' : 'roster-invalid'}>
      <Result
        status={r.valid ? 'success' : 'error'}
        title={r.valid ? '结业名单有效' : '结业名单无效'}
        subTitle={r.message}
        style={{ padding: 12 }}
      />
      {r.fingerprint && <Typography.Paragraph type="secondary">文件中的签名密钥指纹：{r.fingerprint}</Typography.Paragraph>}
      {r.changes.length > 0 && (
        <Table<RosterChange>
          size="small"
          rowKey={(_, i) => String(i)}
          pagination={r.changes.length > 20 ? { pageSize: 20 } : false}
          dataSource={r.changes}
          columns={[
            { title: '行', render: (_, c) => where(c), width: 90 },
            { title: '项目', render: (_, c) => c.column ?? '整行', width: 120 },
            { title: '签名时的内容', render: (_, c) => c.before ?? <Tag>无（新增）</Tag> },
            { title: '文件中的内容', render: (_, c) => c.after ?? <Tag color="red">已删除</Tag> },
          ]}
        />
      )}
    </Card>
  );
}

export function CertifiedRosterPanel({ sessionId }: { sessionId: number }) {
  const { message } = App.useApp();
  const saved = useSavedNotice();
  const changed = useApp((s) => s.changed);
  const closure = useLoad<SessionClosure>(() => call('sessions.closure', { sessionId }), [sessionId]);
  const [dialog, setDialog] = useState<'close' | 'reopen' | null>(null);
  const [busy, setBusy] = useState<'xlsx' | 'pdf' | 'verify' | null>(null);
  const [result, setResult] = useState<RosterVerification | null>(null);
  const c = closure.data;

  async function exportAs(format: 'xlsx' | 'pdf') {
    const target = await chooseSaveTarget(`结业名单-第${c?.sessionNumber ?? ''}期.${format}`, [
      format === 'xlsx' ? XLSX_FILTER : PDF_FILTER,
    ]);
    if (!target) return;
    setBusy(format);
    try {
      const written = await call('certifiedRoster.export', { sessionId, format, ...target });
      await deliverExport(written, (text, reveal) => saved(`${text}（${written.rows} 人，签名密钥指纹 ${written.fingerprint}）`, reveal));
    } catch {
      // reported by the error centre
    } finally {
      setBusy(null);
    }
  }

  async function verify(file: File) {
    setBusy('verify');
    setResult(null);
    try {
      const picked = await pickedFromBrowser(file);
      setResult(await call('certifiedRoster.verify', { path: picked.path }));
    } catch (e) {
      // A service error is already shown by the error centre; a failed upload is not.
      if (!(e instanceof ApiError)) void message.error((e as Error).message);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 1000 }} data-testid="certified-roster">
      <Card size="small" title="结班与结业名单">
        <Space direction="vertical" style={{ width: '100%' }}>
          {c &&
            (c.closed ? (
              <Alert
                type="success"
                showIcon
                message={`第${c.sessionNumber}期已结班（${c.closedAt?.slice(0, 10)}，${c.closedBy}）`}
                description="本期的考勤、请假和结业认定已锁定。如需修改，请重新开启本期并填写原因。"
              />
            ) : (
              <Alert
                type="info"
                showIcon
                message={`第${c.sessionNumber}期尚未结班`}
                description="结班后本期的考勤、请假和结业认定将被锁定，才能导出已签名的结业名单。"
              />
            ))}
          <Space wrap>
            {c && !c.closed && (
              <Button type="primary" onClick={() => setDialog('close')} data-testid="close-session">
                结班
              </Button>
            )}
            {c?.closed && (
              <Button onClick={() => setDialog('reopen')} data-testid="reopen-session">
                重新开启…
              </Button>
            )}
            <Button disabled={!c?.closed || busy !== null} loading={busy === 'xlsx'} onClick={() => void exportAs('xlsx')}>
              导出结业名单（Excel）
            </Button>
            <Button disabled={!c?.closed || busy !== null} loading={busy === 'pdf'} onClick={() => void exportAs('pdf')}>
              导出结业名单（PDF）
            </Button>
          </Space>
          {c && c.history.length > 0 && (
            <Timeline
              style={{ marginTop: 12, marginBottom: 0 }}
              items={c.history.map((h) => ({
                color: h.action === 'close' ? 'green' : 'orange',
                children: `${h.at.slice(0, 16).replace('T', ' ')} ${h.by} ${h.action === 'close' ? '结班' : '重新开启'}${h.reason ? `：${h.reason}` : ''}`,
              }))}
            />
          )}
        </Space>
      </Card>
      <Card size="small" title="核验结业名单">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            打开别人发回的结业名单（.xlsx 或 PDF），用本机的签名密钥核验：只改格式（列宽、字体、用 WPS/LibreOffice
            另存）仍然有效；内容的任何改动都会逐项列出。
          </Typography.Text>
          <Upload
            accept=".xlsx,.pdf"
            showUploadList={false}
            beforeUpload={(f) => {
              void verify(f);
              return false;
            }}
          >
            <Button loading={busy === 'verify'} data-testid="verify-roster">
              打开结业名单文件…
            </Button>
          </Upload>
          {result && <Verification r={result} />}
        </Space>
      </Card>
      <ReasonDialog
        title={`结班：第${c?.sessionNumber ?? ''}期`}
        required={false}
        open={dialog === 'close'}
        onClose={() => setDialog(null)}
        onOk={async (reason) => {
          await call('sessions.close', { sessionId, reason });
          message.success('已结班，考勤与结业认定已锁定');
          changed();
        }}
      />
      <ReasonDialog
        title={`重新开启第${c?.sessionNumber ?? ''}期`}
        required
        open={dialog === 'reopen'}
        onClose={() => setDialog(null)}
        onOk={async (reason) => {
          await call('sessions.reopen', { sessionId, reason });
          message.success('已重新开启，可修改考勤与结业认定');
          changed();
        }}
      />
    </Space>
  );
}
