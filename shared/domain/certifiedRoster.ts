/**
 * The certified roster's content (结业名单, issue 9 §5) as it is signed, and the comparison that
 * names what changed in a file that comes back.
 *
 * Canonical form: every cell is text — numbers as JavaScript writes them (1, not 1.0), booleans as
 * TRUE/FALSE, dates as YYYY-MM-DD, rich text joined — in Unicode NFC, CRLF as LF, trimmed. So a
 * 序号 that LibreOffice or WPS stores as the number 1 instead of the text "1", a re-saved rich-text
 * run or changed fonts and widths give the same canonical text; a changed character does not.
 * The signed bytes are a fixed prefix and JSON.stringify of an array (not an object, so key order
 * can never differ): [version, title, session, organiser, date, columns, rows].
 */

export const ROSTER_COLUMNS = ['序号', '姓名', '性别', '地区', '工作单位', '职务', '考勤情况', '结业情况', '证书编号'] as const;

export interface RosterContent {
  /** 「2025年中小企业经营管理领军人才培训结业名单」 */
  title: string;
  /** 「第1期 2025年6月23日至6月26日 北京」 */
  session: string;
  /** 「组织单位：…」 */
  organiser: string;
  /** 「制表日期：2025年6月26日」 */
  date: string;
  columns: string[];
  rows: string[][];
}

/**
 * One difference between the signed content and the file. `row`: the 1-based data row (the signed
 * position for a changed or removed row, the file's position for an added one), 0 for the header,
 * null outside the table (title, session, organiser, date, fingerprint, signature). `column`: the
 * column's title, or null for a whole row added or removed.
 */
export interface RosterChange {
  row: number | null;
  column: string | null;
  before: string | null;
  after: string | null;
}

export const SIGNED_PREFIX = 'TRAINING-LEDGER-CERTIFIED-ROSTER/1\n';

export function canonicalText(s: string): string {
  return s.normalize('NFC').replace(/\r\n?/g, '\n').trim();
}

export function canonicalContent(c: RosterContent): RosterContent {
  return {
    title: canonicalText(c.title),
    session: canonicalText(c.session),
    organiser: canonicalText(c.organiser),
    date: canonicalText(c.date),
    columns: c.columns.map(canonicalText),
    rows: c.rows.map((r) => r.map(canonicalText)),
  };
}

export function signedBytes(c: RosterContent): string {
  const k = canonicalContent(c);
  return SIGNED_PREFIX + JSON.stringify([1, k.title, k.session, k.organiser, k.date, k.columns, k.rows]);
}

/** Reads back what `JSON.stringify(content)` stored; null when it is not a roster content. */
export function parseContent(json: string): RosterContent | null {
  try {
    const v = JSON.parse(json) as Partial<RosterContent>;
    const str = (x: unknown) => typeof x === 'string';
    const strs = (x: unknown) => Array.isArray(x) && x.every(str);
    if (!v || !str(v.title) || !str(v.session) || !str(v.organiser) || !str(v.date) || !strs(v.columns)) return null;
    if (!Array.isArray(v.rows) || !v.rows.every(strs)) return null;
    return v as RosterContent;
  } catch {
    return null;
  }
}

/**
 * Aligns two sequences: equal items matched by longest common subsequence, then within each gap
 * items paired (or left over as removed / added) at the least cost, `cost(a, b)` for a pair and
 * `unpaired` for an item alone. Returns pairs of indexes, either side null when unpaired.
 */
export function align<T>(
  a: readonly T[],
  b: readonly T[],
  key: (x: T) => string,
  cost: (x: T, y: T) => number,
  unpaired: number,
): [number | null, number | null][] {
  const ka = a.map(key);
  const kb = b.map(key);
  const n = a.length;
  const m = b.length;
  // LCS table from the ends, so the walk below goes forwards.
  const L = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) L[i][j] = ka[i] === kb[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
  const out: [number | null, number | null][] = [];
  let gapA: number[] = [];
  let gapB: number[] = [];
  const flush = () => {
    out.push(...pairGap(a, b, gapA, gapB, cost, unpaired));
    gapA = [];
    gapB = [];
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && ka[i] === kb[j]) {
      flush();
      out.push([i++, j++]);
    } else if (j >= m || (i < n && L[i + 1][j] >= L[i][j + 1])) gapA.push(i++);
    else gapB.push(j++);
  }
  flush();
  return out;
}

/** Edit distance over one gap: pair, drop from a, or add from b, in order. */
function pairGap<T>(
  a: readonly T[],
  b: readonly T[],
  ga: number[],
  gb: number[],
  cost: (x: T, y: T) => number,
  unpaired: number,
): [number | null, number | null][] {
  const n = ga.length;
  const m = gb.length;
  if (!n && !m) return [];
  const D = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  for (let i = n; i >= 0; i--)
    for (let j = m; j >= 0; j--) {
      if (i === n && j === m) continue;
      let best = Infinity;
      if (i < n && j < m) best = cost(a[ga[i]], b[gb[j]]) + D[i + 1][j + 1];
      if (i < n) best = Math.min(best, unpaired + D[i + 1][j]);
      if (j < m) best = Math.min(best, unpaired + D[i][j + 1]);
      D[i][j] = best;
    }
  const out: [number | null, number | null][] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && D[i][j] === cost(a[ga[i]], b[gb[j]]) + D[i + 1][j + 1]) out.push([ga[i++], gb[j++]]);
    else if (i < n && D[i][j] === unpaired + D[i + 1][j]) out.push([ga[i++], null]);
    else out.push([null, gb[j++]]);
  }
  return out;
}

const joinRow = (r: readonly string[]) => r.filter(Boolean).join(' | ');

/**
 * Every difference between the signed content and what the file shows: the four lines above the
 * table, the header, each changed cell (row = the signed 序号 position), each removed row (signed
 * position) and each added row (its position in the file's table).
 */
export function compareContent(signed: RosterContent, found: RosterContent): RosterChange[] {
  const s = canonicalContent(signed);
  const f = canonicalContent(found);
  const changes: RosterChange[] = [];
  const meta: [string, keyof Pick<RosterContent, 'title' | 'session' | 'organiser' | 'date'>][] = [
    ['标题', 'title'],
    ['期次', 'session'],
    ['组织单位', 'organiser'],
    ['制表日期', 'date'],
  ];
  for (const [label, k] of meta) if (s[k] !== f[k]) changes.push({ row: null, column: label, before: s[k], after: f[k] });
  const width = Math.max(s.columns.length, f.columns.length, ...f.rows.map((r) => r.length));
  const colName = (c: number) => s.columns[c] ?? f.columns[c] ?? `第${c + 1}列`;
  for (let c = 0; c < width; c++) {
    const before = s.columns[c] ?? '';
    const after = f.columns[c] ?? '';
    if (before !== after) changes.push({ row: 0, column: colName(c), before, after });
  }
  const cell = (r: readonly string[], c: number) => r[c] ?? '';
  const key = (r: readonly string[]) => JSON.stringify(Array.from({ length: width }, (_, c) => cell(r, c)));
  const cost = (x: readonly string[], y: readonly string[]) => {
    let d = 0;
    for (let c = 0; c < width; c++) if (cell(x, c) !== cell(y, c)) d++;
    return d;
  };
  for (const [i, j] of align(s.rows, f.rows, key, cost, width * 0.6)) {
    if (i !== null && j !== null) {
      for (let c = 0; c < width; c++)
        if (cell(s.rows[i], c) !== cell(f.rows[j], c))
          changes.push({ row: i + 1, column: colName(c), before: cell(s.rows[i], c), after: cell(f.rows[j], c) });
    } else if (i !== null) changes.push({ row: i + 1, column: null, before: joinRow(s.rows[i]), after: null });
    else if (j !== null) changes.push({ row: j + 1, column: null, before: null, after: joinRow(f.rows[j]) });
  }
  return changes;
}
