/**
 * 名额分配表 as a spreadsheet: regions × sessions, totals against capacity and the plan, live fill as
 * a colour scale. Arrow keys, Tab and Enter move; typing a number edits; Delete clears to 0; a block
 * copied from Excel/WPS (tab-separated) pastes from the active cell. Every edit asks the services,
 * which record who, when, from → to and why (the reason field above the grid).
 */
import { HistoryOutlined, LockOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Drawer, Input, InputNumber, List, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { QUOTA_SOURCE_LABELS, type QuotaChange, type QuotaGrid as Grid } from '../../../shared/domain/quotas';
import { fillBand, FILL_BANDS } from '../../../shared/domain/fillBands';
import { call } from '../../api';
import { useApp } from '../../stores/app';

/** Tab-separated text from Excel/WPS: rows of cells; blank trailing line dropped. */
export function parseBlock(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  return lines.map((l) => l.split('\t').map((c) => c.trim()));
}

function CellDrawer({
  grid,
  at,
  reason,
  onClose,
}: {
  grid: Grid;
  at: { r: number; c: number } | null;
  reason: string;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const changed = useApp((s) => s.changed);
  const [history, setHistory] = useState<QuotaChange[]>([]);
  const cell = at ? grid.cells[at.r][at.c] : null;
  // Keyed by the cell and its change count (below), so these start from the cell as it is now.
  const [min, setMin] = useState<number | null>(cell?.min ?? null);
  const [max, setMax] = useState<number | null>(cell?.max ?? null);
  const [locked, setLocked] = useState(cell?.locked ?? false);
  const sessionId = cell?.sessionId;
  const regionCode = cell?.regionCode;
  useEffect(() => {
    if (sessionId === undefined || regionCode === undefined) return;
    let live = true;
    void call('quotas.history', { programmeId: grid.programmeId, sessionId, regionCode }).then((h) => live && setHistory(h));
    return () => {
      live = false;
    };
  }, [grid.programmeId, sessionId, regionCode]);
  if (!at || !cell) return null;
  const region = grid.regions[at.r];
  const session = grid.sessions[at.c];
  const save = async () => {
    await call('quotas.set', {
      programmeId: grid.programmeId,
      reason,
      cells: [{ sessionId: cell.sessionId, regionCode: cell.regionCode, min, max, locked }],
    });
    message.success('已保存');
    changed();
  };
  const revert = async (c: QuotaChange) => {
    await call('quotas.revert', { changeId: c.id, reason: `撤销：${c.reason}` });
    message.success('已撤销');
    changed();
  };
  const values = (v: QuotaChange['to'] | null) =>
    v ? `${v.places}${v.min !== null ? ` 最小${v.min}` : ''}${v.max !== null ? ` 最大${v.max}` : ''}${v.locked ? ' 锁定' : ''}` : '（无）';
  return (
    <Drawer open title={`${region.name} · 第${session.number}期`} onClose={onClose} size={440}>
      <Typography.Paragraph>
        名额 <b>{cell.places}</b>，已报 {cell.filled}（已通过 {cell.fill.approved}，已提交 {cell.fill.submitted}），候补{' '}
        {cell.fill.waitlisted}
      </Typography.Paragraph>
      <Space wrap>
        <span>最小</span>
        <InputNumber aria-label="最小名额" min={0} value={min} onChange={(v) => setMin(v ?? null)} style={{ width: 90 }} />
        <span>最大</span>
        <InputNumber aria-label="最大名额" min={0} value={max} onChange={(v) => setMax(v ?? null)} style={{ width: 90 }} />
        <Checkbox checked={locked} onChange={(e) => setLocked(e.target.checked)}>
          锁定
        </Checkbox>
        <Button type="primary" onClick={() => void save()}>
          保存
        </Button>
      </Space>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        修改记录
      </Typography.Title>
      <List
        size="small"
        dataSource={history}
        locale={{ emptyText: '暂无修改记录' }}
        renderItem={(c) => (
          <List.Item
            actions={
              c.revertible
                ? [
                    <Button key="r" size="small" onClick={() => void revert(c)}>
                      撤销
                    </Button>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <span>
                  {values(c.from)} → {values(c.to)} <Tag>{QUOTA_SOURCE_LABELS[c.source]}</Tag>
                  {c.revertedBy !== null && <Tag color="default">已撤销</Tag>}
                </span>
              }
              description={`${c.at.slice(0, 16).replace('T', ' ')} · ${c.operator} · ${c.reason}`}
            />
          </List.Item>
        )}
      />
    </Drawer>
  );
}

export function QuotaGrid({ grid }: { grid: Grid }) {
  const { message, modal } = App.useApp();
  const changed = useApp((s) => s.changed);
  const [active, setActive] = useState({ r: 0, c: 0 });
  const [editing, setEditing] = useState<string | null>(null);
  const [reason, setReason] = useState('编制名额分配方案');
  const [drawer, setDrawer] = useState<{ r: number; c: number } | null>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  const rows = grid.regions.length;
  const cols = grid.sessions.length;

  const focusGrid = () => tableRef.current?.focus();
  const move = (dr: number, dc: number) =>
    setActive((a) => ({ r: Math.min(rows - 1, Math.max(0, a.r + dr)), c: Math.min(cols - 1, Math.max(0, a.c + dc)) }));

  const save = async (cells: { r: number; c: number; places: number }[], source: 'edit' | 'paste') => {
    if (!reason.trim()) {
      message.warning('请先填写修改原因');
      return false;
    }
    const r = await call('quotas.set', {
      programmeId: grid.programmeId,
      reason: reason.trim(),
      source,
      cells: cells.map((x) => ({ sessionId: grid.sessions[x.c].id, regionCode: grid.regions[x.r].code, places: x.places })),
    });
    for (const w of r.warnings) message.warning(w);
    changed();
    return true;
  };

  const commit = async (text: string) => {
    setEditing(null);
    const t = text.trim();
    if (t === String(grid.cells[active.r][active.c].places)) return focusGrid();
    if (!/^\d+$/.test(t)) {
      message.error(`「${text}」不是名额数，请输入 0 或正整数`);
      return focusGrid();
    }
    if (await save([{ ...active, places: Number(t) }], 'edit').catch(() => false)) move(1, 0);
    focusGrid();
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (editing !== null || drawer) return;
    const k = e.key;
    if (k === 'ArrowDown' || k === 'Enter') move(1, 0);
    else if (k === 'ArrowUp') move(-1, 0);
    else if (k === 'ArrowRight' || (k === 'Tab' && !e.shiftKey)) move(0, 1);
    else if (k === 'ArrowLeft' || (k === 'Tab' && e.shiftKey)) move(0, -1);
    else if (k === 'F2') setEditing(String(grid.cells[active.r][active.c].places));
    else if (/^\d$/.test(k)) setEditing(k);
    else if (k === 'Delete' || k === 'Backspace') void save([{ ...active, places: 0 }], 'edit').catch(() => undefined);
    else return;
    e.preventDefault();
  };

  const onPaste = (e: ClipboardEvent<HTMLDivElement>) => {
    if (editing !== null) return;
    const block = parseBlock(e.clipboardData.getData('text/plain'));
    e.preventDefault();
    const cells: { r: number; c: number; places: number }[] = [];
    const wrong: string[] = [];
    block.forEach((line, i) =>
      line.forEach((v, j) => {
        const r = active.r + i;
        const c = active.c + j;
        if (r >= rows || c >= cols) return;
        if (!/^\d+$/.test(v || '0')) wrong.push(v);
        else cells.push({ r, c, places: Number(v || 0) });
      }),
    );
    if (wrong.length) {
      message.error(`粘贴的内容中有不是名额数的值：${wrong.slice(0, 3).join('、')}。请只复制名额数字区域。`);
      return;
    }
    if (block.length > rows - active.r || block[0].length > cols - active.c) message.warning('粘贴的区域超出表格，超出部分已忽略');
    modal.confirm({
      title: `粘贴 ${block.length} 行 × ${block[0].length} 列`,
      content: `从 ${grid.regions[active.r].name} 第${grid.sessions[active.c].number}期 开始，共 ${cells.length} 格；修改原因：${reason}`,
      okText: '粘贴',
      onOk: () => save(cells, 'paste').then(focusGrid),
    });
  };

  const capacityOver = (k: number) => grid.sessions[k].capacity !== null && grid.sessions[k].places > grid.sessions[k].capacity!;
  return (
    <div>
      <Space style={{ marginBottom: 8 }} wrap>
        <span>修改原因</span>
        <Input aria-label="修改原因" value={reason} onChange={(e) => setReason(e.target.value)} style={{ width: 280 }} maxLength={500} />
        {/* The selected cell's history and bounds, one click away. */}
        <Button icon={<HistoryOutlined />} onClick={() => setDrawer(active)}>
          {grid.regions[active.r]?.name} 第{grid.sessions[active.c]?.number}期：修改记录与最小/最大/锁定
        </Button>
        <Typography.Text type="secondary">
          方向键移动，输入数字修改，Enter 确认，Delete 清零；可从 Excel/WPS 复制一块粘贴；双击格子也可打开修改记录
        </Typography.Text>
      </Space>
      <Space size={4} style={{ marginBottom: 8 }} wrap aria-label="填报情况图例">
        <span>填报情况：</span>
        {FILL_BANDS.map((b) => (
          <span key={b.label} className="quota-legend" style={{ background: b.bg }}>
            {b.label}
          </span>
        ))}
        <span className="quota-legend">
          <LockOutlined /> 锁定
        </span>
      </Space>
      <div ref={tableRef} className="quota-grid" tabIndex={0} role="grid" aria-label="名额分配表" onKeyDown={onKey} onPaste={onPaste}>
        <table>
          <thead>
            <tr>
              <th className="quota-region">地区</th>
              {grid.sessions.map((s, k) => (
                <th key={s.id} className={k === active.c ? 'quota-col-active' : undefined}>
                  <Tooltip title={[s.title, s.institution, s.location, s.startDate].filter(Boolean).join(' · ')}>第{s.number}期</Tooltip>
                </th>
              ))}
              <th>合计</th>
              <th>已报</th>
            </tr>
          </thead>
          <tbody>
            {grid.regions.map((region, r) => (
              <tr key={region.code}>
                <th className="quota-region">{region.name}</th>
                {grid.cells[r].map((cell, c) => {
                  const isActive = active.r === r && active.c === c;
                  const band = fillBand(cell);
                  return (
                    <td
                      key={cell.sessionId}
                      role="gridcell"
                      aria-label={`${region.name} 第${grid.sessions[c].number}期`}
                      aria-selected={isActive}
                      className={isActive ? 'quota-active' : undefined}
                      style={{ background: band?.bg }}
                      title={`名额 ${cell.places}，已报 ${cell.filled}，候补 ${cell.fill.waitlisted}${cell.min !== null ? `，最小 ${cell.min}` : ''}${cell.max !== null ? `，最大 ${cell.max}` : ''}`}
                      onClick={() => {
                        setActive({ r, c });
                        focusGrid();
                      }}
                      onDoubleClick={() => setDrawer({ r, c })}
                    >
                      {isActive && editing !== null ? (
                        <input
                          autoFocus
                          className="quota-input"
                          aria-label="名额"
                          defaultValue={editing}
                          onKeyDown={(e) => {
                            if (e.key === 'Enter' || e.key === 'Tab') {
                              e.preventDefault();
                              void commit(e.currentTarget.value);
                            } else if (e.key === 'Escape') {
                              setEditing(null);
                              focusGrid();
                            }
                          }}
                          onBlur={(e) => editing !== null && void commit(e.currentTarget.value)}
                        />
                      ) : (
                        <>
                          {cell.locked && <LockOutlined className="quota-lock" aria-label="锁定" />}
                          {cell.places}
                          {cell.places > 0 || cell.filled > 0 ? <span className="quota-fill">{cell.filled}</span> : null}
                        </>
                      )}
                    </td>
                  );
                })}
                <td className="quota-total">{region.places}</td>
                <td className="quota-total">{region.filled}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th className="quota-region">合计</th>
              {grid.sessions.map((s, k) => (
                <td key={s.id} className={`quota-total${capacityOver(k) ? ' quota-over' : ''}`}>
                  {s.places}
                </td>
              ))}
              <td className={`quota-total${grid.plannedTrainees && grid.places !== grid.plannedTrainees ? ' quota-warn' : ''}`}>
                {grid.places}
              </td>
              <td className="quota-total">{grid.filled}</td>
            </tr>
            <tr>
              <th className="quota-region">容量 / 计划</th>
              {grid.sessions.map((s, k) => (
                <td key={s.id} className={capacityOver(k) ? 'quota-over' : undefined}>
                  {s.capacity ?? '不限'}
                </td>
              ))}
              <td>{grid.plannedTrainees}</td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
      <CellDrawer
        key={drawer ? `${drawer.r}:${drawer.c}:${grid.cells[drawer.r][drawer.c].changes}` : 'none'}
        grid={grid}
        at={drawer}
        reason={reason || '修改最小/最大/锁定'}
        onClose={() => setDrawer(null)}
      />
    </div>
  );
}
