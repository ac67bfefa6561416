/**
 * Text that looks like a formula (= + - @ …), written the way Excel stores it when a user types
 * '=…: a text cell whose format has the quote-prefix flag (`<xf quotePrefix="1">`). The cell shows
 * `+董事长`, not `'+董事长`, and editing it in Excel, WPS or LibreOffice keeps it text; a plain text
 * cell would turn into a formula at the first F2 + Enter. The old way, an apostrophe in the text
 * itself, showed the apostrophe to every reader of the table.
 *
 * exceljs 4.4 has no quote-prefix style (exceljs/exceljs#2809 was never merged), so each
 * WorkbookWriter's style table is taught it here: a style object with `quotePrefix: true` gets the
 * same <xf> as without it, plus the attribute. The cell is an inline string (`t="inlineStr"`), not
 * the formula-result kind (`t="str"`) exceljs writes for plain text without shared strings.
 */
import type ExcelJS from 'exceljs';
import { neutraliseFormula } from '../xlsxSafe';

/** A style that also carries the quote-prefix flag. */
export type QuotedStyle = Partial<ExcelJS.Style> & { quotePrefix?: boolean };

/** The parts of exceljs' StylesXform (its style manager) used below. */
interface StyleManager {
  addStyleModel(model: QuotedStyle | undefined, cellType?: unknown): number;
  /** Each cell format as the <xf …> XML it is written as. */
  model: { styles: string[] };
  index: { style: Record<string, number> };
}

const patched = new WeakSet<object>();

/**
 * Lets `quotePrefix: true` in a cell's style reach styles.xml. Call once per writer, created with
 * `useStyles: true`, before any row is committed.
 */
export function enableQuotePrefix(wb: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const styles = (wb as unknown as { styles?: StyleManager }).styles;
  if (!styles || typeof styles.addStyleModel !== 'function' || !Array.isArray(styles.model?.styles) || !styles.index?.style)
    throw new Error('exceljs style manager not found: the quote-prefix patch needs updating for this exceljs version');
  if (patched.has(styles)) return;
  patched.add(styles);
  const add = styles.addStyleModel.bind(styles);
  const quotedIds = new Map<number, number>();
  styles.addStyleModel = (model, cellType) => {
    const id = add(model, cellType);
    if (!model?.quotePrefix) return id;
    let q = quotedIds.get(id);
    if (q === undefined) {
      const xml = styles.model.styles[id].replace(/^<xf\b([^>]*?)(\/?)>/, '<xf$1 quotePrefix="1"$2>');
      q = styles.index.style[xml];
      if (q === undefined) {
        q = styles.index.style[xml] = styles.model.styles.length;
        styles.model.styles.push(xml);
      }
      quotedIds.set(id, q);
    }
    return q;
  };
}

/** Whether Excel, WPS or LibreOffice would take this text for a formula when it is edited or saved as CSV. */
export function looksLikeFormula(text: string): boolean {
  return neutraliseFormula(text) !== text;
}

const quotedOf = new WeakMap<object, QuotedStyle>();

/** The same style with the quote-prefix flag; one object per style, so exceljs reuses its <xf>. */
export function quoted(style: Partial<ExcelJS.Style>): QuotedStyle {
  let q = quotedOf.get(style);
  if (!q) {
    q = { ...style, quotePrefix: true };
    quotedOf.set(style, q);
  }
  return q;
}

/**
 * Puts text in a cell: as it is, or, when it looks like a formula, as an inline string with the
 * quote-prefix style. Call after the cell's style is final (later font or fill changes would be
 * made on the shared quoted style).
 */
export function setText(cell: ExcelJS.Cell, text: string): void {
  if (!looksLikeFormula(text)) {
    cell.value = text;
    return;
  }
  cell.value = { richText: [{ text }] };
  cell.style = quoted(cell.style);
}
