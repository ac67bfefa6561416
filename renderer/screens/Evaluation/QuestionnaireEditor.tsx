/**
 * 问卷设置: the session's questionnaire edited as a whole and saved at once. The four aspects with
 * their items (add, reword, remove, reorder), course ratings on or off, the open questions; the
 * default or another session's questionnaire as a start. Items already answered show their count
 * and cannot be removed (the service refuses it too: answers are stored under the item's key).
 */
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Input, Select, Space, Switch, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { DEFAULT_QUESTIONNAIRE, type Aspect, type QuestionItem, type Questionnaire } from '../../../shared/domain/evaluation';
import type { EvaluationReport } from '../../../shared/domain/evaluationTypes';
import type { SessionSummary } from '../../../shared/domain/types';
import { ApiError, call } from '../../api';
import { useApp } from '../../stores/app';
import './questionnaireEditor.css';
import { allKeys, draftErrors, MAX_ITEMS, MAX_OPEN, moved, nextItemKey, OPEN_PREFIX, withAspect } from './questionnaireDraft';

interface ItemListProps {
  /** 「组织管理」 or 「开放题」: names the inputs and buttons for screen readers and tests. */
  where: string;
  items: QuestionItem[];
  /** The number each item carries on the printed sheet, or null for open questions. */
  firstNo: number | null;
  answers: Map<string, number>;
  min: number;
  focusKey: string | null;
  onChange(items: QuestionItem[]): void;
}

function ItemList({ where, items, firstNo, answers, min, focusKey, onChange }: ItemListProps) {
  return (
    <ol className="qe-items">
      {items.map((item, i) => {
        const n = answers.get(item.key) ?? 0;
        const label = `${where}第${i + 1}题`;
        return (
          <li key={item.key} className="qe-item">
            <span className="qe-no">{firstNo === null ? `${i + 1}.` : `${firstNo + i}.`}</span>
            <Input
              aria-label={label}
              value={item.text}
              maxLength={200}
              autoFocus={item.key === focusKey}
              status={item.text.trim() ? undefined : 'error'}
              placeholder="请填写题目"
              onChange={(e) => onChange(items.map((x) => (x.key === item.key ? { ...x, text: e.target.value } : x)))}
            />
            <span className="qe-answered">{n > 0 && <Tag color="blue">{n} 份作答</Tag>}</span>
            <Button
              size="small"
              type="text"
              icon={<ArrowUpOutlined />}
              aria-label={`${label}上移`}
              title="上移"
              disabled={i === 0}
              onClick={() => onChange(moved(items, i, -1))}
            />
            <Button
              size="small"
              type="text"
              icon={<ArrowDownOutlined />}
              aria-label={`${label}下移`}
              title="下移"
              disabled={i === items.length - 1}
              onClick={() => onChange(moved(items, i, 1))}
            />
            <Button
              size="small"
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label={`${label}删除`}
              title={n > 0 ? `已有 ${n} 份作答，不能删除（可以修改文字）` : items.length <= min ? '每个方面至少一道题' : '删除'}
              disabled={n > 0 || items.length <= min}
              onClick={() => onChange(items.filter((x) => x.key !== item.key))}
            />
          </li>
        );
      })}
    </ol>
  );
}

export function QuestionnaireEditor({
  sessionId,
  questionnaire,
  report,
  sessions,
  ratedCourses,
}: {
  sessionId: number;
  questionnaire: Questionnaire;
  report: EvaluationReport;
  sessions: SessionSummary[];
  /** Courses of the timetable, rated when 按课程评分 is on. */
  ratedCourses: number;
}) {
  const { message } = App.useApp();
  const changed = useApp((s) => s.changed);
  // The screen remounts the editor (its key) when the stored questionnaire changes.
  const [draft, setDraft] = useState<Questionnaire>(questionnaire);
  const [errors, setErrors] = useState<string[]>([]);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // Every key this session's items ever had in view: a new item never takes one of them.
  const [seen, setSeen] = useState(() => new Set(allKeys(questionnaire)));
  const dirty = JSON.stringify(draft) !== JSON.stringify(questionnaire);

  const answers = useMemo(() => {
    const m = new Map<string, number>();
    for (const a of report.aspects) for (const i of a.items) if (i.answers) m.set(i.key, i.answers);
    // The report's first comments are the stored questionnaire's open questions, in order.
    questionnaire.open.forEach((o, i) => {
      const n = report.comments[i]?.texts.length ?? 0;
      if (n) m.set(o.key, n);
    });
    return m;
  }, [report, questionnaire]);

  const update = (next: Questionnaire) => {
    setSeen((s) => new Set([...s, ...allKeys(next)]));
    setDraft(next);
    setErrors([]);
  };
  const add = (prefix: string, put: (item: QuestionItem) => Questionnaire) => {
    const key = nextItemKey(prefix, [...seen, ...allKeys(draft), ...answers.keys()]);
    setFocusKey(key);
    update(put({ key, text: '' }));
  };
  const replaceWith = (next: Questionnaire, text: string) => {
    setFocusKey(null);
    update(next);
    void message.info(text);
  };
  const copyFrom = async (otherId: number) => {
    const other = await call('evaluation.questionnaire', { sessionId: otherId });
    const s = sessions.find((x) => x.id === otherId);
    replaceWith(other, `已载入第${s?.number ?? ''}期的问卷，保存后生效`);
  };
  const save = async () => {
    const problems = draftErrors(draft);
    setErrors(problems);
    if (problems.length) return;
    setSaving(true);
    try {
      const trimmed: Questionnaire = {
        ...draft,
        aspects: draft.aspects.map((a) => ({ ...a, items: a.items.map((i) => ({ ...i, text: i.text.trim() })) })),
        open: draft.open.map((o) => ({ ...o, text: o.text.trim() })),
      };
      await call('evaluation.setQuestionnaire', { sessionId, questionnaire: trimmed }, { silent: true });
      void message.success('问卷已保存');
      changed();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setErrors([e.error.message]);
      // Answers may have arrived meanwhile (the kiosk): reload the counts; the draft stays.
      if (e.error.code === 'CONFLICT') changed();
    } finally {
      setSaving(false);
    }
  };

  const itemsRated = draft.aspects.reduce((n, a) => n + a.items.length, 0);
  const rated = itemsRated + (draft.rateCourses ? ratedCourses : 0);
  // The number each aspect's first item carries on the printed sheet (items numbered straight through).
  const firstNos = draft.aspects.map((_, i) => 1 + draft.aspects.slice(0, i).reduce((n, a) => n + a.items.length, 0));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button type="primary" loading={saving} disabled={!dirty} onClick={() => void save()}>
          保存问卷
        </Button>
        <Button disabled={!dirty} onClick={() => replaceWith(questionnaire, '已放弃未保存的修改')}>
          放弃修改
        </Button>
        <Button onClick={() => replaceWith(DEFAULT_QUESTIONNAIRE, '已恢复默认问卷，保存后生效')}>恢复默认</Button>
        <Select
          aria-label="从其他期复制"
          placeholder="从其他期复制…"
          style={{ width: 220 }}
          value={null}
          onChange={(v: number) => void copyFrom(v)}
          options={sessions
            .filter((s) => s.id !== sessionId)
            .map((s) => ({ value: s.id, label: `第${s.number}期${s.title ? ` ${s.title}` : ''}` }))}
        />
        <span>
          <Switch aria-label="按课程评分" checked={draft.rateCourses} onChange={(v) => update({ ...draft, rateCourses: v })} /> 按课程评分
        </span>
        {dirty && <Tag color="orange">有未保存的修改</Tag>}
      </Space>
      <Typography.Text type="secondary">
        评分题共 {rated} 道（四个方面 {itemsRated} 道{draft.rateCourses ? `，课程表中的课程 ${ratedCourses} 门` : '，不按课程评分'}
        ），纸质问卷每张录入 {rated} 位；每题按 5 非常满意 … 1 非常不满意评分。已有作答的题目可以修改文字，不能删除。
      </Typography.Text>
      {errors.length > 0 && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={errors.length === 1 ? errors[0] : '问卷还不能保存：'}
          description={
            errors.length > 1 ? (
              <ul>
                {errors.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <div className="qe-aspects">
        {draft.aspects.map((a, ai) => {
          const firstNo = firstNos[ai];
          return (
            <Card
              key={a.name}
              size="small"
              title={`${a.name}（${a.items.length} 题）`}
              extra={
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  aria-label={`${a.name}添加题目`}
                  disabled={a.items.length >= MAX_ITEMS}
                  onClick={() => add(a.name, (item) => withAspect(draft, a.name as Aspect, (items) => [...items, item]))}
                >
                  添加题目
                </Button>
              }
            >
              <ItemList
                where={a.name}
                items={a.items}
                firstNo={firstNo}
                answers={answers}
                min={1}
                focusKey={focusKey}
                onChange={(items) => update(withAspect(draft, a.name, () => items))}
              />
            </Card>
          );
        })}
      </div>
      <Card
        size="small"
        title={`开放题（${draft.open.length} / ${MAX_OPEN}）`}
        extra={
          <Button
            size="small"
            icon={<PlusOutlined />}
            aria-label="开放题添加题目"
            disabled={draft.open.length >= MAX_OPEN}
            onClick={() => add(OPEN_PREFIX, (item) => ({ ...draft, open: [...draft.open, item] }))}
          >
            添加开放题
          </Button>
        }
      >
        {draft.open.length ? (
          <ItemList
            where="开放题"
            items={draft.open}
            firstNo={null}
            answers={answers}
            min={0}
            focusKey={focusKey}
            onChange={(open) => update({ ...draft, open })}
          />
        ) : (
          <Typography.Text type="secondary">没有开放题</Typography.Text>
        )}
      </Card>
    </Space>
  );
}
