/**
 * Cleaning of what people type or paste, and of what Excel/WPS cells hold: full-width characters,
 * ideographic spaces, non-breaking spaces and zero-width characters are common in real files and
 * must not make two equal values look different. Pure: the renderer imports this too.
 */

/** Zero-width characters that survive NFKC and are invisible in a cell (BOM, ZWSP, ZWJ, word joiner). */
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;

/** Anything to text; null/undefined become '' so callers need no special case for empty cells. */
function toText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  return String(v);
}

/** NFKC folds full-width letters, digits and punctuation (and U+3000) to their ASCII forms. */
function fold(v: unknown): string {
  return toText(v).normalize('NFKC').replace(ZERO_WIDTH, '');
}

/** General free text: NFKC, trimmed, every run of whitespace (incl. U+3000, NBSP) as one space. */
export function normalizeText(v: unknown): string {
  return fold(v).replace(/\s+/g, ' ').trim();
}

/**
 * Codes (ID numbers, credit codes, phone numbers): NFKC, no whitespace at all, upper case.
 * A leading apostrophe is dropped too: it is how people force Excel to keep a number as text,
 * and it shows up literally in CSV exports and pasted text.
 */
export function normalizeCode(v: unknown): string {
  return fold(v)
    .replace(/\s+/g, '')
    .replace(/^['‘’`]+/, '')
    .toUpperCase();
}

/** Middle-dot look-alikes typed in minority names (e.g. 阿依古丽·买买提); NFKC already turned U+FF65 into U+30FB. */
const NAME_DOTS = /[\u00B7\u30FB\uFF65\u2022\u2027\u2219\u22C5\u2E31]/g;

/**
 * Personal names: Chinese names are written without spaces ("张\u3000三" → "张三"), and every middle-dot
 * variant becomes U+00B7 "·" so that the same person is not recorded twice. A full stop between two
 * Chinese characters (from U+FF0E or ".") is such a dot too. A single space between two Latin
 * letters is kept, so a name written in Latin script ("Mary Jane") stays readable.
 */
export function normalizeName(v: unknown): string {
  return fold(v)
    .replace(/\s+/g, ' ')
    .replace(/(?<!\p{Script=Latin}) | (?!\p{Script=Latin})/gu, '')
    .replace(NAME_DOTS, '·')
    .replace(/(?<=\p{Script=Han})\.(?=\p{Script=Han})/gu, '·')
    .replace(/·{2,}/g, '·');
}

/** Dash look-alikes people put inside phone numbers (after NFKC the full-width one is already "-"). */
const DASHES = /[-\u2010-\u2015\u2212]/g;

/**
 * Phone numbers: normalizeCode, then without the country prefix (+86, 0086, 86-, (+86)) and
 * without inner hyphens, so "+86 138-0013-8000" and "13800138000" compare equal. A bare "86" is only
 * removed when what follows is an 11-digit mobile number, because a landline may start with 86.
 */
export function normalizePhone(v: unknown): string {
  let s = normalizeCode(v);
  s = s.replace(/^\(?(?:\+86|0086)\)?/, '');
  if (/^86[-\u2010-\u2015\u2212]/.test(s)) s = s.slice(2);
  else if (/^861[3-9]\d{9}$/.test(s)) s = s.slice(2);
  return s.replace(DASHES, '');
}
