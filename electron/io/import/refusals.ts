/**
 * The messages for files we cannot read. Each names the file, says what it is, and what to do, in
 * the words of someone who uses Excel or WPS every day. All are AppError 'VALIDATION' (the user
 * can fix them), except cancellation.
 */
import path from 'node:path';
import { AppError } from '../../../shared/result';
import { MAX_CELL_CHARS, MAX_FILE_BYTES, MAX_IMPORT_ROWS, MAX_SHARED_STRINGS, MAX_SHARED_TEXT_BYTES, count, megabytes } from './limits';

export type RefusalKind =
  | 'empty'
  | 'missing'
  | 'encrypted'
  | 'xls'
  | 'word'
  | 'powerpoint'
  | 'ole-unknown'
  | 'pdf'
  | 'image'
  | 'archive'
  | 'html'
  | 'xml'
  | 'rtf'
  | 'binary'
  | 'ods'
  | 'zip-not-xlsx'
  | 'corrupt'
  | 'unusual-xlsx'
  | 'no-rows'
  | 'not-a-table'
  | 'csv-quote'
  | 'file-too-large'
  | 'inflate-limit'
  | 'shared-strings'
  | 'cell-too-long'
  | 'too-many-rows'
  | 'too-wide';

const SAVE_AS_XLSX = '请在 Excel 或 WPS 表格中打开它，选择「文件 → 另存为」，保存类型选「Excel 工作簿（*.xlsx）」，再导入另存的文件。';
const WANT = '请选择报名汇总表的 Excel 文件（.xlsx）或 CSV 文件。';
const SPLIT = '数据较多时，请按地区或期次拆分成几个文件分别导入。';

function text(kind: RefusalKind, name: string, extra?: string): string {
  const f = `「${name}」`;
  switch (kind) {
    case 'empty':
      return `${f}文件是空的（0 字节），没有任何内容。如果它来自邮件附件或 U 盘，请重新保存或拷贝一次，再导入。`;
    case 'missing':
      return `找不到文件${f}，它可能已被移动、改名或删除。请重新选择文件。`;
    case 'encrypted':
      return (
        `${f}设置了打开密码（文件已加密），程序无法读取。请在 Excel 或 WPS 中输入密码打开它，取消密码后另存为 .xlsx 再导入` +
        '（Excel：文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码；WPS：文件 → 文档加密 → 密码加密，清空密码）。'
      );
    case 'xls':
      return `${f}是旧版 Excel 97-2003 格式（.xls），程序只能读取 .xlsx。${SAVE_AS_XLSX}`;
    case 'word':
      return `${f}是 Word 文档，不是 Excel 表格，无法导入。如果报名表是 Word 格式，请把其中的表格复制到 Excel 或 WPS 表格中，另存为 .xlsx 后再导入。`;
    case 'powerpoint':
      return `${f}是 PowerPoint 演示文稿，不是 Excel 表格，无法导入。${WANT}`;
    case 'ole-unknown':
      return `${f}是旧版 Office 格式的文件（或已加密），程序无法读取。${SAVE_AS_XLSX}`;
    case 'pdf':
      return `${f}是 PDF 文件，无法从中读取表格数据。请向报送单位索取 Excel 原件（.xlsx），或把表格录入 Excel 后再导入。`;
    case 'image':
      return `${f}是图片文件，无法从中读取表格数据。请向报送单位索取 Excel 原件（.xlsx）。`;
    case 'archive':
      return `${f}是压缩包（ZIP/RAR/7z 等），请先解压，再选择其中的 .xlsx 文件导入。`;
    case 'html':
      return `${f}实际上是网页（HTML）格式的表格，常见于从网站系统导出的「.xls」文件。${SAVE_AS_XLSX}`;
    case 'xml':
      return `${f}是 XML 格式的表格（Excel 2003 XML 或其他系统导出的文件）。${SAVE_AS_XLSX}`;
    case 'rtf':
      return `${f}是 RTF 文档，不是电子表格。${WANT}`;
    case 'binary':
      return `${f}不是电子表格文件（内容无法识别，可能只是扩展名被改成了 .xlsx 或 .csv）。${WANT}`;
    case 'ods':
      return `${f}是 OpenDocument 表格（.ods）。${SAVE_AS_XLSX}`;
    case 'zip-not-xlsx':
      return `${f}是一个压缩包或其他 Office 文件，其中没有 Excel 工作簿。如果它是压缩包，请先解压再导入其中的 .xlsx 文件；否则${WANT}`;
    case 'corrupt':
      return (
        `${f}已损坏或不完整（可能是邮件附件没有下载完整，或拷贝时中断），程序无法读取。` +
        '请重新下载或向报送单位索取原件；如果 Excel 或 WPS 还能打开它，请另存为新的 .xlsx 文件后再导入。'
      );
    case 'unusual-xlsx':
      return `${f}的内部结构不常见（可能由其他软件生成），程序无法直接读取。${SAVE_AS_XLSX}`;
    case 'no-rows':
      return `${f}中没有任何数据：工作表都是空的。请确认选择的是已经填好的报名表。`;
    case 'not-a-table':
      return `${f}是文本文件，但其中没有用逗号或制表符分隔的列，不是表格（CSV）文件。${WANT}`;
    case 'csv-quote':
      return `${f}${extra ?? ''}处的英文双引号没有配对，之后的内容无法分列。请在 Excel 或 WPS 中打开并检查该处，另存为 .xlsx 后再导入。`;
    case 'file-too-large':
      return `${f}有 ${extra ?? ''}，超过了导入文件 ${megabytes(MAX_FILE_BYTES)} 的上限。报名表通常只有几 MB，请确认选对了文件。${SPLIT}`;
    case 'inflate-limit':
      return (
        `${f}解压后的内容过大（${extra ?? ''}），超过了程序的读取上限。正常的报名表解压后只有几十 MB，这个文件可能是异常构造的或已损坏。` +
        `请确认文件来源；如果它确实是报名表，请在 Excel 或 WPS 中打开，把报名数据复制到新建的工作簿，另存为 .xlsx 后再导入。${SPLIT}`
      );
    case 'shared-strings':
      return (
        `${f}中的文字过多（${extra ?? ''}；上限为 ${count(MAX_SHARED_STRINGS)} 个不同的文字、共 ${megabytes(MAX_SHARED_TEXT_BYTES)}），程序无法读取。` +
        `请只保留报名数据所在的工作表（删除其他工作表），另存为新文件后再导入。${SPLIT}`
      );
    case 'cell-too-long':
      return (
        `${f}${extra ?? '中有一个单元格'}的内容超过了 ${count(MAX_CELL_CHARS)} 个字符的上限。姓名、企业名称、地址等都不会这么长，` +
        '这通常是误粘贴了大段文字。请在 Excel 或 WPS 中删除或缩短该单元格，保存后再导入。'
      );
    case 'too-many-rows':
      return (
        `${f}中有内容的行超过 ${count(MAX_IMPORT_ROWS)} 行，超过了一次导入的上限。本项目每年报名约一千人，一次导入用不到这么多行；` +
        `这通常是选错了文件（例如整个数据库的导出），或表格下方有大量无关内容。请删除多余的行，或按地区、期次拆分成几个文件分别导入。`
      );
    case 'too-wide':
      return (
        `${f}的表格过宽（${extra ?? ''}），超过了程序的读取上限。报名表通常只有二三十列；` +
        '请删除表格右侧多余的列（看起来是空的列也可能有空格或内容），另存后再导入。'
      );
  }
}

export function refuse(kind: RefusalKind, file: string, details?: Record<string, unknown>, extra?: string): AppError {
  return new AppError('VALIDATION', text(kind, path.basename(file), extra), { reason: kind, ...details });
}

export function cancelled(): AppError {
  return new AppError('CANCELLED', '已取消读取文件，数据未作改动。');
}
