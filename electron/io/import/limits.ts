/**
 * How much of a file the importer will read. Files come from e-mail and from other people's
 * systems; a 6 MB .xlsx can inflate to gigabytes and one cell can hold 50 million characters. Each
 * limit is checked while the bytes stream (never after everything has been read), so whatever
 * the file, an import stays within about 512 MB and a minute, and a refusal says which limit was
 * met and what to do. The figures are generous for what the programme handles: about a thousand
 * trainees a year, twenty to forty columns, names and enterprise names of tens of characters.
 */

const MiB = 1024 * 1024;

/** The file on disk. A 100,000-row .xlsx is about 6 MB, the same as CSV about 30 MB. */
export const MAX_FILE_BYTES = 256 * MiB;

/** One part of an .xlsx once inflated (the sheet, the shared strings, the styles). */
export const MAX_PART_BYTES = 256 * MiB;

/** Everything inflated while reading one file, all parts and every pass together. */
export const MAX_INFLATED_BYTES = 512 * MiB;

/**
 * Inflated size over compressed size. Worksheet XML compresses 10–30 times, rarely 100; a zip bomb
 * compresses a thousand times and more. Parts under MIN_RATIO_CHECKED bytes are not judged by it.
 */
export const MAX_INFLATE_RATIO = 200;
export const MIN_RATIO_CHECKED = 1 * MiB;

/** Entries in the zip: a workbook has tens, one with many sheets and pictures a few hundred. */
export const MAX_ZIP_ENTRIES = 10_000;

/** Distinct texts in the shared-string table, and their total size (UTF-8 bytes of XML text). */
export const MAX_SHARED_STRINGS = 1_500_000;
export const MAX_SHARED_TEXT_BYTES = 64 * MiB;

/** Characters in one cell. A name, an enterprise or an address is never this long. */
export const MAX_CELL_CHARS = 2_000;

/**
 * Bytes of XML text in one run between tags (one cell's value), checked before the XML parser
 * builds the string. Above MAX_CELL_CHARS × any encoding (a CJK character is 3 bytes, &#x4E2D; is 8)
 * and above Excel's 8,192-character formulas, so only a cell that is far too long meets it.
 */
export const MAX_XML_TEXT_BYTES = 64 * 1024;

/** Bytes of one XML tag with its attributes. */
export const MAX_XML_TAG_BYTES = 1 * MiB;

/**
 * Rows with content in one import. The programme registers about a thousand trainees a year, and
 * a ministry-wide summary of several years stays well below this; a larger file is a mistake (a
 * whole database export, a sheet filled down to the last row) and would make a preview nobody
 * can check.
 */
export const MAX_IMPORT_ROWS = 100_000;

/** Row records of any kind (empty ones too): Excel's own limit for a sheet. */
export const MAX_ROW_RECORDS = 1_048_576;

/** Columns: Excel's own limit (XFD). */
export const MAX_COLUMNS = 16_384;

/**
 * Cell positions read, summed over rows (each row counts up to its last cell), and cells in a
 * sheet. Bounds the work on sparse, very wide tables (one cell in XFD costs 16,384 steps in
 * exceljs): 100,000 rows of 50 columns, where a real table has 20–40.
 */
export const MAX_GRID_CELLS = 5_000_000;

/**
 * XML elements in one part: a sheet at MAX_GRID_CELLS has about three per cell. The XML parser
 * takes a few microseconds per element, so this bounds its time as well.
 */
export const MAX_XML_ELEMENTS = 20_000_000;

/** XML elements in styles.xml: Excel itself allows 64,000 cell formats. */
export const MAX_STYLE_ELEMENTS = 400_000;

/** Worksheets looked into for data before giving up. */
export const MAX_SHEETS_LOOKED_AT = 200;

/** 12345678 → 「12,345,678」; 268435456 bytes → 「256 MB」. */
export const count = (n: number): string => n.toLocaleString('en-US');
export const megabytes = (bytes: number): string => `${Math.round(bytes / MiB).toLocaleString('en-US')} MB`;
