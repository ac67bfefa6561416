/**
 * Reads the timetable an institution sends (.xlsx, made by hand): title rows, then a header such as
 * 日期 | 时间 | 课程内容 | 授课教师 | 职务职称 | 教学形式; the date merged down over several rows
 * (exceljs' streaming reader reports a merged area in its top-left cell only, so an empty date cell
 * means "the date above"); dates as Excel dates or serials, 2025-06-10, 6月10日, 6.10, 周二 6月10日
 * or 第二天; the half-day as 上午/下午 or as times (8:30-12:00). Each course is placed in the session's
 * half-day slot of its date and part; anything that does not fit is reported per row and column.
 * Pure: rows and the session's schedule in, courses and findings out.
 */
import { COURSE_KINDS, type CourseKind, type ImportedCourse, type TimetableImportResult } from '../../shared/domain/evaluationTypes';
import type { SessionSlot } from '../../shared/domain/quotas';
import { AppError } from '../../shared/result';
import type { RawRow } from '../io/import';
import { cellText } from '../io/import/detectHeader';
import { columnLetter } from '../io/import/extractRows';

type Field = 'date' | 'time' | 'title' | 'teacher' | 'teacherTitle' | 'kind';

const FIELD_NOTES: Record<Field, string> = {
  date: '日期（空白时沿用上一行的日期）',
  time: '时段（上午/下午或起止时间）',
  title: '课程名称',
  teacher: '授课教师（括号内的职务职称另存）',
  teacherTitle: '教师职务、职称或单位',
  kind: '教学形式',
};

/** Header words, tried in this order (「课程类型」 is a kind, not a title; 「授课教师及职称」 a teacher). */
const HEADERS: [Field, RegExp][] = [
  ['kind', /^(教学)?(形式|类型|方式|类别)$|课程(类型|形式|类别)|教学(形式|方式)|授课(形式|方式)/],
  ['teacher', /授课教师|主讲|授课专家|授课人|^教师|^讲师|^专家|^师资|^嘉宾|^授课$|^主持/],
  ['teacherTitle', /职务|职称|单位|简介|头衔/],
  ['date', /^(培训)?日期|^日\s*期|^天数$|^日程$|^星期$|^天$/],
  ['time', /^(授课|上课|课程)?时间|^时段|^时\s*间|^上下午|^时间段/],
  ['title', /课程|内容|课题|专题|主题|题目|安排|项目|活动/],
];
const IGNORED = /^(序号|编号|序|no\.?|#)$/i;

/** Rows that are the day's arrangements rather than courses. */
const ARRANGEMENT =
  /^(学员)?报到|开班(式|仪式|典礼)?|开学典礼|结业(式|仪式|典礼)|毕业典礼|午餐|午休|晚餐|早餐|用餐|就餐|茶歇|合影|返程|离会|自由活动|入住|休息$|班会|破冰/;
const FOOTER = /^(注|备注|说明|填表说明|联系人|联系电话)[:：、]?/;
const NONE = /^(无|—+|-+|\/|待定)$/;

const KIND_WORDS: [CourseKind, RegExp][] = [
  ['现场教学', /现场|参观|考察|走进|实地|观摩|调研|企业行/],
  ['案例研讨', /研讨|案例|沙盘|工作坊|workshop|模拟|演练|复盘/i],
  ['交流', /座谈|分享|沙龙|交流|对话|论坛|圆桌|路演|对接/],
  ['讲授', /讲座|讲授|授课|专题|讲课|报告|解读|课堂/],
];

const CN_NUM: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

export interface TimetableSession {
  startDate: string | null;
  endDate: string | null;
  slots: SessionSlot[];
}

export interface TimetableTable {
  courses: ImportedCourse[];
  errors: TimetableImportResult['errors'];
  warnings: TimetableImportResult['warnings'];
  columns: TimetableImportResult['columns'];
}

const iso = (y: number, m: number, d: number): string | null => {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d ? dt.toISOString().slice(0, 10) : null;
};
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const dateText = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

function chineseNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (s === '十') return 10;
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s);
  if (!m || !s) return null;
  if (!m[2]) return m[1] && !m[3] ? CN_NUM[m[1]] : null;
  return (m[1] ? CN_NUM[m[1]] : 1) * 10 + (m[3] ? CN_NUM[m[3]] : 0);
}

type DateRead = { date: string; rest: string } | { error: string } | null;

/**
 * A date cell → YYYY-MM-DD (the year, when missing, the session's), with what is left of the text
 * (「6月10日上午」 leaves 「上午」). null: nothing that looks like a date.
 */
export function readDate(v: unknown, session: TimetableSession): DateRead {
  const year = Number((session.startDate ?? '').slice(0, 4)) || new Date().getUTCFullYear();
  if (v instanceof Date) return { date: v.toISOString().slice(0, 10), rest: '' };
  if (typeof v === 'number') {
    if (v >= 20000 && v < 80000) {
      // An Excel serial day (1900 system; Excel's 1900-02-29 lies before any plausible date).
      const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(v) * 86_400_000).toISOString().slice(0, 10);
      return { date: d, rest: '' };
    }
    // 「6.10」 typed into a number cell arrives as 6.1: June 1 or June 10, whichever lies in the session.
    const m = Math.floor(v);
    const frac = String(v).split('.')[1] ?? '';
    if (m >= 1 && m <= 12 && frac) {
      const candidates = [Number(frac), Number(frac.padEnd(2, '0'))].map((d) => iso(year, m, d)).filter((d): d is string => !!d);
      const inside = candidates.find((d) => inSession(d, session));
      if (inside ?? candidates[0]) return { date: (inside ?? candidates[0])!, rest: '' };
    }
    return { error: `「${v}」不是日期` };
  }
  let s = cellText(v).replace(/\s/g, '');
  if (!s) return null;
  // 周二 / 星期二 / （周二） carry nothing the date does not.
  s = s.replace(/[（(]?(周|星期|礼拜)[一二三四五六日天][）)]?/g, '');
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(.*)$/.exec(s);
  if (m) {
    const d = iso(+m[1], +m[2], +m[3]);
    return d ? { date: d, rest: m[4] } : { error: `日期「${cellText(v)}」不存在` };
  }
  m = /^(\d{1,2})月(\d{1,2})[日号]?(.*)$/.exec(s) ?? /^(\d{1,2})[./-](\d{1,2})(?![\d:：])(.*)$/.exec(s);
  if (m) {
    const d = iso(year, +m[1], +m[2]);
    return d ? { date: d, rest: m[3] } : { error: `日期「${cellText(v)}」不存在` };
  }
  m = /^(?:第([一二两三四五六七八九十\d]+)天|day(\d+))(.*)$/i.exec(s);
  if (m) {
    const n = chineseNumber(m[1] ?? m[2]);
    if (!session.startDate) return { error: `「${cellText(v)}」需要本期的开始日期，请先填写期次的日期` };
    if (!n) return { error: `「${cellText(v)}」不是日期` };
    return { date: addDays(session.startDate, n - 1), rest: m[3] };
  }
  return s.replace(/上午|下午|晚上|早上|中午/g, '') ? { error: `「${cellText(v)}」不是日期` } : null;
}

function inSession(date: string, session: TimetableSession): boolean {
  if (session.slots.some((s) => s.date === date)) return true;
  return !!session.startDate && date >= session.startDate && date <= (session.endDate ?? session.startDate);
}

/** A time cell → the half-day: 上午/下午/晚上 in words, or the start of 8:30-12:00, or an Excel time. */
export function readPart(v: unknown): '上午' | '下午' | '晚上' | null | 'bad' {
  let hour: number | null = null;
  if (v instanceof Date) hour = v.getUTCHours();
  else if (typeof v === 'number') hour = v >= 0 && v < 1 ? Math.floor(v * 24 + 1e-9) : v >= 0 && v < 24 ? Math.floor(v) : null;
  else {
    const s = cellText(v).replace(/\s/g, '');
    if (!s) return null;
    if (/上午|早上|早晨|am/i.test(s)) return '上午';
    if (/下午|pm/i.test(s)) return '下午';
    if (/晚上|晚间|夜间/.test(s)) return '晚上';
    if (/中午/.test(s)) return '下午';
    const t = /(\d{1,2})[:：.](\d{2})/.exec(s) ?? /^(\d{1,2})点/.exec(s);
    if (t) hour = Number(t[1]);
    else return 'bad';
  }
  if (hour === null || hour > 23) return 'bad';
  return hour < 12 ? '上午' : hour < 18 ? '下午' : '晚上';
}

const RANKS = '教授|副教授|研究员|副研究员|博士|讲师|高级工程师|总经理|董事长|院长|副院长|主任|处长|司长|局长';

/** 「张三（清华大学教授）」 → 张三 + 清华大学教授; 「张三 教授」 → 张三 + 教授. */
export function splitTeacher(cell: string): { name: string; title: string } {
  const s = cell.replace(/[\s\u3000]+/g, ' ').trim();
  const rank = new RegExp(`^(\\p{Script=Han}{2,3})\\s*(${RANKS})$`, 'u').exec(s);
  if (rank) return { name: rank[1], title: rank[2] };
  const m = /^([^（(]+?)\s*[（(](.+)[）)]$/.exec(s);
  if (m) return { name: m[1].trim(), title: m[2].trim() };
  const sp = /^(\p{Script=Han}{2,4}|\p{Script=Han}+·\p{Script=Han}+)[\s,，、/]+(.+)$/u.exec(s);
  // 「张三 李四」 are two teachers, not a name and a title.
  if (sp && !/[、,，]/.test(sp[2]) && !/^\p{Script=Han}{2,3}$/u.test(sp[2])) return { name: sp[1], title: sp[2].trim() };
  return { name: s, title: '' };
}

export function kindOf(word: string): CourseKind | null {
  const w = word.replace(/\s/g, '');
  if ((COURSE_KINDS as readonly string[]).includes(w)) return w as CourseKind;
  for (const [kind, re] of KIND_WORDS) if (re.test(w)) return kind;
  return null;
}

function headerField(h: string): Field | null {
  const k = h.replace(/[\s\u3000]/g, '');
  if (!k || IGNORED.test(k)) return null;
  // 「日期/时间」, 「日期时间」: the date column (the part may be read from the same cell).
  if (/^日期/.test(k)) return 'date';
  for (const [field, re] of HEADERS) if (re.test(k)) return field;
  return null;
}

/** The row (of the first 15) naming the most fields, a course title among them. */
function findHeader(rows: RawRow[]): { at: number; fields: (Field | null)[] } | null {
  let best: { at: number; fields: (Field | null)[]; hits: number } | null = null;
  for (let i = 0; i < Math.min(rows.length, 15); i++) {
    const seen = new Set<Field>();
    const fields = rows[i].cells.map((v) => {
      const text = cellText(v);
      // A header is a short label: a long cell is the title row, whatever words it holds.
      const f = text.length <= 12 ? headerField(text) : null;
      if (!f || seen.has(f)) return null;
      seen.add(f);
      return f;
    });
    const hits = seen.size;
    if (seen.has('title') && hits >= 2 && (!best || hits > best.hits)) best = { at: i, fields, hits };
  }
  return best;
}

export function readTimetableTable(rows: RawRow[], session: TimetableSession): TimetableTable {
  const header = findHeader(rows);
  if (!header)
    throw new AppError(
      'VALIDATION',
      '表中没有找到课程表的表头：应有「课程」（或课程名称、内容）一列，以及日期、时间、授课教师等列中的至少一列。',
    );
  const col = (f: Field) => header.fields.indexOf(f);
  const headerRow = rows[header.at];
  const result: TimetableTable = { courses: [], errors: [], warnings: [], columns: [] };
  headerRow.cells.forEach((v, i) => {
    const h = cellText(v);
    if (!h) return;
    const f = header.fields[i];
    result.columns.push({
      column: columnLetter(i),
      header: h,
      field: f,
      note: f ? FIELD_NOTES[f] : IGNORED.test(h) ? '序号，未导入' : '未对应课程表的内容，未导入',
    });
  });
  if (col('date') < 0 && col('time') < 0)
    throw new AppError('VALIDATION', '表中没有日期或时间列：无法把课程排进本期的半天时段。表头应有「日期」和「时间」（或上午/下午）。');
  const headerText = (f: Field) => cellText(headerRow.cells[col(f)]) || FIELD_NOTES[f];
  const error = (row: number, f: Field, code: string, message: string) =>
    result.errors.push({ row, column: headerText(f), code, message: `第 ${row} 行「${headerText(f)}」：${message}` });

  let date: string | null = null;
  let part: '上午' | '下午' | '晚上' | null = null;
  let footer = false;
  for (const row of rows.slice(header.at + 1)) {
    const get = (f: Field) => (col(f) >= 0 ? row.cells[col(f)] : null);
    const text = (f: Field) => cellText(get(f));
    const title = text('title');
    const all = row.cells.map(cellText).filter(Boolean);
    if (!all.length) continue;
    if (footer || (all.length === 1 && FOOTER.test(all[0]))) {
      footer = true;
      continue;
    }
    // The header pasted again (a timetable printed over two pages).
    if (header.fields.every((f, i) => !f || headerField(cellText(row.cells[i])) === f)) continue;

    // The date: this row's, else the one above (a merged cell); the part likewise, within a day.
    let rest = '';
    const dateCell = get('date');
    const timeCell = get('time');
    let read = col('date') >= 0 ? readDate(dateCell, session) : null;
    if (!read && col('date') < 0) {
      // No date column: the time column may carry the date (「6月10日 上午」).
      const r = readDate(timeCell, session);
      if (r && 'date' in r) read = r;
    }
    if (read && 'error' in read) {
      error(row.rowNumber, 'date', 'DATE_INVALID', `${read.error}，请写成 2025-06-10、6月10日或第一天`);
      continue;
    }
    if (read) {
      if (read.date !== date) part = null;
      date = read.date;
      rest = read.rest;
    }
    const timePart = readPart(timeCell);
    const restPart = rest ? readPart(rest) : null;
    const newPart = timePart && timePart !== 'bad' ? timePart : restPart && restPart !== 'bad' ? restPart : null;
    if (newPart) part = newPart;
    if (!title) continue; // A row naming the day only (「6月10日 周二」), or the rest of a merged area.
    if (title.length > 200) {
      error(row.rowNumber, 'title', 'TITLE_TOO_LONG', `课程名称超过 200 字，请缩短`);
      continue;
    }
    // Not cellText: it drops the space that separates 「赵强 教授」.
    const teacherCell = String(get('teacher') ?? '').trim();
    const teacher = NONE.test(teacherCell) ? { name: '', title: '' } : splitTeacher(teacherCell);
    if (ARRANGEMENT.test(title.replace(/\s/g, '')) && !teacher.name) {
      result.warnings.push({ row: row.rowNumber, message: `第 ${row.rowNumber} 行「${title}」是日程安排（无授课教师），未作为课程导入` });
      continue;
    }
    if (!date) {
      error(row.rowNumber, 'date', 'DATE_MISSING', '没有日期（上面也没有），无法排入时段');
      continue;
    }
    if (timePart === 'bad' && !newPart) {
      error(row.rowNumber, 'time', 'TIME_INVALID', `「${text('time')}」不是上午、下午或起止时间（如 8:30-12:00）`);
      continue;
    }
    if (!part) {
      error(row.rowNumber, 'time', 'PART_MISSING', '没有写明上午还是下午');
      continue;
    }
    if (!inSession(date, session)) {
      const span = session.startDate ? `${dateText(session.startDate)}至${dateText(session.endDate ?? session.startDate)}` : '本期日程';
      error(row.rowNumber, 'date', 'DATE_OUTSIDE', `${dateText(date)}不在本期（${span}）之内`);
      continue;
    }
    const seq = session.slots.findIndex((s) => s.date === date && s.part === part);
    if (seq < 0) {
      error(row.rowNumber, 'time', 'SLOT_MISSING', `本期日程中没有${dateText(date)}${part}这个时段，请先在期次日程中添加`);
      continue;
    }
    if (teacher.name.length > 100 || teacher.title.length + text('teacherTitle').length > 200) {
      error(row.rowNumber, 'teacher', 'TEACHER_TOO_LONG', '授课教师或职称太长（教师 100 字、职称 200 字以内）');
      continue;
    }
    const notes: string[] = [];
    if (teacher.title) notes.push(`职称「${teacher.title}」取自教师一栏`);
    const kindCell = text('kind');
    let kind = kindCell ? kindOf(kindCell) : null;
    if (kindCell && !kind) notes.push(`形式「${kindCell}」未识别，按讲授`);
    kind ??= kindOf(title) ?? '讲授';
    result.courses.push({
      row: row.rowNumber,
      slotSeq: seq + 1,
      date,
      part,
      title,
      teacher: teacher.name,
      teacherTitle: [teacher.title, text('teacherTitle')].filter((t) => t && !NONE.test(t)).join('，'),
      kind,
      note: notes.join('；'),
    });
  }
  if (!result.courses.length && !result.errors.length)
    throw new AppError('VALIDATION', '表头下面没有读到课程：请检查文件是否为本期的课程表。');
  return result;
}
