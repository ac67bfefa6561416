import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Space, Switch, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { CertificateSettings } from '../../../shared/certificateContract';
import { expandPattern } from '../../../shared/domain/certificateNumber';
import {
  A4_PORTRAIT,
  DEFAULT_TEMPLATE,
  certificateTemplateSchema,
  templateForPaper,
  tokenValues,
  type CertField,
  type CertificateTemplate,
} from '../../../shared/domain/certificateTemplate';
import type { Programme, SessionSummary } from '../../../shared/domain/types';
import { call } from '../../api';
import { useApp } from '../../stores/app';
import { FieldEditor } from './FieldEditor';
import { ImagePicker } from './ImagePicker';
import { TemplatePreview, type Target } from './TemplatePreview';
import { useImage } from './useImage';

const A4_LANDSCAPE: CertificateTemplate['paper'] = { kind: 'A4-landscape', widthMm: 297, heightMm: 210 };

/**
 * The certificate design of the programme: drag in the true-scale preview or type millimetres;
 * font and size per field; paper; background and seal images; the numbering pattern. Saved as one
 * audited change (certificates.settings.set).
 */
export function TemplateEditor(props: { settings: CertificateSettings; programme: Programme; session: SessionSummary | null }) {
  const { message } = App.useApp();
  const changed = useApp((s) => s.changed);
  const [t, setT] = useState<CertificateTemplate>(props.settings.template);
  const [pattern, setPattern] = useState(props.settings.pattern);
  const [selected, setSelected] = useState<Target | null>({ kind: 'field', id: t.fields[0].id });
  const [preprinted, setPreprinted] = useState(false);
  const [reissued, setReissued] = useState(false);
  const [saving, setSaving] = useState(false);
  const seal = useImage(t.seal.image);
  const background = useImage(t.background);
  const dirty = JSON.stringify(t) !== JSON.stringify(props.settings.template) || pattern !== props.settings.pattern;

  const values = useMemo(() => {
    const s = props.session;
    let number = '';
    try {
      number = expandPattern(pattern, { year: props.programme.year, session: s?.number ?? 1, seq: 1 });
    } catch {
      number = pattern;
    }
    return tokenValues(
      {
        number,
        name: '张喆',
        programme: props.programme.title,
        sessionNumber: s?.number ?? 1,
        sessionTitle: s?.title ?? '',
        startDate: s?.startDate ?? null,
        endDate: s?.endDate ?? null,
        organiser: props.programme.organiser,
        issueDate: s?.endDate ?? new Date().toISOString().slice(0, 10),
        reissued,
        qr: '',
      },
      t.dateStyle,
    );
  }, [pattern, props.programme, props.session, reissued, t.dateStyle]);

  const problem = useMemo(() => {
    const r = certificateTemplateSchema.safeParse(t);
    return r.success ? null : r.error.issues[0].message;
  }, [t]);

  const field = selected?.kind === 'field' ? t.fields.find((f) => f.id === selected.id) : undefined;
  const patchField = (id: string, patch: Partial<CertField>) =>
    setT((x) => ({ ...x, fields: x.fields.map((f) => (f.id === id ? { ...f, ...patch } : f)) }));
  const move = (target: Target, x: number, y: number) => {
    if (target.kind === 'field') patchField(target.id, { x, y });
    else setT((v) => ({ ...v, [target.kind]: { ...v[target.kind], x, y } }));
  };
  const setPaper = (paper: CertificateTemplate['paper']) => setT((v) => templateForPaper(v, paper));
  const addField = () => {
    let n = 1;
    while (t.fields.some((f) => f.id === `text${n}`)) n++;
    const id = `text${n}`;
    setT((v) => ({
      ...v,
      fields: [
        ...v.fields,
        {
          id,
          text: '新文字',
          x: v.paper.widthMm / 2,
          y: v.paper.heightMm / 2,
          w: 80,
          font: 'serif',
          size: 14,
          align: 'center',
          spacing: 0,
          wrap: false,
          indent: 0,
          lineGap: 0,
          variable: false,
          onlyReissued: false,
        },
      ],
    }));
    setSelected({ kind: 'field', id });
  };

  async function save() {
    setSaving(true);
    try {
      const r = await call('certificates.settings.set', { programmeId: props.settings.programmeId, pattern, template: t });
      setT(r.template);
      message.success('证书模板已保存');
      changed();
    } catch {
      // Shown by the error centre.
    } finally {
      setSaving(false);
    }
  }

  const box = selected?.kind === 'seal' || selected?.kind === 'qr' ? selected.kind : null;
  return (
    <Row gutter={16} wrap={false}>
      <Col flex="1 1 0" style={{ minWidth: 0 }}>
        <Card
          size="small"
          title="证书预览（按实际尺寸缩放，可拖动字段）"
          extra={
            <Space>
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
              <Switch size="small" checked={reissued} onChange={setReissued} checkedChildren="补发样张" unCheckedChildren="补发样张" />
            </Space>
          }
        >
          <TemplatePreview
            template={t}
            values={values}
            images={{ seal, background }}
            preprinted={preprinted}
            reissued={reissued}
            selected={selected}
            onSelect={setSelected}
            onMove={move}
          />
          {problem && <Alert style={{ marginTop: 8 }} type="warning" showIcon title={problem} />}
          <Space style={{ marginTop: 12 }} wrap>
            <Button type="primary" loading={saving} disabled={!dirty || !!problem} onClick={() => void save()}>
              保存模板
            </Button>
            <Button disabled={!dirty} onClick={() => (setT(props.settings.template), setPattern(props.settings.pattern))}>
              放弃修改
            </Button>
            <Button onClick={() => setT(t.paper.kind === 'A4-landscape' ? DEFAULT_TEMPLATE : templateForPaper(DEFAULT_TEMPLATE, t.paper))}>
              恢复默认设计
            </Button>
            <Button onClick={addField}>添加文字字段</Button>
            {dirty && <Typography.Text type="warning">有未保存的修改</Typography.Text>}
          </Space>
        </Card>
      </Col>
      <Col flex="420px">
        <Card size="small" title="纸张与图片" style={{ marginBottom: 12 }}>
          <Form layout="vertical" size="small">
            <Form.Item label="纸张">
              <Radio.Group
                aria-label="纸张"
                value={t.paper.kind}
                onChange={(e) => {
                  const kind = e.target.value as CertificateTemplate['paper']['kind'];
                  setPaper(kind === 'A4-landscape' ? A4_LANDSCAPE : kind === 'A4-portrait' ? A4_PORTRAIT : { ...t.paper, kind: 'custom' });
                }}
                options={[
                  { value: 'A4-landscape', label: 'A4 横向' },
                  { value: 'A4-portrait', label: 'A4 纵向' },
                  { value: 'custom', label: '自定义' },
                ]}
              />
            </Form.Item>
            {t.paper.kind === 'custom' && (
              <Space>
                {(['widthMm', 'heightMm'] as const).map((k) => (
                  <Form.Item key={k} label={k === 'widthMm' ? '宽' : '高'}>
                    <InputNumber
                      aria-label={k === 'widthMm' ? '纸张宽度（毫米）' : '纸张高度（毫米）'}
                      min={50}
                      max={1000}
                      value={t.paper[k]}
                      suffix="毫米"
                      onChange={(v) => v !== null && v >= 50 && setPaper({ ...t.paper, [k]: v })}
                    />
                  </Form.Item>
                ))}
              </Space>
            )}
            <Form.Item label="背景图片（白纸打印时铺满整页）">
              <ImagePicker label="背景图片" path={t.background} onChange={(background) => setT((v) => ({ ...v, background }))} />
            </Form.Item>
            <Form.Item label="无背景时印边框">
              <Switch checked={t.frame} onChange={(frame) => setT((v) => ({ ...v, frame }))} />
            </Form.Item>
            <Form.Item label="印章图片（由您提供，系统不生成印章）">
              <ImagePicker label="印章图片" path={t.seal.image} onChange={(image) => setT((v) => ({ ...v, seal: { ...v.seal, image } }))} />
            </Form.Item>
            <Form.Item label="落款日期写法">
              <Radio.Group
                aria-label="落款日期写法"
                value={t.dateStyle}
                onChange={(e) => setT((v) => ({ ...v, dateStyle: e.target.value as CertificateTemplate['dateStyle'] }))}
                options={[
                  { value: 'digits', label: '2025年6月26日' },
                  { value: 'chinese', label: '二〇二五年六月二十六日' },
                ]}
              />
            </Form.Item>
            <Form.Item label="证书编号规则" extra="{year} 年度，{session:02} 期次，{seq:03} 顺序号；编号只增不复用">
              <Input aria-label="证书编号规则" value={pattern} onChange={(e) => setPattern(e.target.value)} />
            </Form.Item>
          </Form>
        </Card>
        <Card size="small" data-testid="selected-editor">
          {field ? (
            <FieldEditor
              key={field.id}
              field={field}
              onChange={(p) => patchField(field.id, p)}
              onDelete={() => {
                if (t.fields.length <= 1) return void message.warning('模板至少要有一个字段');
                setT((v) => ({ ...v, fields: v.fields.filter((f) => f.id !== field.id) }));
                setSelected(null);
              }}
            />
          ) : box ? (
            <Form layout="vertical" size="small">
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                {box === 'seal' ? '印章' : '二维码'}
              </Typography.Title>
              <Space wrap>
                {(['x', 'y', 'size'] as const).map((k) => (
                  <Form.Item key={k} label={k === 'size' ? '边长' : k.toUpperCase()}>
                    <InputNumber
                      aria-label={`${box === 'seal' ? '印章' : '二维码'} ${k === 'size' ? '边长' : k.toUpperCase()}（毫米）`}
                      min={k === 'size' ? 10 : 0}
                      max={k === 'size' ? 200 : 2000}
                      step={0.5}
                      value={t[box][k]}
                      suffix="毫米"
                      style={{ width: 130 }}
                      onChange={(v) => v !== null && setT((x) => ({ ...x, [box]: { ...x[box], [k]: v } }))}
                    />
                  </Form.Item>
                ))}
              </Space>
              {box === 'seal' ? (
                <Form.Item label="套打时也印印章">
                  <Switch
                    checked={t.seal.onPreprinted}
                    onChange={(onPreprinted) => setT((v) => ({ ...v, seal: { ...v.seal, onPreprinted } }))}
                  />
                </Form.Item>
              ) : (
                <Form.Item label="二维码下方文字">
                  <Input
                    aria-label="二维码下方文字"
                    maxLength={40}
                    value={t.qr.caption}
                    onChange={(e) => setT((v) => ({ ...v, qr: { ...v.qr, caption: e.target.value } }))}
                  />
                </Form.Item>
              )}
            </Form>
          ) : (
            <Typography.Text type="secondary">在预览中点选一个字段、印章或二维码进行编辑。</Typography.Text>
          )}
        </Card>
      </Col>
    </Row>
  );
}
