import { App, Button, Card, Descriptions, Input, Result, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { VerifyResult } from '../../../shared/certificateContract';
import { call } from '../../api';
import { pickedFromBrowser } from '../../components/files';
import { CertificateCamera } from './CertificateCamera';
import { statusLabel } from './RegisterTable';

const VERDICT = {
  valid: { status: 'success', title: '证书有效' },
  revoked: { status: 'warning', title: '证书已撤销' },
  forged: { status: 'error', title: '证书无效（伪造、被改动或不是本系统签发）' },
} as const;

function Verdict({ r }: { r: VerifyResult }) {
  const v = VERDICT[r.verdict];
  const rec = r.record;
  return (
    <Card size="small" data-testid={`verdict-${r.verdict}`}>
      <Result status={v.status} title={v.title} subTitle={r.message} style={{ padding: 16 }} />
      {rec && (
        <Descriptions size="small" bordered column={2}>
          <Descriptions.Item label="证书编号">{rec.number}</Descriptions.Item>
          <Descriptions.Item label="姓名">{rec.name}</Descriptions.Item>
          <Descriptions.Item label="培训项目">{rec.programmeTitle}</Descriptions.Item>
          <Descriptions.Item label="期次">第{rec.sessionNumber}期</Descriptions.Item>
          <Descriptions.Item label="落款日期">{rec.issueDate}</Descriptions.Item>
          <Descriptions.Item label="登记状态">{statusLabel(rec)}</Descriptions.Item>
          <Descriptions.Item label="签发">
            {rec.issuedAt.slice(0, 10)}（{rec.issuedBy}）
          </Descriptions.Item>
          <Descriptions.Item label="补发次数">{rec.reissues}</Descriptions.Item>
          {rec.revokedAt && (
            <Descriptions.Item label="撤销" span={2}>
              {rec.revokedAt.slice(0, 10)}：{rec.revokeReason}
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
      {r.fingerprint && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          本机签名公钥指纹：{r.fingerprint}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

/** 证书核验: the QR text pasted (or typed by a scanner), or a certificate PDF opened; offline, against the register. */
export function VerifyPanel() {
  const { message } = App.useApp();
  const [qr, setQr] = useState('');
  const [results, setResults] = useState<VerifyResult[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [camera, setCamera] = useState(false);

  async function run(p: Promise<VerifyResult[]>) {
    setBusy(true);
    try {
      setResults(await p);
    } catch {
      setResults(null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 900 }}>
      <Card size="small" title="证书核验">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            粘贴证书二维码的内容（以 ZS1: 开头，扫码枪扫描也会输入到这里），或打开证书
            PDF。核验在本机离线完成，依据本机的证书登记簿和签名公钥。
          </Typography.Text>
          <Input.TextArea
            aria-label="二维码内容"
            rows={3}
            placeholder="ZS1:…"
            value={qr}
            onChange={(e) => setQr(e.target.value)}
            onPressEnter={(e) => {
              e.preventDefault();
              if (qr.trim()) void run(call('certificates.verify', { qr }).then((r) => [r]));
            }}
          />
          <Space>
            <Button
              type="primary"
              loading={busy}
              disabled={!qr.trim()}
              onClick={() => void run(call('certificates.verify', { qr }).then((r) => [r]))}
            >
              核验
            </Button>
            <Button onClick={() => setCamera((c) => !c)}>{camera ? '关闭摄像头' : '摄像头扫码'}</Button>
            <Upload
              accept=".pdf,application/pdf"
              multiple={false}
              showUploadList={false}
              beforeUpload={(f) => {
                pickedFromBrowser(f).then(
                  (p) => void run(call('certificates.verifyFile', { path: p.path })),
                  (e: Error) => void message.error(e.message),
                );
                return false;
              }}
            >
              <Button data-testid="verify-pdf">打开证书 PDF…</Button>
            </Upload>
          </Space>
        </Space>
      </Card>
      {camera && (
        <CertificateCamera
          onClose={() => setCamera(false)}
          onCode={(text) => {
            setCamera(false);
            setQr(text);
            void run(call('certificates.verify', { qr: text }).then((r) => [r]));
          }}
        />
      )}
      {results && results.length > 1 && (
        <Typography.Text>
          文件中共有 {results.length} 份证书：有效 {results.filter((r) => r.verdict === 'valid').length} 份，已撤销{' '}
          {results.filter((r) => r.verdict === 'revoked').length} 份，无效 {results.filter((r) => r.verdict === 'forged').length} 份。
        </Typography.Text>
      )}
      {results?.map((r, i) => (
        <Verdict key={i} r={r} />
      ))}
    </Space>
  );
}
