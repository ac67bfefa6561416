/**
 * Reads a survey tool's export of the evaluation (问卷星 and the like): one row per response, one
 * column per question, the cells holding the scale's words or the digits 1–5 (mixed in one file).
 * Columns are matched to the session's questionnaire by their wording (numbering such as "3、" and
 * tags such as "（单选题）" set aside), by aspect name, or by a course's title or teacher; the tool's
 * own columns (提交时间, IP…) and anything naming a person are left aside, since answers are anonymous.
 * Problems are reported per row and column, in the registration import's shape.
 */
import { ASPECTS, courseKey, parseRating, type Aspect } from '../../shared/domain/evaluation';
import type { EvaluationImportResult, TimetableCourse } from '../../shared/domain/evaluationTypes';
import { AppError } from '../../shared/result';
import type { RawRow } from '../io/import';
import { cellText } from '../io/import/detectHeader';
import { columnLetter } from '../io/import/extractRows';

/** The question an aspect-only column answers ("课程设置" alone, without an item). */
export const overallKey = (aspect: Aspect) => `${aspect}-总体`;
/** A text column that is not one of the questionnaire's open questions keeps its header. */
export const extraTextKey = (header: string) => `开放-${header.slice(0, 50)}`;

const TOOL_COLUMNS =
  /^(序号|编号|id|答卷编号|答卷序号|提交答卷时间|提交时间|填写时间|答题时间|所用时间|答题时长|来源|来源详情|来自ip|ip|ip地址|用户id|总分|填写设备|开始时间|结束时间|序列号|渠道)$/i;
const PERSONAL = /姓名|身份证|手机|电话|工作单位|企业名称|单位名称|学员编号|座号/;
const OPEN_WORDS = /意见|建议|收获|其他|留言|体会|感想/;
const SUMMARY_ROW = /^(合计|总计|小计|平均|平均分|统计|满意率)/;

/** A header or a question, as compared: no numbering, no type tag, no spaces or punctuation. */
export function normaliseQuestion(s: string): string {
  return s
    .replace(/[\s\u3000]/g, '')
    .replace(/^(第\d+题|[Qq]?\d+)[.．、:：)）\-_]*/, '')
    .replace(/[（(【[][^）)】\]]*(题|选|量表|必答|选填)[^）)】\]]*[）)】\]]/g, '')
    .replace(/[，。、：:；;！!？?“”"'‘’（）()【】[\]—\-_.·…《》<>/\\|]/g, '')
    .toLowerCase();
}

interface Column {
  index: number;
  header: string;
  key: string | null;
  kind: 'rating' | 'text' | null;
  note: string;
}

export interface EvaluationTable {
  responses: { rowNumber: number; ratings: [string, number][]; texts: [string, string][] }[];
  rejected: number;
  warnings: number;
  errors: EvaluationImportResult['errors'];
  columns: EvaluationImportResult['columns'];
}

type Index = Map<string, { kind: 'rating' | 'text'; label: string }>;

function matchColumn(header: string, index: Index, courses: TimetableCourse[], taken: Set<string>): Omit<Column, 'index' | 'header'> {
  const h = normaliseQuestion(header);
  if (!h) return { key: null, kind: null, note: '空表头，未导入' };
  if (TOOL_COLUMNS.test(h)) return { key: null, kind: null, note: '问卷系统信息，未导入' };
  if (PERSONAL.test(h)) return { key: null, kind: null, note: '评价为匿名，此列未导入' };
  const found = (key: string, kind: 'rating' | 'text', what: string) =>
    taken.has(key) ? { key: null, kind: null, note: `与前面的列是同一题（${what}），未导入` } : (taken.add(key), { key, kind, note: what });
  // An item of an aspect, by its wording.
  for (const [key, q] of index) {
    if (key.startsWith('课程-')) continue;
    const text = normaliseQuestion(q.label.includes('：') ? q.label.slice(q.label.indexOf('：') + 1) : q.label);
    if (text.length >= 2 && (h.includes(text) || (h.length >= 4 && text.includes(h)))) return found(key, q.kind, q.label);
  }
  // A course, by its title, else by its teacher when the teacher gives one course only.
  for (const c of courses) {
    const title = normaliseQuestion(c.title);
    if (title.length >= 2 && h.includes(title) && index.has(courseKey(c.id))) return found(courseKey(c.id), 'rating', `课程：${c.title}`);
  }
  for (const c of courses) {
    const t = normaliseQuestion(c.teacher);
    if (t.length >= 2 && h.includes(t) && courses.filter((x) => x.teacher === c.teacher).length === 1 && index.has(courseKey(c.id)))
      return found(courseKey(c.id), 'rating', `课程：${c.title}（${c.teacher}）`);
  }
  // An aspect as a whole.
  const aspect = ASPECTS.find((a) => h.includes(a));
  if (aspect) return found(overallKey(aspect), 'rating', `${aspect}：总体评价`);
  if (OPEN_WORDS.test(h)) return found(extraTextKey(header.trim()), 'text', `文字题：${header.trim()}`);
  return { key: null, kind: null, note: '未对应本期问卷中的题目，未导入' };
}

/** The row (of the first ten) whose cells name the most questions. */
function findHeader(rows: RawRow[], index: Index, courses: TimetableCourse[]): { at: number; columns: Column[] } | null {
  let best: { at: number; columns: Column[]; hits: number } | null = null;
  for (let i = 0; i < Math.min(rows.length, 10); i++) {
    const taken = new Set<string>();
    const columns = rows[i].cells.map((v, at) => {
      const header = cellText(v);
      return { index: at, header, ...matchColumn(header, index, courses, taken) };
    });
    const hits = columns.filter((c) => c.key).length;
    if (hits && (!best || hits > best.hits)) best = { at: i, columns, hits };
  }
  return best;
}

export function readEvaluationTable(rows: RawRow[], index: Index, courses: TimetableCourse[]): EvaluationTable {
  const header = findHeader(rows, index, courses);
  if (!header)
    throw new AppError(
      'VALIDATION',
      `表中没有找到与本期问卷对应的列：表头应为题目（例如「${[...index.values()][0]?.label ?? '课程设置'}」）、方面名称（课程设置、师资力量、组织管理、实际效果）或课程名称。`,
    );
  const mapped = header.columns.filter((c) => c.key);
  const result: EvaluationTable = {
    responses: [],
    rejected: 0,
    warnings: 0,
    errors: [],
    columns: header.columns
      .filter((c) => c.header || c.key)
      .map((c) => ({ column: columnLetter(c.index), header: c.header, question: c.key, note: c.note })),
  };
  result.warnings = header.columns.filter((c) => c.header && !c.key && c.note !== '问卷系统信息，未导入').length;
  for (const row of rows.slice(header.at + 1)) {
    const first = cellText(row.cells.find((v) => v !== null && v !== undefined && cellText(v) !== ''));
    if (SUMMARY_ROW.test(first.replace(/\s/g, ''))) continue;
    const ratings: [string, number][] = [];
    const texts: [string, string][] = [];
    let bad = false;
    for (const c of mapped) {
      const v = row.cells[c.index];
      if (c.kind === 'text') {
        const t = cellText(v).trim();
        if (t && !/^[(（]?(跳过|空|无)[)）]?$/.test(t)) texts.push([c.key!, t.slice(0, 2000)]);
        continue;
      }
      const r = parseRating(v);
      if ('rating' in r) ratings.push([c.key!, r.rating]);
      else if ('error' in r) {
        bad = true;
        result.errors.push({
          row: row.rowNumber,
          column: c.header,
          code: 'RATING_INVALID',
          message: `第 ${row.rowNumber} 行「${c.header}」：${r.error}`,
        });
      }
    }
    if (bad) result.rejected++;
    else if (ratings.length || texts.length) result.responses.push({ rowNumber: row.rowNumber, ratings, texts });
  }
  return result;
}
