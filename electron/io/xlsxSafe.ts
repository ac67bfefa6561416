/**
 * Text we write into spreadsheets comes from people and from other people's files. A cell that
 * starts with = + - @ (or a tab / line break before them) is taken as a formula by Excel, WPS and
 * LibreOffice as soon as someone edits it or the sheet is saved as CSV ("CSV/formula injection").
 */
const FORMULA_START = /^[=+\-@\t\r\n]/;

/** Prefixes a single quote so no spreadsheet evaluates the text; other text is returned unchanged. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
