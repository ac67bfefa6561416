/**
 * Completion certificates: the numbering pattern and template per programme, the register (issue,
 * 补发, 撤销, every step audited and kept as an event), the PDFs, and offline verification of a
 * certificate's QR statement against the register.
 */
import fs from 'node:fs';
import path from 'node:path';
import type {
  CertificateEvent,
  CertificateExport,
  CertificateRecord,
  CertificateSettings,
  IssueResult,
  VerifyResult,
} from '../../shared/certificateContract';
import { DEFAULT_NUMBER_PATTERN, expandPattern, patternScope } from '../../shared/domain/certificateNumber';
import {
  DEFAULT_TEMPLATE,
  certificateTemplateSchema,
  type CertificateData,
  type CertificateTemplate,
} from '../../shared/domain/certificateTemplate';
import { AppError } from '../../shared/result';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { SharedFonts } from '../io/export/certificateFonts';
import {
  writeCalibrationPdf,
  writeCertificatePdf,
  writeCertificatesPdf,
  checkCertificateImages,
  qrPayloadsInPdf,
} from '../io/export/certificatePdf';
import { createPace } from '../io/pace';
import { completionResults } from './completion';
import { DEFAULT_OPERATOR, nowIso, readSetting, writeTx, type ServiceContext } from './context';
import { writeOutput } from './files';
import type { Handlers } from './handlers';
import { getProgramme, getSession } from './programmes';
import { checkStatement, signStatement, signingKey, subjectDigest } from './signing';

const PDF = 'application/pdf';

/**
 * Who may get a certificate: the trainees of the session whose completion result (issue 8's rule,
 * or an audited override) is 结业. The one place that decides it.
 */
export function eligibleRegistrations(db: Db, sessionId: number): { registrationId: number; name: string }[] {
  return completionResults(db, sessionId)
    .filter((r) => r.completed === true)
    .map((r) => ({ registrationId: r.registrationId, name: r.name }));
}

function operator(db: Db): string {
  return readSetting(db, 'operatorName', DEFAULT_OPERATOR);
}

export function getSettings(db: Db, programmeId: number): CertificateSettings {
  getProgramme(db, programmeId);
  const row = prepared(db, 'SELECT pattern, template FROM certificate_settings WHERE programme_id = ?').get(programmeId) as
    { pattern: string; template: string | null } | undefined;
  let template: CertificateTemplate = DEFAULT_TEMPLATE;
  if (row?.template) {
    const parsed = certificateTemplateSchema.safeParse(JSON.parse(row.template));
    if (parsed.success) template = parsed.data;
  }
  const printers = prepared(
    db,
    'SELECT printer, dx_mm AS dx, dy_mm AS dy FROM printer_offsets ORDER BY printer',
  ).all() as CertificateSettings['printers'];
  return { programmeId, pattern: row?.pattern ?? DEFAULT_NUMBER_PATTERN, template, printers };
}

const RECORD_SQL = `SELECT c.id, c.number, c.name, c.registration_id AS registrationId, c.programme_id AS programmeId, p.title AS programmeTitle,
  c.session_id AS sessionId, c.session_number AS sessionNumber, c.issue_date AS issueDate, c.status, c.reissues,
  c.issued_at AS issuedAt, c.issued_by AS issuedBy, c.revoked_at AS revokedAt, c.revoke_reason AS revokeReason,
  c.key_fingerprint AS keyFingerprint, c.statement
  FROM certificates c JOIN programmes p ON p.id = c.programme_id`;

type RecordRow = Omit<CertificateRecord, 'events'> & { id: number; statement: string };

function withEvents(db: Db, row: RecordRow): CertificateRecord & { statement: string } {
  const events = prepared(db, 'SELECT kind, reason, at, by FROM certificate_events WHERE certificate_id = ? ORDER BY id').all(
    row.id,
  ) as CertificateEvent[];
  const { id: _id, ...rest } = row;
  return { ...rest, events };
}

function publicRecord(r: CertificateRecord & { statement: string }): CertificateRecord {
  const { statement: _s, ...rest } = r;
  return rest;
}

export function findCertificate(db: Db, number: string): (CertificateRecord & { statement: string }) | null {
  const row = prepared(db, `${RECORD_SQL} WHERE c.number = ?`).get(number) as RecordRow | undefined;
  return row ? withEvents(db, row) : null;
}

function mustFind(db: Db, number: string): CertificateRecord & { statement: string } {
  const r = findCertificate(db, number);
  if (!r) throw new AppError('NOT_FOUND', `证书登记簿中没有编号为「${number}」的证书，请核对编号。`, { number });
  return r;
}

export function sessionRegister(db: Db, sessionId: number): (CertificateRecord & { statement: string })[] {
  getSession(db, sessionId);
  return (prepared(db, `${RECORD_SQL} WHERE c.session_id = ? ORDER BY c.id`).all(sessionId) as RecordRow[]).map((r) => withEvents(db, r));
}

function addEvent(db: Db, certificateId: number, kind: CertificateEvent['kind'], reason: string): void {
  prepared(db, 'INSERT INTO certificate_events (certificate_id, kind, reason, at, by) VALUES (?, ?, ?, ?, ?)').run(
    certificateId,
    kind,
    reason,
    nowIso(),
    operator(db),
  );
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function issue(ctx: ServiceContext, sessionId: number, issueDate: string | undefined): IssueResult {
  const { db } = ctx;
  const session = getSession(db, sessionId);
  const programme = getProgramme(db, session.programmeId);
  const { pattern } = getSettings(db, programme.id);
  const key = signingKey(ctx)!;
  const date = issueDate ?? session.endDate ?? today();
  const has = prepared(db, 'SELECT 1 FROM certificates WHERE registration_id = ?');
  const eligible = eligibleRegistrations(db, sessionId);
  const eligibleIds = new Set(eligible.map((e) => e.registrationId));
  const approved = prepared(
    db,
    `SELECT r.id AS registrationId, t.name FROM registrations r JOIN trainees t ON t.id = r.trainee_id
     WHERE r.session_id = ? AND r.status = 'approved' ORDER BY r.id`,
  ).all(sessionId) as { registrationId: number; name: string }[];
  const scope = patternScope(pattern, { year: programme.year, session: session.number });
  const counter = prepared(db, 'SELECT last_seq AS n FROM certificate_counters WHERE programme_id = ? AND scope = ?');
  const taken = prepared(db, 'SELECT 1 FROM certificates WHERE number = ?');
  let seq = (counter.get(programme.id, scope) as { n: number } | undefined)?.n ?? 0;
  const insert = prepared(
    db,
    `INSERT INTO certificates (number, programme_id, session_id, registration_id, name, session_number, issue_date, statement, key_fingerprint, issued_at, issued_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const result: IssueResult = { issued: [], alreadyIssued: 0, notEligible: approved.filter((a) => !eligibleIds.has(a.registrationId)) };
  for (const e of eligible) {
    if (has.get(e.registrationId)) {
      result.alreadyIssued++;
      continue;
    }
    let number: string;
    // Never reuse: the counter only rises, and a number already in the register (an old pattern) is skipped.
    do number = expandPattern(pattern, { year: programme.year, session: session.number, seq: ++seq });
    while (taken.get(number));
    const statement = signStatement(key, { number, name: e.name, programmeId: programme.id, sessionNumber: session.number });
    const { lastInsertRowid } = insert.run(
      number,
      programme.id,
      sessionId,
      e.registrationId,
      e.name,
      session.number,
      date,
      statement,
      key.fingerprint,
      nowIso(),
      operator(db),
    );
    addEvent(db, Number(lastInsertRowid), 'issue', '');
    result.issued.push({ number, name: e.name, registrationId: e.registrationId });
  }
  prepared(
    db,
    `INSERT INTO certificate_counters (programme_id, scope, last_seq) VALUES (?, ?, ?)
     ON CONFLICT (programme_id, scope) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)`,
  ).run(programme.id, scope, seq);
  return result;
}

function certificateData(r: CertificateRecord & { statement: string }, db: Db): CertificateData {
  const session = getSession(db, r.sessionId);
  const programme = getProgramme(db, r.programmeId);
  return {
    number: r.number,
    name: r.name,
    programme: programme.title,
    sessionNumber: r.sessionNumber,
    sessionTitle: session.title,
    startDate: session.startDate,
    endDate: session.endDate,
    organiser: programme.organiser,
    issueDate: r.issueDate,
    reissued: r.reissues > 0,
    qr: r.statement,
  };
}

/** `编号-姓名.pdf`, with characters Windows refuses in file names replaced. */
export function certificateFileName(number: string, name: string): string {
  return [...`${number}-${name}.pdf`].map((c) => (c < ' ' || '\\/:*?"<>|'.includes(c) ? '_' : c)).join('');
}

function offsetFor(settings: CertificateSettings, printer: string | undefined): { dx: number; dy: number } {
  if (!printer) return { dx: 0, dy: 0 };
  const p = settings.printers.find((x) => x.printer === printer);
  if (!p) throw new AppError('VALIDATION', `还没有打印机「${printer}」的套打偏移：请先打印校准页并填写偏移。`, { printer });
  return { dx: p.dx, dy: p.dy };
}

let fonts: SharedFonts | null = null;
/** Parsed once per engine: every export after the first only subsets. */
function sharedFonts(): SharedFonts {
  fonts ??= new SharedFonts();
  return fonts;
}

async function exportCertificates(
  ctx: ServiceContext,
  input: { sessionId: number; numbers?: string[]; separate: boolean; preprinted?: { printer?: string }; out?: string; outDir?: string },
  signal: AbortSignal,
  progress: (done: number, total: number | null, message: string) => void,
): Promise<CertificateExport> {
  const { db } = ctx;
  const session = getSession(db, input.sessionId);
  const settings = getSettings(db, session.programmeId);
  let records = sessionRegister(db, input.sessionId);
  if (input.numbers) {
    const wanted = new Set(input.numbers);
    const missing = input.numbers.filter((n) => !records.some((r) => r.number === n));
    if (missing.length) throw new AppError('NOT_FOUND', `本期没有编号为「${missing[0]}」的证书，请核对编号。`, { missing });
    records = records.filter((r) => wanted.has(r.number));
    const revoked = records.find((r) => r.status === 'revoked');
    if (revoked) throw new AppError('VALIDATION', `证书「${revoked.number}」已撤销，不能再打印。`, { number: revoked.number });
  } else records = records.filter((r) => r.status === 'valid');
  if (!records.length) throw new AppError('VALIDATION', '本期还没有可打印的证书：请先为结业学员发放证书编号。');
  const layout = {
    template: settings.template,
    mode: input.preprinted ? ('preprinted' as const) : ('full' as const),
    offset: input.preprinted ? offsetFor(settings, input.preprinted.printer) : undefined,
  };
  checkCertificateImages(settings.template);
  const certs = records.map((r) => certificateData(r, db));
  const pace = createPace(signal);
  const shared = sharedFonts();
  if (!input.separate) {
    const name = `结业证书-第${session.number}期${input.preprinted ? '-套打' : ''}.pdf`;
    const written = await writeOutput(ctx, { out: input.out, outDir: input.outDir }, name, PDF, (tmp) =>
      writeCertificatesPdf(tmp, certs, layout, { fonts: shared, pace, title: `结业证书（第${session.number}期）` }),
    );
    return { ...written, certificates: certs.length };
  }
  const dir = input.outDir ?? path.join(ctx.outboxDir, `结业证书-第${session.number}期-${Date.now()}`);
  let bytes = 0;
  for (const [i, c] of certs.entries()) {
    const written = await writeOutput(ctx, { outDir: dir }, certificateFileName(c.number, c.name), PDF, (tmp) =>
      writeCertificatePdf(tmp, c, layout, shared),
    );
    bytes += written.bytes;
    const p = pace();
    if (p) {
      progress(i + 1, certs.length, `已生成 ${i + 1} / ${certs.length} 份证书`);
      await p;
    }
  }
  return { path: path.resolve(dir), fileName: path.basename(dir), mimeType: 'inode/directory', bytes, certificates: certs.length };
}

export function verifyStatement(ctx: Pick<ServiceContext, 'db' | 'dbPath'>, qr: string): VerifyResult {
  const key = signingKey(ctx, { create: false });
  const forged = (message: string, record: CertificateRecord | null = null): VerifyResult => ({
    verdict: 'forged',
    message,
    record,
    fingerprint: key?.fingerprint ?? null,
  });
  if (!key) return forged('本机还没有签发过证书，无法核验：请在发证的电脑上核验。');
  const parsed = checkStatement(qr, key.publicKey);
  if (!parsed) return forged('这不是本系统结业证书的二维码内容，或内容不完整。');
  if (!parsed.signatureOk) return forged(`签名无效：证书「${parsed.number}」的二维码不是本机签发的，或已被改动。`);
  const r = findCertificate(ctx.db, parsed.number);
  if (!r) return forged(`签名有效，但登记簿中没有证书「${parsed.number}」：数据文件可能来自旧备份，请核对。`);
  const digest = subjectDigest({ number: r.number, name: r.name, programmeId: r.programmeId, sessionNumber: r.sessionNumber });
  if (digest !== parsed.digest || r.statement !== qr.trim())
    return forged(`二维码与登记簿中证书「${r.number}」的内容不符。`, publicRecord(r));
  if (r.status === 'revoked')
    return {
      verdict: 'revoked',
      message: `证书「${r.number}」（${r.name}）已于 ${r.revokedAt?.slice(0, 10)} 撤销：${r.revokeReason}`,
      record: publicRecord(r),
      fingerprint: key.fingerprint,
    };
  return {
    verdict: 'valid',
    message: `证书有效：${r.name}，${r.programmeTitle}第${r.sessionNumber}期，编号 ${r.number}${r.reissues ? '（补发）' : ''}。`,
    record: publicRecord(r),
    fingerprint: key.fingerprint,
  };
}

const IMAGE_MAX_BYTES = 20 * 1024 * 1024;

/** PNG or JPEG by their first bytes (what pdfkit can draw); null otherwise. */
function imageMime(bytes: Buffer): string | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

function readChosenFile(file: string, maxBytes: number): Buffer {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new AppError('NOT_FOUND', `找不到文件「${file}」，请重新选择。`, { path: file });
  }
  if (size > maxBytes) throw new AppError('VALIDATION', `文件「${path.basename(file)}」太大（${Math.round(size / 1048576)} MB）。`);
  return fs.readFileSync(file);
}

export function certificateHandlers(
  ctx: ServiceContext,
): Pick<
  Handlers,
  | 'certificates.settings.get'
  | 'certificates.settings.set'
  | 'certificates.printerOffset'
  | 'certificates.issue'
  | 'certificates.register'
  | 'certificates.reissue'
  | 'certificates.revoke'
  | 'certificates.export'
  | 'certificates.calibration'
  | 'certificates.verify'
  | 'certificates.verifyFile'
  | 'certificates.image'
  | 'signing.publicKey'
> {
  const { db } = ctx;
  return {
    'certificates.settings.get': ({ programmeId }) => getSettings(db, programmeId),
    'certificates.settings.set': ({ programmeId, pattern, template }) =>
      writeTx(
        db,
        'certificates.settings.set',
        () => {
          const before = getSettings(db, programmeId);
          const next = { pattern: pattern ?? before.pattern, template: template ?? before.template };
          prepared(
            db,
            `INSERT INTO certificate_settings (programme_id, pattern, template, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (programme_id) DO UPDATE SET pattern = excluded.pattern, template = excluded.template,
               updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
          ).run(programmeId, next.pattern, JSON.stringify(next.template), nowIso(), operator(db));
          return { before, after: getSettings(db, programmeId) };
        },
        ({ before, after }) =>
          before.pattern !== after.pattern ? `证书编号规则：${before.pattern} → ${after.pattern}` : `修改证书模板（项目 ${programmeId}）`,
        ({ before, after }) => ({
          programmeId,
          before: { pattern: before.pattern, template: before.template },
          after: { pattern: after.pattern, template: after.template },
        }),
      ).after,
    'certificates.printerOffset': ({ printer, dx, dy }) =>
      writeTx(
        db,
        'certificates.printerOffset',
        () => {
          prepared(
            db,
            `INSERT INTO printer_offsets (printer, dx_mm, dy_mm, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (printer) DO UPDATE SET dx_mm = excluded.dx_mm, dy_mm = excluded.dy_mm, updated_at = excluded.updated_at`,
          ).run(printer, dx, dy, nowIso());
          return prepared(
            db,
            'SELECT printer, dx_mm AS dx, dy_mm AS dy FROM printer_offsets ORDER BY printer',
          ).all() as CertificateSettings['printers'];
        },
        () => `打印机「${printer}」的套打偏移设为 X ${dx} 毫米、Y ${dy} 毫米`,
      ),
    'certificates.issue': ({ sessionId, issueDate }) =>
      writeTx(
        db,
        'certificates.issue',
        () => issue(ctx, sessionId, issueDate),
        (r) =>
          r.issued.length
            ? `发放结业证书 ${r.issued.length} 份：${r.issued[0].number}${r.issued.length > 1 ? ` 至 ${r.issued[r.issued.length - 1].number}` : ''}`
            : `发放结业证书：没有新的证书（已发 ${r.alreadyIssued} 份）`,
        (r) => ({ sessionId, numbers: r.issued.map((i) => [i.number, i.registrationId]) }),
      ),
    'certificates.register': ({ sessionId }) => sessionRegister(db, sessionId).map(publicRecord),
    'certificates.reissue': ({ number, reason }) =>
      writeTx(
        db,
        'certificates.reissue',
        () => {
          const r = mustFind(db, number);
          if (r.status === 'revoked') throw new AppError('VALIDATION', `证书「${number}」已撤销，不能补发。`, { number });
          const { id } = prepared(db, 'SELECT id FROM certificates WHERE number = ?').get(number) as { id: number };
          prepared(db, 'UPDATE certificates SET reissues = reissues + 1 WHERE id = ?').run(id);
          addEvent(db, id, 'reissue', reason);
          return publicRecord(mustFind(db, number));
        },
        (r) => `补发结业证书 ${r.number}（${r.name}）：${reason}`,
        (r) => ({ number: r.number, reason, reissues: r.reissues }),
      ),
    'certificates.revoke': ({ number, reason }) =>
      writeTx(
        db,
        'certificates.revoke',
        () => {
          const r = mustFind(db, number);
          if (r.status === 'revoked')
            throw new AppError('CONFLICT', `证书「${number}」已于 ${r.revokedAt?.slice(0, 10)} 撤销。`, { number });
          const { id } = prepared(db, 'SELECT id FROM certificates WHERE number = ?').get(number) as { id: number };
          prepared(db, `UPDATE certificates SET status = 'revoked', revoked_at = ?, revoke_reason = ? WHERE id = ?`).run(
            nowIso(),
            reason,
            id,
          );
          addEvent(db, id, 'revoke', reason);
          return publicRecord(mustFind(db, number));
        },
        (r) => `撤销结业证书 ${r.number}（${r.name}）：${reason}`,
        (r) => ({ number: r.number, reason }),
      ),
    'certificates.export': (input, call) => exportCertificates(ctx, input, call.signal, call.progress),
    'certificates.calibration': async ({ programmeId, printer, out }) => {
      const settings = getSettings(db, programmeId);
      const offset = offsetFor(settings, printer);
      return writeOutput(ctx, out, `套打校准页${printer ? `-${printer}` : ''}.pdf`.replace(/[\\/:*?"<>|]/g, '_'), PDF, (tmp) =>
        writeCalibrationPdf(tmp, settings.template, offset, sharedFonts()),
      );
    },
    'certificates.verify': ({ qr }) => verifyStatement(ctx, qr),
    'certificates.verifyFile': ({ path: file }) => {
      const bytes = readChosenFile(file, 200 * 1024 * 1024);
      if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-')
        throw new AppError('VALIDATION', `「${path.basename(file)}」不是 PDF 文件。`);
      const found = qrPayloadsInPdf(bytes);
      if (!found.length)
        return [{ verdict: 'forged', message: '该 PDF 中没有本系统结业证书的签名信息。', record: null, fingerprint: null }];
      return found.map((qr) => verifyStatement(ctx, qr.slice(0, 1000)));
    },
    'certificates.image': ({ path: file }) => {
      const bytes = readChosenFile(file, IMAGE_MAX_BYTES);
      const mime = imageMime(bytes);
      if (!mime) throw new AppError('VALIDATION', `「${path.basename(file)}」不是 PNG 或 JPEG 图片：印章和背景请用 PNG 或 JPEG。`);
      return { dataUrl: `data:${mime};base64,${bytes.toString('base64')}` };
    },
    'signing.publicKey': async ({ out }) => {
      const key = signingKey(ctx)!;
      if (!out) return { pem: key.publicPem, fingerprint: key.fingerprint };
      const file = await writeOutput(ctx, out, 'training-ledger-public-key.pem', 'application/x-pem-file', async (tmp) =>
        fs.promises.writeFile(tmp, `# 培训台账 证书签名公钥 指纹 ${key.fingerprint}\n${key.publicPem}`),
      );
      return { pem: key.publicPem, fingerprint: key.fingerprint, file };
    },
  };
}
