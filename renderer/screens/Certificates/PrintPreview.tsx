import { Modal, Pagination, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import type { CertificateRecord } from '../../../shared/certificateContract';
import { tokenValues, type CertificateTemplate } from '../../../shared/domain/certificateTemplate';
import type { Programme, SessionSummary } from '../../../shared/domain/types';
import { TemplatePreview } from './TemplatePreview';

/**
 * 打印预览: each valid certificate of the session as it will print (the template filled with the
 * register's data), page by page, on blank paper or 套打. The QR code is drawn only in the PDF.
 */
export function PrintPreview(props: {
  open: boolean;
  onClose: () => void;
  records: CertificateRecord[];
  template: CertificateTemplate;
  programme: Programme;
  session: SessionSummary;
  seal: string | null;
  background: string | null;
}) {
  const [page, setPage] = useState(1);
  const [preprinted, setPreprinted] = useState(false);
  const printable = props.records.filter((r) => r.status === 'valid');
  const r = printable[Math.min(page, printable.length) - 1];
  return (
    <Modal open={props.open} onCancel={props.onClose} footer={null} width={1000} title="打印预览" destroyOnHidden>
      {!r ? (
        <Typography.Text>本期还没有可打印的证书。</Typography.Text>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Pagination simple current={page} total={printable.length} pageSize={1} onChange={setPage} />
            <Typography.Text>
              {r.number} {r.name}
              {r.reissues > 0 ? '（补发）' : ''}
            </Typography.Text>
            <Radio.Group
              size="small"
              optionType="button"
              value={preprinted}
              onChange={(e) => setPreprinted(e.target.value as boolean)}
              options={[
                { value: false, label: '白纸打印' },
                { value: true, label: '套打' },
              ]}
            />
          </Space>
          <TemplatePreview
            template={props.template}
            values={tokenValues(
              {
                number: r.number,
                name: r.name,
                programme: props.programme.title,
                sessionNumber: r.sessionNumber,
                sessionTitle: props.session.title,
                startDate: props.session.startDate,
                endDate: props.session.endDate,
                organiser: props.programme.organiser,
                issueDate: r.issueDate,
                reissued: r.reissues > 0,
                qr: '',
              },
              props.template.dateStyle,
            )}
            images={{ seal: props.seal, background: props.background }}
            preprinted={preprinted}
            reissued={r.reissues > 0}
            selected={null}
            onSelect={() => undefined}
            onMove={() => undefined}
          />
        </Space>
      )}
    </Modal>
  );
}
