/** A session's schedule of half-day slots: the default (4 days × 上午/下午) until edited. */
import { App, Button, DatePicker, Input, Select, Space, Table, Tag, TimePicker } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { SLOT_KIND_LABELS, SLOT_KINDS, SLOT_PARTS, type SessionSlot, type SessionSlots } from '../../../shared/domain/quotas';
import { call } from '../../api';

export function SlotsEditor({ sessionId }: { sessionId: number }) {
  const { message } = App.useApp();
  const [data, setData] = useState<SessionSlots | null>(null);
  const [slots, setSlots] = useState<SessionSlot[]>([]);
  useEffect(() => {
    void call('sessions.slots', { sessionId }).then((d) => {
      setData(d);
      setSlots(d.slots);
    });
  }, [sessionId]);
  const update = (i: number, patch: Partial<SessionSlot>) => setSlots((xs) => xs.map((x, k) => (k === i ? { ...x, ...patch } : x)));
  const save = async (next: SessionSlot[]) => {
    const d = await call('sessions.setSlots', { sessionId, slots: next });
    setData(d);
    setSlots(d.slots);
    message.success(d.isDefault ? '已恢复默认日程' : '日程已保存');
  };
  const add = () => {
    const lastDate = slots.at(-1)?.date ?? dayjs().format('YYYY-MM-DD');
    setSlots((xs) => [...xs, { date: lastDate, part: '晚上', label: '', startTime: '19:00', kind: 'discussion' }]);
  };
  return (
    <div>
      <Space style={{ marginBottom: 8 }}>
        <b>日程（半天为一个时段，考勤按时段签到）</b>
        {data?.isDefault && <Tag>默认：按开始日期 4 天 × 上午/下午</Tag>}
      </Space>
      <Table
        size="small"
        rowKey={(_, i) => String(i)}
        pagination={false}
        dataSource={slots}
        scroll={{ y: 260 }}
        columns={[
          {
            title: '日期',
            render: (_, s, i) => (
              <DatePicker
                size="small"
                allowClear={false}
                value={dayjs(s.date)}
                onChange={(d) => d && update(i, { date: d.format('YYYY-MM-DD') })}
              />
            ),
          },
          {
            title: '时段',
            render: (_, s, i) => (
              <Select
                size="small"
                style={{ width: 80 }}
                value={s.part}
                onChange={(part) => update(i, { part })}
                options={SLOT_PARTS.map((p) => ({ value: p, label: p }))}
              />
            ),
          },
          {
            title: '开始时间',
            render: (_, s, i) => (
              <TimePicker
                size="small"
                format="HH:mm"
                allowClear={false}
                value={dayjs(`2000-01-01T${s.startTime}`)}
                onChange={(t) => t && update(i, { startTime: t.format('HH:mm') })}
              />
            ),
          },
          {
            title: '内容',
            render: (_, s, i) => (
              <Select
                size="small"
                style={{ width: 100 }}
                value={s.kind}
                onChange={(kind) => update(i, { kind })}
                options={SLOT_KINDS.map((k) => ({ value: k, label: SLOT_KIND_LABELS[k] }))}
              />
            ),
          },
          {
            title: '说明',
            render: (_, s, i) => (
              <Input size="small" value={s.label} maxLength={100} onChange={(e) => update(i, { label: e.target.value })} />
            ),
          },
          {
            title: '',
            render: (_, __, i) => (
              <Button size="small" type="link" danger onClick={() => setSlots((xs) => xs.filter((_, k) => k !== i))}>
                删除
              </Button>
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 8 }}>
        <Button size="small" onClick={add}>
          增加时段
        </Button>
        <Button size="small" type="primary" onClick={() => void save(slots)}>
          保存日程
        </Button>
        <Button size="small" onClick={() => void save([])}>
          恢复默认
        </Button>
      </Space>
    </div>
  );
}
