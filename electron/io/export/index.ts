/** The official tables: 报名汇总表 (.xlsx) and 学员报名表 (.xlsx or PDF). */
export { writeSummaryXlsx, summaryTitle, SUMMARY_COLUMNS, type SummaryData } from './summaryXlsx';
export { writeFormsXlsx, formSheetName } from './formXlsx';
export { writeFormsPdf, type FormsPdfData } from './formPdf';
export { resolveCjkFont, type FontWeight } from './cjkFont';
