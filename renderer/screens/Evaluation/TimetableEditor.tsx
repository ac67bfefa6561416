/** The session's course timetable: one or more courses per half-day slot, edited in place and saved whole. */
import { App, Button, Input, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { COURSE_KINDS, type CourseKind, type TimetableCourse } from '../../../shared/domain/evaluationTypes';
import type { SessionSlot } from '../../../shared/domain/quotas';
import { call } from '../../api';
import { useApp } from '../../stores/app';
import { TimetableFiles } from './TimetableFiles';

interface Draft {
  rowKey: number;
  slotSeq: number;
  title: string;
  teacher: string;
  teacherTitle: string;
  kind: CourseKind;
}

let nextKey = 1;
const draftOf = (c: Omit<Draft, 'rowKey'>): Draft => ({ rowKey: nextKey++, ...c });

export function TimetableEditor({ sessionId, courses, slots }: { sessionId: number; courses: TimetableCourse[]; slots: SessionSlot[] }) {
  const { message } = App.useApp();
  const changed = useApp((s) => s.changed);
  // Starts from the stored timetable; the screen remounts this editor (its key) when that changes.
  const [rows, setRows] = useState<Draft[]>(() =>
    courses.map(({ slotSeq, title, teacher, teacherTitle, kind }) => draftOf({ slotSeq, title, teacher, teacherTitle, kind })),
  );
  const set = (k: number, patch: Partial<Draft>) => setRows((rs) => rs.map((r) => (r.rowKey === k ? { ...r, ...patch } : r)));
  const save = async () => {
    await call('timetable.set', { sessionId, courses: rows.map(({ rowKey: _k, ...c }) => c) });
    message.success('课程表已保存');
    changed();
  };
  const slotLabel = (s: SessionSlot, i: number) => `${i + 1}. ${s.date.slice(5)} ${s.part}${s.label ? ` ${s.label}` : ''}`;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table
        size="small"
        pagination={false}
        rowKey="rowKey"
        aria-label="课程表"
        dataSource={rows}
        locale={{ emptyText: '还没有课程：点「添加课程」' }}
        columns={[
          {
            title: '时段',
            width: 190,
            render: (_, r) => (
              <Select
                aria-label="时段"
                value={r.slotSeq}
                style={{ width: 180 }}
                onChange={(v) => set(r.rowKey, { slotSeq: v })}
                options={slots.map((s, i) => ({ value: i + 1, label: slotLabel(s, i) }))}
              />
            ),
          },
          {
            title: '课程名称',
            render: (_, r) => (
              <Input aria-label="课程名称" value={r.title} maxLength={200} onChange={(e) => set(r.rowKey, { title: e.target.value })} />
            ),
          },
          {
            title: '授课教师',
            width: 120,
            render: (_, r) => (
              <Input aria-label="授课教师" value={r.teacher} maxLength={100} onChange={(e) => set(r.rowKey, { teacher: e.target.value })} />
            ),
          },
          {
            title: '职称与单位',
            width: 200,
            render: (_, r) => (
              <Input
                aria-label="职称与单位"
                value={r.teacherTitle}
                maxLength={200}
                onChange={(e) => set(r.rowKey, { teacherTitle: e.target.value })}
              />
            ),
          },
          {
            title: '类别',
            width: 120,
            render: (_, r) => (
              <Select
                aria-label="类别"
                value={r.kind}
                style={{ width: 110 }}
                onChange={(v) => set(r.rowKey, { kind: v })}
                options={COURSE_KINDS.map((k) => ({ value: k, label: k }))}
              />
            ),
          },
          {
            title: '',
            width: 60,
            render: (_, r) => (
              <Button size="small" type="link" danger onClick={() => setRows((rs) => rs.filter((x) => x.rowKey !== r.rowKey))}>
                删除
              </Button>
            ),
          },
        ]}
      />
      <Space>
        <Button
          onClick={() =>
            setRows((rs) => [
              ...rs,
              draftOf({
                slotSeq: Math.min(slots.length, (rs.at(-1)?.slotSeq ?? 0) + 1) || 1,
                title: '',
                teacher: '',
                teacherTitle: '',
                kind: '讲授',
              }),
            ])
          }
        >
          添加课程
        </Button>
        <Button type="primary" onClick={() => void save()}>
          保存课程表
        </Button>
        <TimetableFiles
          sessionId={sessionId}
          onImported={(cs) =>
            setRows(cs.map(({ slotSeq, title, teacher, teacherTitle, kind }) => draftOf({ slotSeq, title, teacher, teacherTitle, kind })))
          }
        />
      </Space>
    </Space>
  );
}
