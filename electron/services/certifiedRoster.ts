/**
 * The certified roster (结业名单, issue 9 §5): built from a closed session's roster, completion
 * results and certificate register, signed with the installation's Ed25519 key, written as .xlsx
 * and PDF with the signature inside, and verified when a file comes back — naming every change.
 */
import { programmeDocTitle } from '../../shared/domain/types';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { CertifiedRosterExport, RosterVerification } from '../../shared/certifiedRosterContract';
import {
  ROSTER_COLUMNS,
  align,
  canonicalText,
  compareContent,
  parseContent,
  signedBytes,
  type RosterChange,
  type RosterContent,
} from '../../shared/domain/certifiedRoster';
import { formatDateZh } from '../../shared/domain/dates';
import { AppError } from '../../shared/result';
import { MAX_INFLATE_RATIO, MIN_RATIO_CHECKED } from '../io/import/limits';
import { readZipIndex } from '../io/import/zipIndex';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { readRosterXlsx, writeRosterXlsx, type RosterSignature } from '../io/export/certifiedRosterXlsx';
import { decodePayload, payloadInPdf, rosterPdfLayout, writeRosterPdf, type RunField } from '../io/export/certifiedRosterPdf';
import { pdfTextRuns } from '../io/pdfText';
import { completionResults } from './completion';
import { readSetting, type ServiceContext } from './context';
import { checkInputFile, writeOutput } from './files';
import type { Handlers } from './handlers';
import { getProgramme, getSession } from './programmes';
import { rosterEntries } from './rosters';
import { sessionClosure } from './sessionLock';
import { fingerprintOf, publicKeyFromPem, signingKey } from './signing';

function localDate(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function attendanceText(r: ReturnType<typeof completionResults>[number]): string {
  const extra = (['迟到', '早退', '请假', '缺勤'] as const).filter((s) => r.counts[s] > 0).map((s) => `${s}${r.counts[s]}`);
  return `出勤 ${r.attended}/${r.slots}${extra.length ? `（${extra.join('，')}）` : ''}`;
}

/** The table as it is signed: one row per approved trainee of the session, in roster order. */
export function rosterContent(db: Db, sessionId: number, today = localDate()): RosterContent {
  const session = getSession(db, sessionId);
  const programme = getProgramme(db, session.programmeId);
  const results = new Map(completionResults(db, sessionId).map((r) => [r.registrationId, r]));
  const numbers = new Map(
    (
      prepared(db, `SELECT registration_id AS registrationId, number FROM certificates WHERE session_id = ? AND status = 'valid'`).all(
        sessionId,
      ) as { registrationId: number; number: string }[]
    ).map((c) => [c.registrationId, c.number]),
  );
  const base = programmeDocTitle(programme);
  const dates =
    session.startDate && session.endDate && session.endDate !== session.startDate
      ? `${formatDateZh(session.startDate)}至${formatDateZh(session.endDate)}`
      : session.startDate
        ? formatDateZh(session.startDate)
        : '';
  const organiser = programme.organiser || readSetting(db, 'organisation', '');
  const rows = rosterEntries(db, sessionId).map((e, i) => {
    const r = results.get(e.registrationId);
    return [
      String(i + 1),
      e.name,
      e.gender ?? '',
      e.regionName,
      e.enterprise,
      e.position,
      r ? attendanceText(r) : '',
      r?.completed === true ? '结业' : r?.completed === false ? '未结业' : '待定',
      numbers.get(e.registrationId) ?? '',
    ];
  });
  return {
    title: `${base.replace(/结业名单$/, '')}结业名单`,
    session: [`第${session.number}期${session.title ? ` ${session.title}` : ''}`, dates, session.location].filter(Boolean).join('\u3000'),
    organiser: `组织单位：${organiser}`,
    date: `制表日期：${formatDateZh(today)}`,
    columns: [...ROSTER_COLUMNS],
    rows: rows.map((r) => r.map(canonicalText)),
  };
}

function sign(ctx: ServiceContext, content: RosterContent): RosterSignature {
  const key = signingKey(ctx)!;
  return {
    fingerprint: key.fingerprint,
    publicKeyPem: key.publicPem,
    signature: crypto.sign(null, Buffer.from(signedBytes(content), 'utf8'), key.privateKey).toString('base64'),
  };
}

async function exportRoster(ctx: ServiceContext, input: { sessionId: number; format: 'xlsx' | 'pdf'; out?: string; outDir?: string }) {
  const closure = sessionClosure(ctx.db, input.sessionId);
  if (!closure.closed)
    throw new AppError(
      'CONFLICT',
      `第${closure.sessionNumber}期尚未结班，不能导出结业名单。请先关闭本期（结班），锁定考勤与结业认定后再导出。`,
      { sessionId: input.sessionId },
    );
  const content = rosterContent(ctx.db, input.sessionId);
  const sig = sign(ctx, content);
  const name = `结业名单-第${closure.sessionNumber}期.${input.format}`;
  const written = await writeOutput(
    ctx,
    { out: input.out, outDir: input.outDir },
    name,
    input.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'application/pdf',
    (tmp) => (input.format === 'xlsx' ? writeRosterXlsx(tmp, content, sig) : writeRosterPdf(tmp, content, sig)),
  );
  return { ...written, rows: content.rows.length, fingerprint: sig.fingerprint } satisfies CertifiedRosterExport;
}

interface Stored {
  fingerprint: string;
  signature: string;
  content: RosterContent | null;
}

const sigChange = (after: string, before: string | null = null): RosterChange => ({ row: null, column: '签名', before, after });

/** The signature's own problems: none when it is this key's and covers exactly the stored content. */
function signatureChanges(ctx: ServiceContext, stored: Stored, publicKeyPem?: string): RosterChange[] {
  if (!stored.content) return [sigChange('签名内容已损坏，无法读取')];
  const key = publicKeyPem !== undefined ? publicKeyFromPem(publicKeyPem) : (signingKey(ctx, { create: false })?.publicKey ?? null);
  if (!key) return [sigChange(`本机没有签名密钥，请指定签发单位的公钥（文件中的指纹：${stored.fingerprint}）`)];
  const fp = fingerprintOf(key);
  if (fp !== stored.fingerprint) return [sigChange(`由另一密钥签名（指纹 ${stored.fingerprint}）`, `公钥指纹 ${fp}`)];
  let ok = false;
  try {
    ok = crypto.verify(null, Buffer.from(signedBytes(stored.content), 'utf8'), key, Buffer.from(stored.signature, 'base64'));
  } catch {
    ok = false;
  }
  return ok ? [] : [sigChange('签名无效：签名或签名内容已被改动')];
}

function fieldChange(field: RunField, columns: readonly string[], before: string | null, after: string | null): RosterChange {
  if (field.kind === 'cell') return { row: field.row + 1, column: columns[field.col] ?? `第${field.col + 1}列`, before, after };
  if (field.kind === 'header') return { row: 0, column: columns[field.col] ?? `第${field.col + 1}列`, before, after };
  if (field.kind === 'meta') return { row: null, column: field.label, before, after };
  return { row: null, column: '页码', before, after };
}

function verifyPdf(ctx: ServiceContext, bytes: Buffer, publicKeyPem?: string): { fingerprint: string | null; changes: RosterChange[] } {
  const raw = payloadInPdf(bytes);
  if (!raw) return { fingerprint: null, changes: [sigChange('缺失：文件中没有结业名单的签名')] };
  const payload = decodePayload(raw);
  if (!payload || typeof payload.fingerprint !== 'string' || typeof payload.signature !== 'string')
    return { fingerprint: null, changes: [sigChange('签名内容已损坏，无法读取')] };
  const content = parseContent(JSON.stringify(payload.content ?? null));
  const changes = signatureChanges(ctx, { fingerprint: payload.fingerprint, signature: payload.signature, content }, publicKeyPem);
  if (!content) return { fingerprint: payload.fingerprint, changes };
  // The text in the file against the signed content laid out the same way, run by run.
  const expected = rosterPdfLayout(content, payload.fingerprint).flat();
  const pages = pdfTextRuns(bytes);
  if (!pages)
    return {
      fingerprint: payload.fingerprint,
      changes: [...changes, { row: null, column: '正文', before: null, after: '无法读取 PDF 正文（文件可能已被其他程序改写）' }],
    };
  const found = pages.flat().map(canonicalText);
  const want = expected.filter((r) => r.text !== '');
  for (const [i, j] of align(
    want.map((r) => canonicalText(r.text)),
    found,
    (x) => x,
    (x, y) => (x === y ? 0 : 1),
    0.75,
  )) {
    if (i !== null && j !== null) {
      if (canonicalText(want[i].text) !== found[j]) changes.push(fieldChange(want[i].field, content.columns, want[i].text, found[j]));
    } else if (i !== null) changes.push(fieldChange(want[i].field, content.columns, want[i].text, null));
    else if (j !== null) changes.push({ row: null, column: '正文', before: null, after: found[j] });
  }
  return { fingerprint: payload.fingerprint, changes };
}

async function verifyXlsx(
  ctx: ServiceContext,
  file: string,
  publicKeyPem?: string,
): Promise<{ fingerprint: string | null; changes: RosterChange[] }> {
  let read: Awaited<ReturnType<typeof readRosterXlsx>>;
  try {
    read = await readRosterXlsx(file);
  } catch {
    throw new AppError('VALIDATION', '无法读取该 .xlsx 文件：文件可能已损坏，或不是 Excel 工作簿。', { file });
  }
  const sig = read.signature;
  if (!sig || !sig.signature) return { fingerprint: null, changes: [sigChange('缺失：文件中没有结业名单的签名')] };
  const content = sig.content === null ? null : parseContent(sig.content);
  const changes = signatureChanges(ctx, { fingerprint: sig.fingerprint, signature: sig.signature, content }, publicKeyPem);
  if (content) {
    if (!read.found) changes.push({ row: null, column: '结业名单', before: '工作表「结业名单」', after: null });
    else changes.push(...compareContent(content, read.found));
  }
  if (read.found && read.shownFingerprint !== sig.fingerprint)
    changes.push({ row: null, column: '签名密钥指纹', before: sig.fingerprint, after: read.shownFingerprint });
  return { fingerprint: sig.fingerprint, changes };
}

/** A certified roster is a few hundred rows: anything far larger is not one, and is not read. */
const MAX_ROSTER_FILE = 20 * 1024 * 1024;
const MAX_ROSTER_INFLATED = 100 * 1024 * 1024;

/**
 * Bounds a returned file before a whole-file reader (ExcelJS, our PDF reader) sees it: its size, and
 * for a workbook the sizes its zip declares (a zip bomb announces itself there, or fails the CRC
 * check when it lies; the PDF reader caps each stream it inflates on its own).
 */
function checkReturnedFileSize(file: string, kind: 'xlsx' | 'pdf'): void {
  const size = fs.statSync(file).size;
  const tooBig = () =>
    new AppError('VALIDATION', `该文件（${Math.round(size / 1024 / 1024)} MB）远大于任何结业名单，未读取。`, { file, size });
  if (size > MAX_ROSTER_FILE) throw tooBig();
  if (kind !== 'xlsx') return;
  let declared = 0;
  try {
    for (const e of readZipIndex(file).entries.values()) {
      declared += e.size;
      if (e.compressedSize > 0 && e.size / e.compressedSize > MAX_INFLATE_RATIO && e.size > MIN_RATIO_CHECKED) throw tooBig();
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    return; // not a readable zip: the workbook reader says so in its own words
  }
  if (declared > MAX_ROSTER_INFLATED) throw tooBig();
}

export async function verifyRosterFile(ctx: ServiceContext, file: string, publicKeyPem?: string): Promise<RosterVerification> {
  checkInputFile(file);
  const head = Buffer.alloc(5);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 5, 0);
  } finally {
    fs.closeSync(fd);
  }
  const kind = head.subarray(0, 2).toString('latin1') === 'PK' ? 'xlsx' : head.toString('latin1') === '%PDF-' ? 'pdf' : null;
  if (!kind) throw new AppError('VALIDATION', '该文件既不是 .xlsx 工作簿也不是 PDF，无法核验结业名单。', { file });
  checkReturnedFileSize(file, kind);
  const r = kind === 'xlsx' ? await verifyXlsx(ctx, file, publicKeyPem) : verifyPdf(ctx, fs.readFileSync(file), publicKeyPem);
  const valid = r.changes.length === 0;
  return {
    valid,
    fingerprint: r.fingerprint,
    changes: r.changes,
    message: valid
      ? `签名有效，内容未被改动（签名密钥指纹 ${r.fingerprint}）。`
      : r.changes.some((c) => c.column === '签名')
        ? `签名核验未通过，共 ${r.changes.length} 处问题。`
        : `内容已被改动，共 ${r.changes.length} 处改动。`,
  };
}

export function certifiedRosterHandlers(ctx: ServiceContext): Pick<Handlers, 'certifiedRoster.export' | 'certifiedRoster.verify'> {
  return {
    'certifiedRoster.export': (input) => exportRoster(ctx, input),
    'certifiedRoster.verify': ({ path, publicKeyPem }) => verifyRosterFile(ctx, path, publicKeyPem),
  };
}
