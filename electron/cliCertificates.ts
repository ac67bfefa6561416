/**
 * Certificates on the command line, over the same dispatcher as the window:
 *   verify-certificate (--qr TEXT | FILE.pdf) [--json]     valid / revoked / forged (exit 0 only when valid, else 3)
 *   issue-certificates --programme Y --session N [--date YYYY-MM-DD] [--json]
 *   export-certificates --programme Y --session N --out FILE.pdf|DIR [--separate] [--preprinted [--printer P]]
 *   export-public-key --out FILE.pem
 * Errors: one line on stderr, exit 2 for bad input (the caller in cli.ts prints AppErrors).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { VerifyResult } from '../shared/certificateContract';
import { openBackend, type Backend } from './backend';
import { bad, call, isCommandIn, parseCommandLine, resolveProgramme, resolveSession } from './cliCommon';
import { qrPayloadsInPdf } from './io/export/certificatePdf';
import { defaultDbPath } from './paths';

export const CERTIFICATE_COMMANDS = ['verify-certificate', 'issue-certificates', 'export-certificates', 'export-public-key'] as const;

export const CERTIFICATE_USAGE = `verify-certificate (--qr 二维码内容 | 证书.pdf) [--json]
                                          核验结业证书：有效 / 已撤销 / 伪造；非有效时退出码为 3
  issue-certificates --programme 年度 --session 期次 [--date YYYY-MM-DD] [--json]
                                          为结业学员发放证书编号
  export-certificates --programme 年度 --session 期次 --out 文件.pdf|目录 [--separate] [--preprinted [--printer 名称]]
                                          导出结业证书（--separate：每人一个文件 编号-姓名.pdf）
  export-public-key --out 文件.pem          导出证书签名公钥`;

export const isCertificateCommand = isCommandIn(CERTIFICATE_COMMANDS);

async function sessionOf(b: Backend, programme: string | undefined, session: string | undefined): Promise<number> {
  if (!programme || !session) throw bad('请用 --programme 和 --session 指定年度与期次 / --programme and --session are required');
  return (await resolveSession(b, await resolveProgramme(b, programme), session)).id;
}

function worst(results: VerifyResult[]): VerifyResult['verdict'] {
  return results.some((r) => r.verdict === 'forged') ? 'forged' : results.some((r) => r.verdict === 'revoked') ? 'revoked' : 'valid';
}

export async function runCertificateCommand(argv: string[], print: (line: string) => void = console.log): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    qr: { type: 'string' },
    date: { type: 'string' },
    out: { type: 'string' },
    separate: { type: 'boolean', default: false },
    preprinted: { type: 'boolean', default: false },
    printer: { type: 'string' },
  });
  const [command, ...rest] = positionals;
  if (command === 'verify-certificate') {
    if ((values.qr === undefined) === (rest.length === 0) || rest.length > 1)
      throw bad('请给出 --qr 二维码内容，或一个证书 PDF 文件（二者选一） / give --qr TEXT or one FILE.pdf');
  } else if (rest.length) throw bad(`多余的参数：${rest.join(' ')} / unexpected arguments`);
  if ((command === 'export-certificates' || command === 'export-public-key') && !values.out)
    throw bad('请用 --out 指定输出位置 / --out is required');

  let statements: string[] = [];
  if (command === 'verify-certificate') {
    if (values.qr !== undefined) statements = [values.qr];
    else {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(rest[0]);
      } catch {
        throw bad(`找不到文件：${rest[0]} / file not found`);
      }
      if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw bad(`「${path.basename(rest[0])}」不是 PDF 文件 / not a PDF`);
      statements = qrPayloadsInPdf(bytes);
    }
  }

  const backend = await openBackend({ dbPath: values.db ?? defaultDbPath(), runtime: 'node' });
  try {
    const out = (human: string, json: unknown) => print(values.json ? JSON.stringify(json, null, 2) : human);
    if (command === 'verify-certificate') {
      const results: VerifyResult[] = [];
      for (const qr of statements) results.push(await call(backend, 'certificates.verify', { qr: qr.slice(0, 1000) }));
      if (!results.length)
        results.push({ verdict: 'forged', message: '该 PDF 中没有本系统结业证书的签名信息。', record: null, fingerprint: null });
      const verdict = worst(results);
      if (results.length === 1) out(`${results[0].verdict}: ${results[0].message}`, results[0]);
      else out(results.map((r) => `${r.verdict}: ${r.message}`).join('\n'), { verdict, certificates: results });
      return verdict === 'valid' ? 0 : 3;
    }
    if (command === 'issue-certificates') {
      const sessionId = await sessionOf(backend, values.programme, values.session);
      const r = await call(backend, 'certificates.issue', { sessionId, issueDate: values.date });
      out(
        `新发证书 ${r.issued.length} 份${r.issued.length ? `（${r.issued[0].number} 至 ${r.issued[r.issued.length - 1].number}）` : ''}；此前已发 ${r.alreadyIssued} 份；未结业 ${r.notEligible.length} 人。`,
        r,
      );
      return 0;
    }
    if (command === 'export-certificates') {
      const sessionId = await sessionOf(backend, values.programme, values.session);
      const target = path.resolve(values.out!);
      const r = await call(backend, 'certificates.export', {
        sessionId,
        separate: values.separate,
        preprinted: values.preprinted ? { printer: values.printer } : undefined,
        ...(values.separate ? { outDir: target } : { out: target }),
      });
      out(`已导出 ${r.certificates} 份证书：${r.path}`, r);
      return 0;
    }
    if (command === 'export-public-key') {
      const r = await call(backend, 'signing.publicKey', { out: path.resolve(values.out!) });
      out(`公钥已导出：${r.file?.path}\n指纹：${r.fingerprint}`, { path: r.file?.path, fingerprint: r.fingerprint });
      return 0;
    }
    throw bad(`未知命令「${command}」 / unknown command`);
  } finally {
    backend.close();
  }
}
