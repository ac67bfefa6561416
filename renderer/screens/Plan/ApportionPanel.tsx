/**
 * 按权重分配: places shared among regions by weights typed or pasted (地区, 权重[, 最小, 最大, 锁定]),
 * every method side by side with each region's quotient and remainder or priority and the bound
 * that held it; ties named. Applied to one session's column, or as region totals spread over the
 * sessions by capacity.
 */
import { Alert, App, Button, Drawer, Input, InputNumber, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { BOUND_LABELS, type ApportionResult } from '../../../shared/domain/apportion/types';
import type { ApportionPreview, QuotaGrid } from '../../../shared/domain/quotas';
import { regionFromText } from '../../../shared/domain/regionText';
import { call } from '../../api';
import { NO_DELAYED_FOCUS, useReturnFocus } from '../../components/useReturnFocus';
import { useApp } from '../../stores/app';

interface WeightRow {
  regionCode: string;
  weight: string;
  min?: number;
  max?: number;
  locked?: boolean;
}

/** Lines of 地区 ⇥ 权重 [⇥ 最小 ⇥ 最大 ⇥ 锁定], tabs or commas; a header line is passed over. */
export function parseWeights(text: string): { rows: WeightRow[]; problems: string[] } {
  const rows: WeightRow[] = [];
  const problems: string[] = [];
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((line, i) => {
      const cells = line.split(/\t|,|，/).map((c) => c.trim());
      if (!cells[0]) return;
      const region = regionFromText(cells[0]);
      if (!region) {
        if (i > 0 || !/地区|省/.test(cells[0])) problems.push(`第 ${i + 1} 行「${cells[0]}」不是推荐地区`);
        return;
      }
      const weight = (cells[1] ?? '').replace(/,/g, '');
      if (!/^\d+(\.\d+)?$/.test(weight)) return void problems.push(`第 ${i + 1} 行${region.name}的权重「${cells[1] ?? ''}」不是非负数`);
      const num = (v?: string) => (v && /^\d+$/.test(v) ? Number(v) : undefined);
      rows.push({
        regionCode: region.code,
        weight,
        min: num(cells[2]),
        max: num(cells[3]),
        locked: /^(是|1|true|锁定|y)$/i.test(cells[4] ?? ''),
      });
    });
  return { rows, problems };
}

function detail(r: ApportionResult, i: number): string {
  const a = r.allocations[i];
  const parts = [`份额 ${a.quota}`];
  if (a.remainder !== null) parts.push(`余数 ${a.remainder}`);
  if (a.lastPriority !== null) parts.push(`末位优先值 ${a.lastPriority}`);
  if (a.nextPriority !== null) parts.push(`下一名优先值 ${a.nextPriority}`);
  return parts.join('，');
}

export function ApportionPanel({ grid, open, onClose }: { grid: QuotaGrid; open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const changed = useApp((s) => s.changed);
  // Focus goes back to the trigger at once, not when the closing animation ends (by then the user is in the grid).
  useReturnFocus(open);
  const [seats, setSeats] = useState<number>(grid.plannedTrainees || 800);
  const [target, setTarget] = useState<number | 'spread'>('spread');
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<ApportionPreview | null>(null);
  const [problems, setProblems] = useState<string[]>([]);

  const equalWeights = () => setText(grid.regions.map((r) => `${r.name}\t1`).join('\n'));
  const lastRegistrations = () => setText(grid.regions.map((r) => `${r.name}\t${r.filled + r.waitlisted}`).join('\n'));
  const compare = async () => {
    const { rows, problems: p } = parseWeights(text);
    setProblems(p);
    if (p.length || !rows.length) return setPreview(null);
    setPreview(await call('quotas.apportionPreview', { programmeId: grid.programmeId, seats, regions: rows }));
  };
  const apply = async (r: ApportionResult) => {
    if (!preview) return;
    const res = await call('quotas.apportionApply', {
      programmeId: grid.programmeId,
      sessionId: target === 'spread' ? undefined : target,
      method: r.method,
      reason: `按权重分配（${r.methodLabel}，共 ${r.seats} 名）`,
      allocations: r.allocations.map((a, i) => ({ regionCode: preview.regions[i].code, places: a.seats })),
    });
    message.success(`已按${r.methodLabel}分配：${res.changed} 格有改动`);
    for (const w of res.warnings) message.warning(w);
    changed();
  };

  const results = preview?.results ?? [];
  const differs = (i: number) => new Set(results.map((r) => r.allocations[i].seats)).size > 1;
  return (
    <Drawer open={open} onClose={onClose} title="按权重分配名额" size={Math.min(1100, window.innerWidth - 80)} focusable={NO_DELAYED_FOCUS}>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>分配总数</span>
        <InputNumber aria-label="分配总数" min={0} max={100000} value={seats} onChange={(v) => setSeats(v ?? 0)} />
        <span>分配到</span>
        <Select
          aria-label="分配到"
          style={{ width: 260 }}
          value={target}
          onChange={setTarget}
          options={[
            { value: 'spread', label: '各地总数，按各期容量分到各期' },
            ...grid.sessions.map((s) => ({ value: s.id, label: `第${s.number}期（容量 ${s.capacity ?? '不限'}）` })),
          ]}
        />
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
        每行一个地区：地区、权重，可再加 最小、最大、锁定（是/否），用 Tab 或逗号分隔；可直接从 Excel/WPS
        复制两列粘贴。锁定的地区固定为其最小名额。
      </Typography.Paragraph>
      <Space style={{ marginBottom: 4 }}>
        <Button size="small" onClick={equalWeights}>
          各地相同权重
        </Button>
        <Button size="small" onClick={lastRegistrations}>
          按本项目报名数
        </Button>
      </Space>
      <Input.TextArea
        aria-label="权重"
        rows={6}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={'浙江\t1158\n江苏\t1286\t10\n西藏\t9\t6\t\t是'}
      />
      <Button type="primary" style={{ marginTop: 8 }} onClick={() => void compare()}>
        比较各方法
      </Button>
      {problems.length > 0 && <Alert style={{ marginTop: 8 }} type="error" showIcon title={problems.join('；')} />}
      {results.flatMap((r) =>
        r.ties.map((t) => (
          <Alert key={`${r.method}-${t.seat}`} style={{ marginTop: 8 }} type="warning" showIcon title={`${r.methodLabel}：${t.message}`} />
        )),
      )}
      {preview && (
        <Table
          style={{ marginTop: 12 }}
          size="small"
          rowKey="code"
          pagination={false}
          scroll={{ y: 420 }}
          dataSource={preview.regions.map((g, i) => ({ ...g, i }))}
          rowClassName={(row) => (differs(row.i) ? 'apportion-differs' : '')}
          columns={[
            { title: '地区', dataIndex: 'name', width: 130, fixed: 'left' },
            { title: '权重', render: (_, row) => results[0]?.allocations[row.i].weight, width: 80 },
            { title: '份额', render: (_, row) => results[0]?.allocations[row.i].quota, width: 90 },
            ...results.map((r) => ({
              title: (
                <Space direction="vertical" size={0}>
                  <span>{r.methodLabel}</span>
                  <Button size="small" type="link" onClick={() => void apply(r)} aria-label={`采用${r.methodLabel}`}>
                    采用
                  </Button>
                </Space>
              ),
              key: r.method,
              render: (_: unknown, row: { i: number }) => {
                const a = r.allocations[row.i];
                return (
                  <Tooltip title={detail(r, row.i)}>
                    <span>
                      {a.seats}
                      {a.bound !== 'none' && (
                        <Tag style={{ marginLeft: 4 }} color={a.bound === 'lock' ? 'blue' : 'orange'}>
                          {BOUND_LABELS[a.bound]}
                        </Tag>
                      )}
                    </span>
                  </Tooltip>
                );
              },
            })),
          ]}
        />
      )}
      {preview && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          各方法结果不同的地区以底色标出；鼠标停在数字上可看份额、余数或优先值。{results[0]?.tieRule}
        </Typography.Paragraph>
      )}
    </Drawer>
  );
}
