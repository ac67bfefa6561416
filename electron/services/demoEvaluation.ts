/**
 * The demo's timetables and evaluations (issue 10 §5): every session gets a four-day timetable of
 * courses for SME leaders (lectures, case discussions, a visit to a factory, an exchange), and the
 * past sessions — those with attendance — get anonymous questionnaires back from about 70 % of
 * their roster, mostly 非常满意 and 满意, some 基本满意, rarely lower, varying by aspect and course,
 * typed from paper or given at the kiosk, with a few comments. Deterministic (a fixed seed), written
 * inside the demo's own transaction through timetable.set's and evaluation.addResponse's code.
 */
import { ASPECTS, courseKey, DEFAULT_QUESTIONNAIRE } from '../../shared/domain/evaluation';
import type { CourseKind } from '../../shared/domain/evaluationTypes';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { insertResponse, setTimetable } from './evaluation';
import { DEMO_INSTITUTIONS, DEMO_THEMES } from './demoPlan';
import { listSessions } from './programmes';
import { rosterEntries } from './rosters';
import { sessionSlots } from './schedule';

function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Course = [title: string, kind: CourseKind];

/** Courses any session may hold, besides its theme's own. */
const COURSES: Course[] = [
  ['企业战略管理与竞争优势构建', '讲授'],
  ['数字化转型：从信息化到智能化', '讲授'],
  ['专精特新企业的发展路径', '讲授'],
  ['企业资本运作与股权融资', '讲授'],
  ['宏观经济形势与产业政策解读', '讲授'],
  ['企业家精神与领导力提升', '讲授'],
  ['中小企业财务管理与风险防控', '讲授'],
  ['知识产权布局与技术创新管理', '讲授'],
  ['精益生产与质量管理', '讲授'],
  ['企业文化建设与人才梯队培养', '讲授'],
  ['商业模式创新案例研讨', '案例研讨'],
  ['隐形冠军企业成长案例分析', '案例研讨'],
  ['产业链协同与供应链韧性研讨', '案例研讨'],
  ['企业合规经营与法律风险案例', '案例研讨'],
];
const VISITS = ['走进智能制造示范工厂', '参观专精特新“小巨人”企业生产线', '考察国家级工业设计中心', '走进数字化转型标杆企业'];
const EXCHANGES = ['学员企业经验分享与结业座谈', '企业家沙龙：破解成长中的难题', '小组交流：本企业的转型实践'];

const SURNAMES = '王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高郑梁谢宋唐韩冯邓曹彭曾萧田董';
const GIVEN = '建国志明晓东海涛文博立新宏伟振华永强丽华静怡国平学军春生德胜卫红子健思远';
const RANKS = ['教授', '教授、博士生导师', '副教授', '研究员', '特聘教授'];
const SCHOOLS = ['管理学院', '经济学院', '商学院', '公共管理学院'];
const EXPERTS = [
  '中小企业发展研究院研究员',
  '某智能装备股份有限公司董事长',
  '国家制造强国建设专家咨询委员会委员',
  '某证券公司投资银行部董事总经理',
  '省工业和信息化研究院副院长',
];
const HOSTS = ['省中小企业服务中心主任', '培训班班主任'];

const COMMENTS_1 = [
  '课程安排紧凑，内容实用',
  '老师讲得很透彻，案例贴近中小企业实际',
  '希望多安排一些互动讨论时间',
  '现场教学收获很大',
  '组织周到，服务热情',
  '部分课程理论偏多，希望多结合案例',
  '时间有点紧，建议延长到五天',
  '同学之间交流很有价值',
];
const COMMENTS_2 = ['资本市场与上市辅导', '数字化工具的实操课程', '到更多标杆企业参观学习', '出海与国际化经营', '人力资源与股权激励'];

export interface DemoEvaluationCounts {
  timetables: number;
  courses: number;
  responses: number;
}

/** Timetables for every session of the programme; responses for the sessions that have attendance. */
export function seedDemoEvaluation(db: Db, programmeId: number): DemoEvaluationCounts {
  const r = rng(20250701 + programmeId);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const person = () => pick(SURNAMES.split('')) + pick(GIVEN.match(/../g)!);
  const counts: DemoEvaluationCounts = { timetables: 0, courses: 0, responses: 0 };
  const attended = prepared(
    db,
    'SELECT count(*) FROM attendance_marks m JOIN session_slots s ON s.id = m.slot_id WHERE s.session_id = ?',
  ).pluck();
  for (const session of listSessions(db, programmeId)) {
    const slots = sessionSlots(db, session.id).slots;
    if (!slots.length) continue;
    const theme = DEMO_THEMES[(session.number - 1) % DEMO_THEMES.length];
    const school = DEMO_INSTITUTIONS[(session.number - 1) % DEMO_INSTITUTIONS.length];
    const pool = [...COURSES].sort(() => r() - 0.5);
    const teacher = (kind: CourseKind) =>
      kind === '现场教学'
        ? { teacher: person(), teacherTitle: '企业总经理（现场讲解）' }
        : kind === '交流'
          ? { teacher: person(), teacherTitle: pick(HOSTS) }
          : r() < 0.6
            ? { teacher: person(), teacherTitle: `${school.endsWith('大学') ? school + pick(SCHOOLS) : school}${pick(RANKS)}` }
            : { teacher: person(), teacherTitle: pick(EXPERTS) };
    const courses: { slotSeq: number; title: string; teacher: string; teacherTitle: string; kind: CourseKind }[] = [];
    const add = (slotSeq: number, [title, kind]: Course) => courses.push({ slotSeq, title, kind, ...teacher(kind) });
    slots.forEach((_, k) => {
      const seq = k + 1;
      if (k === 0) add(seq, [`${theme}：形势、政策与路径`, '讲授']);
      else if (k === slots.length - 3) add(seq, [pick(VISITS), '现场教学']);
      else if (k === slots.length - 1) add(seq, [pick(EXCHANGES), '交流']);
      else {
        add(seq, pool.pop() ?? ['企业管理专题', '讲授']);
        // Some half-days hold two shorter courses.
        if (r() < 0.35) add(seq, pool.pop() ?? ['企业管理实务', '讲授']);
      }
    });
    const saved = setTimetable(db, { sessionId: session.id, courses });
    counts.timetables++;
    counts.courses += saved.length;

    if (!(attended.get(session.id) as number)) continue;
    const roster = rosterEntries(db, session.id).length;
    // About 70 %, and never outside 65–75 % however small the roster.
    const n = Math.min(Math.floor(roster * 0.75), Math.max(Math.ceil(roster * 0.65), Math.round(roster * (0.66 + r() * 0.08))));
    const kioskShare = 0.3 + r() * 0.4;
    // How well each question landed this time: aspects and courses differ a little.
    const quality = new Map<string, number>();
    for (const a of DEFAULT_QUESTIONNAIRE.aspects)
      for (const i of a.items) quality.set(i.key, (a.name === ASPECTS[2] ? -0.2 : 0) + (r() - 0.6) * 0.4);
    for (const c of saved) quality.set(courseKey(c.id), (r() - 0.65) * 0.9);
    const at = new Date(`${session.endDate ?? slots.at(-1)!.date}T16:30:00+08:00`).toISOString();
    for (let k = 0; k < n; k++) {
      // Now and then a trainee who is plainly unhappy: the rare 不满意 and 非常不满意.
      const mood = (r() + r() + r() - 1.5) * 0.7 - (r() < 0.04 ? 1.6 : 0);
      const ratings: [string, number][] = [];
      for (const [key, q] of quality) {
        if (key.startsWith('课程-') && r() < 0.04) continue; // left blank
        const x = 4.65 + mood + q + (r() + r() - 1) * 1.2;
        ratings.push([key, Math.max(1, Math.min(5, Math.round(x)))]);
      }
      const texts: [string, string][] = [];
      if (r() < 0.3) texts.push(['意见-1', pick(COMMENTS_1)]);
      if (r() < 0.12) texts.push(['意见-2', pick(COMMENTS_2)]);
      insertResponse(db, session.id, r() < kioskShare ? 'kiosk' : 'paper', ratings, texts, null, at);
      counts.responses++;
    }
  }
  return counts;
}
