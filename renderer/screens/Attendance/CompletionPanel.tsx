/**
 * 结业: the programme's rule (editable), each trainee's result with its reasons in words, and an
 * override decided by a person with a reason (audited), shown beside the rule's own decision.
 */
import { App, Button, Card, Form, Input, InputNumber, Modal, Radio, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { CompletionResult, CompletionRule } from '../../../shared/domain/attendanceTypes';
import { ApiError, call } from '../../api';
import { useLoad } from '../../components/useLoad';

const RULE_FIELDS: [keyof CompletionRule, string, number, number][] = [
  ['maxLeave', '最多请假（半天）', 0, 100],
  ['maxAbsent', '最多缺勤（半天）', 0, 100],
  ['maxLate', '最多迟到（次）', 0, 100],
  ['maxLeftEarly', '最多早退（次）', 0, 100],
  ['graceMinutes', '迟到宽限（分钟）', 0, 240],
];

function verdict(r: CompletionResult) {
  if (r.completed === null) return <Tag>待定</Tag>;
  return r.completed ? <Tag color="green">结业</Tag> : <Tag color="red">不结业</Tag>;
}

function OverrideDialog({ result, onClose }: { result: CompletionResult | null; onClose: (changed: boolean) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ decision: 'yes' | 'no' | 'rule'; reason: string }>();
  return (
    <Modal
      open={!!result}
      title={`人工认定：${result?.name ?? ''}`}
      okText="确定"
      cancelText="取消"
      destroyOnHidden
      onCancel={() => onClose(false)}
      onOk={async () => {
        const v = await form.validateFields();
        try {
          await call(
            'completion.override',
            { registrationId: result!.registrationId, completed: v.decision === 'rule' ? null : v.decision === 'yes', reason: v.reason },
            { silent: true },
          );
          void message.success(v.decision === 'rule' ? '已恢复按规则判定' : '已记录人工认定');
          onClose(true);
        } catch (e) {
          void message.error(e instanceof ApiError ? e.message : String(e));
        }
      }}
    >
      {result && (
        <Typography.Paragraph type="secondary">
          按规则：{result.ruleState === 'completed' ? '结业' : result.ruleState === 'not_completed' ? '不结业' : '待定'}（出勤{' '}
          {result.attended}/{result.slots} 个半天）
        </Typography.Paragraph>
      )}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ decision: result?.override ? 'rule' : result?.ruleState === 'completed' ? 'no' : 'yes', reason: '' }}
      >
        <Form.Item name="decision" label="认定为">
          <Radio.Group
            options={[
              { value: 'yes', label: '结业' },
              { value: 'no', label: '不结业' },
              ...(result?.override ? [{ value: 'rule', label: '撤销人工认定，按规则判定' }] : []),
            ]}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label="理由（记入操作日志）"
          rules={[{ required: true, whitespace: true, message: '请填写人工认定的理由' }]}
        >
          <Input.TextArea aria-label="人工认定理由" maxLength={500} rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CompletionPanel({ programmeId, sessionId }: { programmeId: number; sessionId: number }) {
  const { message } = App.useApp();
  const [version, setVersion] = useState(0);
  const rule = useLoad<CompletionRule>(() => call('completion.rule.get', { programmeId }), [programmeId, version]);
  const results = useLoad<CompletionResult[]>(() => call('completion.results', { sessionId }), [sessionId, version]);
  const [editing, setEditing] = useState<CompletionRule | null>(null);
  const [overriding, setOverriding] = useState<CompletionResult | null>(null);
  const [filter, setFilter] = useState<'all' | 'not'>('all');
  const r = editing ?? rule.data;
  const list = (results.data ?? []).filter((x) => filter === 'all' || x.completed !== true);
  const n = (f: (x: CompletionResult) => boolean) => (results.data ?? []).filter(f).length;

  async function saveRule() {
    if (!editing) return;
    try {
      await call('completion.rule.set', { programmeId, ...editing }, { silent: true });
      setEditing(null);
      setVersion((v) => v + 1);
      void message.success('结业规则已保存');
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : String(e));
    }
  }

  return (
    <div data-testid="completion">
      <Card size="small" title="结业规则（本项目各期通用）" style={{ marginBottom: 12 }}>
        {r && (
          <Space wrap align="end">
            <div>
              <div>最低出勤率（%）</div>
              <InputNumber
                aria-label="最低出勤率"
                min={0}
                max={100}
                step={0.5}
                value={Math.round(r.minAttendance * 1000) / 10}
                onChange={(v) => v !== null && setEditing({ ...r, minAttendance: Math.round(Number(v) * 10) / 1000 })}
              />
            </div>
            {RULE_FIELDS.map(([k, label, min, max]) => (
              <div key={k}>
                <div>{label}</div>
                <InputNumber
                  aria-label={label}
                  min={min}
                  max={max}
                  precision={0}
                  value={r[k]}
                  onChange={(v) => v !== null && setEditing({ ...r, [k]: Number(v) })}
                />
              </div>
            ))}
            <Button type="primary" disabled={!editing} onClick={() => void saveRule()} data-testid="save-rule">
              保存规则
            </Button>
            {editing && <Button onClick={() => setEditing(null)}>放弃修改</Button>}
          </Space>
        )}
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
          出勤、迟到、早退计为到课；结束后仍无记录的半天计为缺勤。出勤半天数 ÷ 全部半天数 ≥ 最低出勤率，且各项不超过上限，即为结业。
        </Typography.Paragraph>
      </Card>
      <Space style={{ marginBottom: 8 }}>
        <Segmented
          value={filter}
          onChange={(v) => setFilter(v as 'all' | 'not')}
          options={[
            { value: 'all', label: `全部 ${n(() => true)} 人` },
            { value: 'not', label: `未结业或待定 ${n((x) => x.completed !== true)} 人` },
          ]}
        />
        <Typography.Text type="secondary">
          结业 {n((x) => x.completed === true)} 人 · 人工认定 {n((x) => !!x.override)} 人
        </Typography.Text>
      </Space>
      <Table<CompletionResult>
        size="small"
        rowKey="registrationId"
        data-testid="completion-results"
        loading={results.loading && !results.data}
        dataSource={list}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={(x) => ({ 'data-testid': `result-${x.name}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 100 },
          { title: '地区', dataIndex: 'regionName', width: 90 },
          { title: '出勤', width: 80, render: (_, x) => `${x.attended}/${x.slots}` },
          {
            title: '结果',
            width: 150,
            render: (_, x) => (
              <Space size={4}>
                {verdict(x)}
                {x.override && <Tag color="purple">人工认定</Tag>}
              </Space>
            ),
          },
          {
            title: '原因',
            render: (_, x) =>
              x.reasons.length ? (
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {x.reasons.map((t) => (
                    <li key={t}>{t}</li>
                  ))}
                </ul>
              ) : (
                <Typography.Text type="secondary">满足结业规则</Typography.Text>
              ),
          },
          {
            title: '',
            width: 100,
            render: (_, x) => (
              <Button size="small" onClick={() => setOverriding(x)}>
                人工认定
              </Button>
            ),
          },
        ]}
      />
      <OverrideDialog
        result={overriding}
        onClose={(changed) => {
          setOverriding(null);
          if (changed) setVersion((v) => v + 1);
        }}
      />
    </div>
  );
}
