/**
 * Paper questionnaires entered back by keyboard: one returned sheet per line, a digit 1–5 per rated
 * question in the sheet's order (0 or a space: not answered), Enter saves it and clears the line.
 * Nothing links a sheet to a trainee.
 */
import { Alert, App, Input, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { Questionnaire } from '../../../shared/domain/evaluation';
import { courseKey, RATING_LABELS, type Rating } from '../../../shared/domain/evaluation';
import type { TimetableCourse } from '../../../shared/domain/evaluationTypes';
import { ApiError, call } from '../../api';
import { useApp } from '../../stores/app';

export function ratedQuestions(q: Questionnaire, courses: TimetableCourse[]): { key: string; label: string }[] {
  return [
    ...q.aspects.flatMap((a) => a.items.map((i) => ({ key: i.key, label: `${a.name}：${i.text}` }))),
    ...(q.rateCourses
      ? courses.map((c) => ({ key: courseKey(c.id), label: `课程：${c.title}${c.teacher ? `（${c.teacher}）` : ''}` }))
      : []),
  ];
}

/** The line as ratings by question, or the reason it cannot be saved. */
export function readSheetLine(line: string, questions: { key: string }[]): { ratings: Record<string, number> } | { error: string } {
  const chars = [...line.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))];
  const wrong = chars.find((c) => !/[0-5 -]/.test(c));
  if (wrong) return { error: `「${wrong}」不是 1–5（未作答请输入 0 或空格）` };
  if (chars.length !== questions.length) return { error: `本问卷有 ${questions.length} 道评分题，已输入 ${chars.length} 位` };
  const ratings: Record<string, number> = {};
  chars.forEach((c, i) => {
    if (/[1-5]/.test(c)) ratings[questions[i].key] = Number(c);
  });
  if (!Object.keys(ratings).length) return { error: '这张问卷一题也没有作答' };
  return { ratings };
}

export function PaperEntry({
  sessionId,
  questionnaire,
  courses,
}: {
  sessionId: number;
  questionnaire: Questionnaire;
  courses: TimetableCourse[];
}) {
  const { message } = App.useApp();
  const changed = useApp((s) => s.changed);
  const questions = useMemo(() => ratedQuestions(questionnaire, courses), [questionnaire, courses]);
  const [line, setLine] = useState('');
  const [saved, setSaved] = useState<{ n: number; line: string }[]>([]);
  const read = line ? readSheetLine(line, questions) : null;
  const save = async () => {
    if (!read || 'error' in read) return;
    try {
      const r = await call('evaluation.addResponse', { sessionId, source: 'paper', ratings: read.ratings }, { silent: true });
      setSaved((s) => [{ n: r.responses, line }, ...s].slice(0, 50));
      setLine('');
      changed();
    } catch (e) {
      if (e instanceof ApiError) message.error(e.error.message);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        每张收回的问卷输入一行：按问卷顺序每题一位数字（5 非常满意 … 1 非常不满意，0 或空格表示未作答），回车保存并清空，接着录下一张。
      </Typography.Paragraph>
      <Input
        aria-label="问卷评分"
        autoFocus
        value={line}
        maxLength={questions.length + 5}
        placeholder={'例如 ' + '54'.repeat(Math.ceil(questions.length / 2)).slice(0, questions.length)}
        onChange={(e) => setLine(e.target.value)}
        onPressEnter={() => void save()}
        style={{ fontFamily: 'monospace', fontSize: 20, letterSpacing: 4 }}
        status={read && 'error' in read && line.length >= questions.length ? 'error' : undefined}
      />
      {read && 'error' in read && line.length >= questions.length && <Alert type="error" showIcon title={read.error} />}
      <Table
        size="small"
        pagination={false}
        rowKey="key"
        aria-label="评分题顺序"
        dataSource={questions.map((q, i) => ({ ...q, i: i + 1, typed: [...line][i] }))}
        columns={[
          { title: '位', dataIndex: 'i', width: 40 },
          { title: '题目', dataIndex: 'label' },
          {
            title: '本张',
            dataIndex: 'typed',
            width: 120,
            render: (c?: string) => (c && /[1-5]/.test(c) ? RATING_LABELS[Number(c) as Rating] : c ? '未作答' : ''),
          },
        ]}
      />
      {saved.length > 0 && (
        <Typography.Text type="secondary" aria-live="polite">
          已录入第 {saved[0].n} 份（{saved[0].line}）；本次共录入 {saved.length} 张
        </Typography.Text>
      )}
    </Space>
  );
}
