/**
 * The demo's follow-up of the enterprises whose trainees attended a session that has ended: most
 * get a visit (回访) a month or two after the session and the yearly figures (年度经营数据) of the
 * years already reported, growing or shrinking plausibly from the revenue on their registration
 * form; some gain a qualification (小巨人, 高新技术企业…), a few lose one; some were never reached.
 * Deterministic: it draws from the demo's own seeded random numbers.
 */
import { parseTrackedQualification, TRACKED_QUALIFICATIONS, type TrackedQualification } from '../../shared/domain/enterpriseFileTypes';
import type { Db } from '../db/connection';
import { nowIso } from './context';
import { changeQualifications, insertFollowUp, type Draft } from './followups';

const VISIT_NOTES = [
  '学员反馈课程对企业战略梳理帮助较大，已在公司内部组织分享。',
  '企业计划扩建生产线，希望对接产业基金。',
  '学员与同期学员企业达成供货合作意向。',
  '企业反映融资成本偏高，建议增加投融资专题。',
  '已按培训中学习的方法推行精益管理，生产效率有所提升。',
  '企业正在申报专精特新，希望获得申报辅导。',
  '学员建议后续组织赴标杆企业现场交流。',
  '企业海外订单增长，关注出口合规与汇率风险。',
];
const SURVEY_NOTES = ['参加数字化转型需求调研，填报了设备联网与数据治理情况。', '参加人才需求调研：急需研发与高技能人才。'];

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

interface Trained {
  enterpriseId: number;
  revenueWan: number | null;
  employees: number | null;
  qualifications: string;
  endDate: string;
  year: number;
}

/** Follow-up records for the enterprises of the programme's sessions that ended before `today`. */
export function seedDemoFollowUps(db: Db, programmeId: number, today: string, r: () => number): number {
  const trained = db
    .prepare(
      `SELECT e.id AS enterpriseId, e.revenue_wan AS revenueWan, e.employees, e.qualifications, s.end_date AS endDate, p.year
         FROM registrations g JOIN enterprises e ON e.id = g.enterprise_id JOIN sessions s ON s.id = g.session_id
         JOIN programmes p ON p.id = g.programme_id
        WHERE g.programme_id = ? AND g.status = 'approved' AND s.end_date IS NOT NULL AND s.end_date < ?
        ORDER BY g.id`,
    )
    .all(programmeId, today) as Trained[];
  const at = nowIso();
  let n = 0;
  const add = (id: number, d: Omit<Draft, 'gained' | 'lost'> & Partial<Pick<Draft, 'gained' | 'lost'>>) => {
    insertFollowUp(db, id, { gained: [], lost: [], ...d }, 'manual', null, at);
    if (d.gained?.length || d.lost?.length) changeQualifications(db, id, d.gained ?? [], d.lost ?? [], at);
    n++;
  };
  const none = { year: null, revenueWan: null, profitWan: null, employees: null, rdWan: null, patents: null };
  for (const t of trained) {
    // Some enterprises were not reached (yet).
    if (r() < 0.15) continue;
    const visit = addDays(t.endDate, 30 + Math.floor(r() * 45));
    if (visit <= today)
      add(t.enterpriseId, { ...none, date: visit, kind: '回访', notes: VISIT_NOTES[Math.floor(r() * VISIT_NOTES.length)] });
    if (r() < 0.2) {
      const survey = addDays(t.endDate, 120 + Math.floor(r() * 90));
      if (survey <= today)
        add(t.enterpriseId, { ...none, date: survey, kind: '调研', notes: SURVEY_NOTES[Math.floor(r() * SURVEY_NOTES.length)] });
    }
    // The yearly figures reported so far: the year before the training (the form's 上年营业收入) onwards,
    // each reported in the spring after the year ended; a third of the enterprises also sent the year before.
    let revenue = t.revenueWan ?? 1000 + r() * 20000;
    let employees = t.employees ?? 50 + Math.floor(r() * 400);
    let patents = Math.floor(r() * 30);
    const trend = r() < 0.75 ? 0.04 + r() * 0.16 : -0.12 + r() * 0.1;
    const first = t.year - (r() < 0.33 ? 2 : 1);
    const baseMargin = trend > 0 ? 0.04 + r() * 0.1 : -0.04 + r() * 0.06;
    const held = (JSON.parse(t.qualifications) as string[]).map(parseTrackedQualification).filter((q): q is TrackedQualification => !!q);
    for (let y = first; ; y++) {
      const reported = `${y + 1}-03-${String(10 + Math.floor(r() * 18)).padStart(2, '0')}`;
      if (reported > today) break;
      if (y > first) {
        revenue *= 1 + trend + (r() - 0.5) * 0.08;
        employees = Math.max(5, Math.round(employees * (1 + trend / 2 + (r() - 0.5) * 0.05)));
        patents += Math.floor(r() * 6);
      }
      const margin = baseMargin + (r() - 0.5) * 0.03;
      const last = !(`${y + 2}-03-10` <= today);
      // The newest report sometimes brings a new title (or the loss of one).
      let gained: TrackedQualification[] = [];
      let lost: TrackedQualification[] = [];
      if (last && trend > 0 && r() < 0.25) {
        const candidates = TRACKED_QUALIFICATIONS.filter((q) => !held.includes(q));
        if (candidates.length) gained = [candidates[Math.floor(r() * candidates.length)]];
      } else if (last && trend < 0 && held.length && r() < 0.3) lost = [held[Math.floor(r() * held.length)]];
      add(t.enterpriseId, {
        date: reported,
        kind: '年度经营数据',
        year: y,
        revenueWan: round(revenue),
        profitWan: round(revenue * margin),
        employees,
        rdWan: round(revenue * (0.02 + r() * 0.06)),
        patents,
        gained,
        lost,
        notes: gained.length ? `${y} 年获评${gained[0]}。` : lost.length ? `${lost[0]}资格到期未复审。` : '',
      });
    }
  }
  return n;
}
