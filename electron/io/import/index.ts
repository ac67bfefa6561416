/**
 * One call for the import service: open the file, find the header (or the form), apply the user's
 * column mapping, and stream the records. The first rows are read once for the detection and then
 * handed on, so the file is read a single time.
 */
import type { FieldKey } from '../../../shared/domain/fields';
import {
  applyMapping,
  detectHeader,
  HEADER_SCAN_ROWS,
  mappingSignature,
  missingRequiredFields,
  isIgnoredHeader,
  type HeaderColumn,
} from './detectHeader';
import { extractForm, extractRows, type ExtractedRow, type SkippedRow } from './extractRows';
import { peekRows, readRows, type RawRow, type ReadOptions, type TableInfo } from './readTable';

export type { ExtractedRow, SkippedRow } from './extractRows';
export type { HeaderColumn, HeaderDetection, TableHeader, FormLayout } from './detectHeader';
export type { RawRow, TableInfo, ReadOptions } from './readTable';
export { inspectFile, readRows } from './readTable';
export {
  MAX_CELL_CHARS,
  MAX_COLUMNS,
  MAX_FILE_BYTES,
  MAX_GRID_CELLS,
  MAX_IMPORT_ROWS,
  MAX_INFLATED_BYTES,
  MAX_INFLATE_RATIO,
  MAX_PART_BYTES,
  MAX_SHARED_STRINGS,
  MAX_SHARED_TEXT_BYTES,
} from './limits';
import { inspectFile } from './readTable';
import { AppError } from '../../../shared/result';

/** A 学员报名表 is read whole; past this many rows it is not a one-page form. */
const FORM_MAX_ROWS = 300;

export interface ImportHeader {
  layout: 'table' | 'form';
  /** First header row (for a form: the row of its first field). */
  headerRow: number;
  headerRows: number;
  dataStartRow: number;
  titleText: string | null;
  reportingUnit: string | null;
  /** After the mapping. For a form, `index` is the position in the form's field list. */
  columns: HeaderColumn[];
  unmapped: string[];
  missingRequired: FieldKey[];
  /** mappingSignature of the header texts: the key to remember the user's mapping under. */
  signature: string;
}

export interface ImportSource extends TableInfo {
  header: ImportHeader;
  records: AsyncIterable<ExtractedRow>;
  /** Filled while `records` is read: complete once the iteration has ended. */
  skipped: SkippedRow[];
  close(): Promise<void>;
}

export interface ImportReadOptions extends ReadOptions {
  /** The mapping to apply for a header shape: the user's choice now, or one remembered for the signature. */
  mapping?: (signature: string) => Record<string, FieldKey | null> | undefined;
}

function finishColumns(
  auto: HeaderColumn[],
  signature: string,
  opts: ImportReadOptions,
): Pick<ImportHeader, 'columns' | 'unmapped' | 'missingRequired'> {
  const override = opts.mapping?.(signature);
  const columns = override ? applyMapping(auto, override) : auto;
  return {
    columns,
    unmapped: columns.filter((c) => !c.field && !isIgnoredHeader(c.header)).map((c) => c.header),
    missingRequired: missingRequiredFields(columns),
  };
}

const MAX_SHEETS_TRIED = 10;

/**
 * Opens an import file. Throws AppError for unreadable files and for sheets without a header.
 * When the first sheet with data has no header (a 填表说明 sheet before the table), the next
 * sheets are tried; if none has one, the first sheet's error is the one reported.
 */
export async function readImportFile(file: string, opts: ImportReadOptions = {}): Promise<ImportSource> {
  let first: unknown = null;
  for (let skip = 0; skip < MAX_SHEETS_TRIED; skip++) {
    try {
      return await readImportSheet(file, { ...opts, sheetSkip: skip });
    } catch (e) {
      const reason = e instanceof AppError ? (e.details as { reason?: string } | undefined)?.reason : undefined;
      if (skip === 0) first = e;
      // Only "this sheet has no header" moves on; a CSV has one table, an unreadable file stays unreadable.
      if (reason !== 'no-header' && !(skip > 0 && reason === 'no-rows')) throw e;
      if (reason === 'no-rows' || (await inspectFile(file)).kind !== 'xlsx') break;
    }
  }
  throw first;
}

async function readImportSheet(file: string, opts: ImportReadOptions): Promise<ImportSource> {
  // readRows judges the file before its first row; peekRows below has read at least that far.
  const judged: { info?: TableInfo } = {};
  const rows = readRows(file, { ...opts, onInfo: (i) => (judged.info = i) });
  const { head, rest, info: ended } = await peekRows(rows, HEADER_SCAN_ROWS);
  const close = async (): Promise<void> => {
    await rows.return(undefined as never).catch(() => {});
  };
  try {
    const detected = detectHeader(head);
    if (detected.layout === 'table') {
      const positional: string[] = [];
      for (const c of detected.columns) positional[c.index] = c.header;
      const signature = mappingSignature(Array.from(positional, (h) => h ?? ''));
      const done = finishColumns(detected.columns, signature, opts);
      const header = { ...detected, ...done };
      const skipped: SkippedRow[] = [];
      async function* all(): AsyncGenerator<RawRow> {
        yield* head;
        if (!ended) yield* rest;
      }
      return {
        ...judged.info!,
        header: {
          layout: 'table',
          headerRow: header.headerRow,
          headerRows: header.headerRows,
          dataStartRow: header.dataStartRow,
          titleText: header.titleText,
          reportingUnit: header.reportingUnit,
          columns: done.columns,
          unmapped: done.unmapped,
          missingRequired: done.missingRequired,
          signature,
        },
        records: extractRows(all(), header, skipped),
        skipped,
        close,
      };
    }

    // A form: read it whole (it is one page), then one record.
    const formRows = [...head];
    let finished = ended !== null;
    while (!finished && formRows.length < FORM_MAX_ROWS) {
      const r = await rest.next();
      if (r.done) finished = true;
      else formRows.push(r.value);
    }
    await close();
    const form = detectHeader(formRows);
    if (form.layout !== 'form') throw new Error('form layout changed between reads');
    const auto: HeaderColumn[] = form.fields.map((f, index) => ({ index, header: f.label, field: f.field }));
    const signature = mappingSignature(['<form>', ...auto.map((c) => c.header)]);
    const done = finishColumns(auto, signature, opts);
    const record = extractForm(formRows, form);
    // Apply the mapping to the form's values: each label's value goes to the field now chosen for it.
    const byLabel = new Map(form.fields.map((f) => [f.label, record.values[f.field]]));
    const refByLabel = new Map(form.fields.map((f) => [f.label, record.cellRefs[f.field]]));
    const values: ExtractedRow['values'] = {};
    const cellRefs: ExtractedRow['cellRefs'] = {};
    for (const c of done.columns) {
      if (!c.field) continue;
      values[c.field] = byLabel.get(c.header) ?? null;
      const ref = refByLabel.get(c.header);
      if (ref) cellRefs[c.field] = ref;
    }
    return {
      ...judged.info!,
      header: {
        layout: 'form',
        headerRow: form.firstRow,
        headerRows: 0,
        dataStartRow: form.firstRow,
        titleText: form.titleText,
        reportingUnit: form.reportingUnit,
        signature,
        ...done,
      },
      records: (async function* () {
        yield { rowNumber: record.rowNumber, values, cellRefs };
      })(),
      skipped: [],
      close: async () => {},
    };
  } catch (e) {
    await close();
    throw e;
  }
}
