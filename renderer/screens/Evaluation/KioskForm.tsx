/**
 * The kiosk form (issue 10 §2b): the whole window while kiosk mode is on. Trainees fill it in turn on
 * the class laptop; each submission is stored anonymously (source 'kiosk'), thanked, and the form
 * comes back blank for the next one. Nothing here asks who is answering.
 */
import { Alert, App, Button, Input, Result, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { Questionnaire } from '../../../shared/domain/evaluation';
import { courseKey, SCALE } from '../../../shared/domain/evaluation';
import type { TimetableCourse } from '../../../shared/domain/evaluationTypes';
import { ApiError, call } from '../../api';
import { useKiosk } from '../../stores/kiosk';
import { KioskExit } from './KioskExit';
import './kiosk.css';

/** The thank-you stays this long unless 下一位 is pressed. */
const THANKS_MS = 6_000;

interface Loaded {
  questionnaire: Questionnaire;
  courses: TimetableCourse[];
}

function RatingRow({ label, value, onChange }: { label: string; value: number | undefined; onChange: (v: number) => void }) {
  return (
    <div className="kiosk-question">
      <div className="kiosk-question-text">{label}</div>
      <div className="kiosk-scale" role="radiogroup" aria-label={label}>
        {SCALE.map((s) => (
          <button
            key={s.value}
            type="button"
            role="radio"
            aria-checked={value === s.value}
            className={value === s.value ? 'kiosk-choice kiosk-choice-on' : 'kiosk-choice'}
            onClick={() => onChange(s.value)}
          >
            {s.label}
          </button>
        ))}
      </div>
    </div>
  );
}

/** Keys and gestures that would leave the form (back, forward, reload) do nothing while it is shown. */
function useNoNavigation(): void {
  useEffect(() => {
    history.pushState({ kiosk: true }, '', location.href);
    const stay = () => history.pushState({ kiosk: true }, '', location.href);
    const keys = (e: KeyboardEvent) => {
      const k = e.key;
      if (
        k === 'F5' ||
        k === 'BrowserBack' ||
        k === 'BrowserForward' ||
        ((e.ctrlKey || e.metaKey) && (k === 'r' || k === 'R')) ||
        (e.altKey && (k === 'ArrowLeft' || k === 'ArrowRight'))
      )
        e.preventDefault();
    };
    const noMenu = (e: MouseEvent) => e.preventDefault();
    window.addEventListener('popstate', stay);
    window.addEventListener('keydown', keys, true);
    window.addEventListener('contextmenu', noMenu);
    return () => {
      window.removeEventListener('popstate', stay);
      window.removeEventListener('keydown', keys, true);
      window.removeEventListener('contextmenu', noMenu);
    };
  }, []);
}

function Questions({ sessionId, loaded, onDone }: { sessionId: number; loaded: Loaded; onDone: () => void }) {
  const { modal } = App.useApp();
  const [ratings, setRatings] = useState<Record<string, number>>({});
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { questionnaire: q, courses } = loaded;
  const rated = [...q.aspects.flatMap((a) => a.items.map((i) => i.key)), ...(q.rateCourses ? courses.map((c) => courseKey(c.id)) : [])];
  const rate = (key: string) => (v: number) => setRatings((r) => ({ ...r, [key]: v }));

  const send = async () => {
    setSaving(true);
    setError(null);
    try {
      const filled = Object.fromEntries(Object.entries(texts).filter(([, t]) => t.trim()));
      await call('evaluation.addResponse', { sessionId, source: 'kiosk', ratings, texts: filled }, { silent: true });
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e.error.message : (e as Error).message);
    } finally {
      setSaving(false);
    }
  };
  const submit = () => {
    const answered = Object.keys(ratings).length;
    const wrote = Object.values(texts).some((t) => t.trim());
    if (!answered && !wrote) {
      modal.warning({ title: '您还没有作答任何题目', content: '请至少选择一项评价后再提交。', okText: '返回作答' });
      return;
    }
    const missing = rated.length - answered;
    if (missing > 0)
      modal.confirm({
        title: `还有 ${missing} 道评分题未作答`,
        content: '未作答的题目不计入统计。确定提交吗？',
        okText: '确定提交',
        cancelText: '继续作答',
        onOk: send,
      });
    else void send();
  };

  return (
    <>
      {q.aspects.map((a) => (
        <section key={a.name} className="kiosk-section" aria-label={a.name}>
          <Typography.Title level={3}>{a.name}</Typography.Title>
          {a.items.map((i) => (
            <RatingRow key={i.key} label={i.text} value={ratings[i.key]} onChange={rate(i.key)} />
          ))}
        </section>
      ))}
      {q.rateCourses && courses.length > 0 && (
        <section className="kiosk-section" aria-label="课程评价">
          <Typography.Title level={3}>课程评价</Typography.Title>
          {courses.map((c) => (
            <RatingRow
              key={c.id}
              label={`${c.title}${c.teacher ? `（${c.teacher}${c.teacherTitle ? `，${c.teacherTitle}` : ''}）` : ''}`}
              value={ratings[courseKey(c.id)]}
              onChange={rate(courseKey(c.id))}
            />
          ))}
        </section>
      )}
      {q.open.length > 0 && (
        <section className="kiosk-section" aria-label="意见和建议">
          <Typography.Title level={3}>意见和建议</Typography.Title>
          {q.open.map((o) => (
            <div key={o.key} className="kiosk-question">
              <div className="kiosk-question-text">{o.text}</div>
              <Input.TextArea
                aria-label={o.text}
                className="kiosk-text"
                autoSize={{ minRows: 3, maxRows: 8 }}
                maxLength={2000}
                value={texts[o.key] ?? ''}
                onChange={(e) => setTexts((t) => ({ ...t, [o.key]: e.target.value }))}
              />
            </div>
          ))}
        </section>
      )}
      {error && <Alert type="error" showIcon title={`提交未成功：${error}`} style={{ marginBottom: 16 }} />}
      <Button type="primary" size="large" className="kiosk-submit" loading={saving} onClick={submit}>
        提交
      </Button>
    </>
  );
}

export function KioskForm() {
  const kiosk = useKiosk((s) => s.kiosk)!;
  const sessionId = kiosk.sessionId;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [thanks, setThanks] = useState(false);
  // Bumped after each submission: a fresh, blank form for the next trainee.
  const [round, setRound] = useState(0);
  useNoNavigation();

  useEffect(() => {
    let live = true;
    Promise.all([
      call('evaluation.questionnaire', { sessionId }, { silent: true }),
      call('timetable.list', { sessionId }, { silent: true }),
    ]).then(
      ([questionnaire, courses]) => live && setLoaded({ questionnaire, courses }),
      (e: unknown) => live && setLoadError(e instanceof ApiError ? e.error.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [sessionId]);

  useEffect(() => {
    if (!thanks) return;
    const t = setTimeout(() => setThanks(false), THANKS_MS);
    return () => clearTimeout(t);
  }, [thanks]);

  return (
    <div className="kiosk" data-testid="kiosk">
      <header className="kiosk-header">
        <div>
          <Typography.Title level={2} style={{ margin: 0 }}>
            培训效果评价问卷
          </Typography.Title>
          <Typography.Text type="secondary">{kiosk.sessionLabel}</Typography.Text>
        </div>
        <KioskExit />
      </header>
      <Alert type="info" showIcon className="kiosk-anonymous" title="本问卷不记名，请根据您的真实感受作答。所填内容仅用于改进培训工作。" />
      {thanks ? (
        <Result
          status="success"
          title="提交成功，感谢您的评价！"
          subTitle="请将电脑交给下一位学员。"
          extra={
            <Button type="primary" size="large" className="kiosk-submit" onClick={() => setThanks(false)}>
              下一位
            </Button>
          }
        />
      ) : loadError ? (
        <Alert type="error" showIcon title={`问卷无法加载：${loadError}`} />
      ) : !loaded ? (
        <Spin size="large" />
      ) : (
        <Questions
          key={round}
          sessionId={sessionId}
          loaded={loaded}
          onDone={() => {
            setRound((r) => r + 1);
            setThanks(true);
            window.scrollTo(0, 0);
          }}
        />
      )}
    </div>
  );
}
