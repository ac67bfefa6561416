/**
 * The installation's Ed25519 key pair, made with Node's crypto the first time something is signed.
 * The private key lives beside the database (mode 0600) and never leaves it; the public key can be
 * exported, and its fingerprint is printed where a reader needs to know whose signature it is.
 *
 * The certificate statement is built for a small QR code: QR alphanumeric mode (digits, A–Z and a
 * few signs) packs 5.5 bits a character against 8 in byte mode, so everything is upper-case base32:
 *   ZS1:<number>:<digest>:<signature>
 * digest = the first 50 bits of SHA-256(number, name, programme, session), signature = Ed25519 over
 * "ZS1:<number>:<digest>". About 135 characters: QR version 6 at level M.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/result';
import type { ServiceContext } from './context';

const KEY_FILE = 'certificate-signing-key.pem';
export const STATEMENT_PREFIX = 'ZS1';

export interface SigningKey {
  privateKey: crypto.KeyObject;
  publicKey: crypto.KeyObject;
  /** SHA-256 of the raw 32-byte public key, first 16 bytes, hex in groups of four. */
  fingerprint: string;
  publicPem: string;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

export function unbase32(text: string): Buffer | null {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text) {
    const v = B32.indexOf(ch);
    if (v < 0) return null;
    value = ((value << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function fingerprintOf(publicKey: crypto.KeyObject): string {
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const hex = crypto.createHash('sha256').update(raw).digest('hex').slice(0, 32).toUpperCase();
  return hex.match(/.{4}/g)!.join(' ');
}

export function keyPath(ctx: Pick<ServiceContext, 'dbPath'>): string {
  return path.join(path.dirname(ctx.dbPath), KEY_FILE);
}

function fromPrivatePem(pem: string): SigningKey {
  const privateKey = crypto.createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  const publicKey = crypto.createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    fingerprint: fingerprintOf(publicKey),
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

const loaded = new Map<string, SigningKey>();

/** The key pair, created on first use. `create: false` returns null instead of creating one. */
export function signingKey(ctx: Pick<ServiceContext, 'dbPath'>, opts: { create?: boolean } = {}): SigningKey | null {
  const file = keyPath(ctx);
  const have = loaded.get(file);
  if (have && fs.existsSync(file)) return have;
  let pem: string | null = null;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new AppError('INTERNAL', `无法读取签名密钥文件「${file}」，请检查数据文件夹的权限。`, { file });
  }
  if (pem === null) {
    if (opts.create === false) return null;
    const { privateKey } = crypto.generateKeyPairSync('ed25519');
    const created = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    try {
      // 'wx': if another process made one a moment ago, use that one rather than overwrite it.
      fs.writeFileSync(file, created, { mode: 0o600, flag: 'wx' });
      pem = created;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new AppError('INTERNAL', `无法在数据文件夹中保存签名密钥，请检查「${path.dirname(file)}」的写入权限。`, { file });
      pem = fs.readFileSync(file, 'utf8');
    }
  }
  let key: SigningKey;
  try {
    key = fromPrivatePem(pem);
  } catch {
    throw new AppError('INTERNAL', `签名密钥文件「${file}」已损坏。请从备份中恢复该文件；不要删除它，否则已发证书将无法核验。`, { file });
  }
  loaded.set(file, key);
  return key;
}

export function publicKeyFromPem(pem: string): crypto.KeyObject {
  try {
    const k = crypto.createPublicKey(pem);
    if (k.asymmetricKeyType !== 'ed25519') throw new Error('type');
    return k;
  } catch {
    throw new AppError('VALIDATION', '公钥文件无法识别：请选择本程序导出的 .pem 公钥文件。');
  }
}

export interface StatementSubject {
  number: string;
  name: string;
  programmeId: number;
  sessionNumber: number;
}

/** 10 base32 characters of SHA-256 over the fields, NUL-separated so no two subjects collide by concatenation. */
export function subjectDigest(s: StatementSubject): string {
  const h = crypto
    .createHash('sha256')
    .update([s.number, s.name, String(s.programmeId), String(s.sessionNumber)].join('\0'))
    .digest();
  return base32(h.subarray(0, 7)).slice(0, 10);
}

export function signStatement(key: SigningKey, s: StatementSubject): string {
  const body = `${STATEMENT_PREFIX}:${s.number}:${subjectDigest(s)}`;
  return `${body}:${base32(crypto.sign(null, Buffer.from(body), key.privateKey))}`;
}

export interface ParsedStatement {
  number: string;
  digest: string;
  signatureOk: boolean;
}

/** null: not a certificate statement at all. */
export function checkStatement(text: string, publicKey: crypto.KeyObject): ParsedStatement | null {
  const m = /^ZS1:([0-9A-Z-]{1,40}):([A-Z2-7]{10}):([A-Z2-7]{100,110})$/.exec(text.trim());
  if (!m) return null;
  const sig = unbase32(m[3]);
  const body = `${STATEMENT_PREFIX}:${m[1]}:${m[2]}`;
  // Canonical encoding only: the last character carries padding bits that must not vary.
  const signatureOk = !!sig && sig.length === 64 && base32(sig) === m[3] && crypto.verify(null, Buffer.from(body), publicKey, sig);
  return { number: m[1], digest: m[2], signatureOk };
}
