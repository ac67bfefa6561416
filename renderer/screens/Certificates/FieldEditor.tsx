import { Button, Form, Input, InputNumber, Popconfirm, Radio, Select, Space, Switch, Typography } from 'antd';
import { CERT_FONTS, CERT_FONT_LABELS, CERT_TOKENS, type CertField } from '../../../shared/domain/certificateTemplate';

export const TOKEN_LABELS: Record<(typeof CERT_TOKENS)[number], string> = {
  name: '姓名',
  number: '证书编号',
  programme: '培训项目',
  session: '期次',
  dates: '培训日期',
  organiser: '主办单位',
  issueDate: '落款日期',
  sessionTitle: '期次名称',
};

/** One field typed in millimetres and points: the same values dragging changes. */
export function FieldEditor(props: { field: CertField; onChange: (patch: Partial<CertField>) => void; onDelete: () => void }) {
  const f = props.field;
  const mm = (label: string, key: 'x' | 'y' | 'w', min = 0) => (
    <Form.Item label={label}>
      <InputNumber
        aria-label={`${label}（毫米）`}
        data-testid={`field-${key}`}
        min={min}
        max={2000}
        step={0.5}
        value={f[key]}
        suffix="毫米"
        onChange={(v) => v !== null && props.onChange({ [key]: v })}
        style={{ width: 150 }}
      />
    </Form.Item>
  );
  return (
    <Form layout="vertical" size="small">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        字段「{f.id}」
      </Typography.Title>
      <Form.Item label="文字" extra={`可用：${CERT_TOKENS.map((t) => `{${t}} ${TOKEN_LABELS[t]}`).join('，')}`}>
        <Input.TextArea
          aria-label="字段文字"
          rows={2}
          value={f.text}
          maxLength={500}
          onChange={(e) => props.onChange({ text: e.target.value })}
        />
      </Form.Item>
      <Space wrap>
        {mm('X', 'x')}
        {mm('Y', 'y')}
        {mm('宽度', 'w', 5)}
      </Space>
      <Space wrap>
        <Form.Item label="字体">
          <Select
            aria-label="字体"
            style={{ width: 170 }}
            value={f.font}
            onChange={(font) => props.onChange({ font })}
            options={CERT_FONTS.map((v) => ({ value: v, label: CERT_FONT_LABELS[v] }))}
          />
        </Form.Item>
        <Form.Item label="字号">
          <InputNumber
            aria-label="字号（磅）"
            min={5}
            max={120}
            value={f.size}
            suffix="磅"
            style={{ width: 120 }}
            onChange={(v) => v !== null && props.onChange({ size: v })}
          />
        </Form.Item>
        <Form.Item label="字距">
          <InputNumber
            aria-label="字距（磅）"
            min={0}
            max={60}
            value={f.spacing}
            suffix="磅"
            style={{ width: 120 }}
            onChange={(v) => v !== null && props.onChange({ spacing: v })}
          />
        </Form.Item>
      </Space>
      <Form.Item label="对齐（X 为左端、中点或右端）">
        <Radio.Group
          aria-label="对齐"
          value={f.align}
          optionType="button"
          onChange={(e) => props.onChange({ align: e.target.value as CertField['align'] })}
          options={[
            { value: 'left', label: '左' },
            { value: 'center', label: '中' },
            { value: 'right', label: '右' },
          ]}
        />
      </Form.Item>
      <Space wrap>
        <Form.Item label="自动换行">
          <Switch checked={f.wrap} onChange={(wrap) => props.onChange({ wrap })} />
        </Form.Item>
        <Form.Item label="首行缩进（字）">
          <InputNumber
            aria-label="首行缩进"
            min={0}
            max={4}
            value={f.indent}
            style={{ width: 80 }}
            onChange={(v) => v !== null && props.onChange({ indent: v })}
          />
        </Form.Item>
        <Form.Item label="套打时打印" tooltip="预印证书纸上已有的文字（如标题、主办单位）套打时不打印">
          <Switch checked={f.variable} onChange={(variable) => props.onChange({ variable })} />
        </Form.Item>
        <Form.Item label="仅补发证书">
          <Switch checked={f.onlyReissued} onChange={(onlyReissued) => props.onChange({ onlyReissued })} />
        </Form.Item>
      </Space>
      <Popconfirm title={`删除字段「${f.id}」？`} okText="删除" cancelText="取消" onConfirm={props.onDelete}>
        <Button danger size="small">
          删除此字段
        </Button>
      </Popconfirm>
    </Form>
  );
}
