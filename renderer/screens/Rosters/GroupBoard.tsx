/**
 * The groups board: one column per 小组 and one for those not yet grouped. A trainee is dragged
 * to another group (HTML5 drag and drop); the roster table's group select does the same by
 * keyboard. The 组长 of each group is marked, and named with the crown button.
 */
import { CrownFilled, CrownOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import type { RosterEntry } from '../../../shared/domain/attendanceTypes';

const DRAG_TYPE = 'application/x-ledger-registration';

function Member({ e, onLeader }: { e: RosterEntry; onLeader: (e: RosterEntry) => void }) {
  return (
    <div
      draggable
      data-testid={`member-${e.registrationId}`}
      aria-label={`${e.name}${e.isLeader ? '（组长）' : ''}`}
      onDragStart={(ev) => {
        ev.dataTransfer.setData(DRAG_TYPE, String(e.registrationId));
        ev.dataTransfer.setData('text/plain', String(e.registrationId));
        ev.dataTransfer.effectAllowed = 'move';
      }}
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: 6,
        padding: '3px 6px',
        marginBottom: 4,
        border: '1px solid #e5e5e5',
        borderRadius: 4,
        background: e.isLeader ? '#fff7e6' : '#fff',
        cursor: 'grab',
      }}
    >
      <span style={{ minWidth: 48, fontWeight: e.isLeader ? 600 : 400 }}>{e.name}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12, flex: 1 }} ellipsis>
        {e.regionName}
        {e.seatNo !== null ? ` · ${e.seatNo}号` : ''}
      </Typography.Text>
      {e.isLeader && <Tag color="red">组长</Tag>}
      {e.groupNo !== null && (
        <Tooltip title={e.isLeader ? '取消组长' : '设为组长'}>
          <Button
            size="small"
            type="text"
            aria-label={`${e.isLeader ? '取消组长' : '设为组长'} ${e.name}`}
            icon={e.isLeader ? <CrownFilled style={{ color: '#d4380d' }} /> : <CrownOutlined />}
            onClick={() => onLeader(e)}
          />
        </Tooltip>
      )}
    </div>
  );
}

function Column({
  title,
  groupNo,
  members,
  onDrop,
  onLeader,
}: {
  title: string;
  groupNo: number | null;
  members: RosterEntry[];
  onDrop: (registrationId: number, groupNo: number | null) => void;
  onLeader: (e: RosterEntry) => void;
}) {
  const [over, setOver] = useState(false);
  return (
    <Card
      size="small"
      title={title}
      data-testid={`group-${groupNo ?? 'none'}`}
      aria-label={title}
      style={{ width: 250, flex: '0 0 auto', outline: over ? '2px dashed #1677ff' : undefined }}
      styles={{ body: { minHeight: 80, padding: 8 } }}
      onDragOver={(ev) => {
        ev.preventDefault();
        ev.dataTransfer.dropEffect = 'move';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(ev) => {
        ev.preventDefault();
        setOver(false);
        const id = Number(ev.dataTransfer.getData(DRAG_TYPE) || ev.dataTransfer.getData('text/plain'));
        if (id > 0 && !members.some((m) => m.registrationId === id)) onDrop(id, groupNo);
      }}
    >
      {members.length ? (
        members.map((m) => <Member key={m.registrationId} e={m} onLeader={onLeader} />)
      ) : (
        <Typography.Text type="secondary">拖到这里</Typography.Text>
      )}
    </Card>
  );
}

export function GroupBoard({
  entries,
  onMove,
  onLeader,
}: {
  entries: RosterEntry[];
  onMove: (registrationId: number, groupNo: number | null) => void;
  onLeader: (e: RosterEntry) => void;
}) {
  if (!entries.length) return <Empty description="花名册上还没有学员" />;
  const last = Math.max(0, ...entries.map((e) => e.groupNo ?? 0));
  const bySeat = (a: RosterEntry, b: RosterEntry) => Number(b.isLeader) - Number(a.isLeader) || (a.seatNo ?? 1e9) - (b.seatNo ?? 1e9);
  const ungrouped = entries.filter((e) => e.groupNo === null);
  return (
    <Space align="start" wrap size={8}>
      {Array.from({ length: last }, (_, i) => i + 1).map((g) => {
        const members = entries.filter((e) => e.groupNo === g).sort(bySeat);
        return (
          <Column key={g} title={`${g}组（${members.length} 人）`} groupNo={g} members={members} onDrop={onMove} onLeader={onLeader} />
        );
      })}
      <Column title={`新建 ${last + 1}组`} groupNo={last + 1} members={[]} onDrop={onMove} onLeader={onLeader} />
      {ungrouped.length > 0 && (
        <Column title={`未分组（${ungrouped.length} 人）`} groupNo={null} members={ungrouped} onDrop={onMove} onLeader={onLeader} />
      )}
    </Space>
  );
}
