/**
 * The services read the user's files in place and write exports themselves: one code path behind
 * the window (paths from dialogs), the browser harness (uploads, downloads) and the CLI (arguments).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { WrittenFile } from '../../shared/domain/importTypes';
import { AppError } from '../../shared/result';
import type { ServiceContext } from './context';

/** A file to read: it must exist, be a regular file and not be empty. Returns its size. */
export function checkInputFile(file: string, shownName = path.basename(file)): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new AppError('NOT_FOUND', `找不到文件「${shownName}」：它可能已被移动、改名或删除。请重新选择。`, { file });
  }
  if (!st.isFile()) throw new AppError('VALIDATION', `「${shownName}」不是一个文件，请选择 .xlsx 或 .csv 文件。`, { file });
  if (st.size === 0) throw new AppError('VALIDATION', `文件「${shownName}」是空的（0 字节），请检查后重新选择。`, { file });
  return st.size;
}

/** What a file looked like when it was read, to notice that it changed before it is read again. */
export function fileStamp(file: string): string {
  const st = fs.statSync(file);
  return `${st.size}:${st.mtimeMs}`;
}

/**
 * Writes an export through `write(tmp)` into a temporary name beside the target, then renames it:
 * a cancelled or failed export never leaves a half-written file that looks complete. Without `out`
 * the file goes into the services' private outbox (the browser harness downloads it from there).
 */
export async function writeOutput(
  ctx: Pick<ServiceContext, 'outboxDir'>,
  to: string | { out?: string; outDir?: string } | undefined,
  fileName: string,
  mimeType: string,
  write: (tmp: string) => Promise<void>,
): Promise<WrittenFile> {
  const { out, outDir } = typeof to === 'string' ? { out: to, outDir: undefined } : (to ?? {});
  const target = out
    ? path.resolve(out)
    : outDir
      ? path.join(path.resolve(outDir), fileName)
      : path.join(ctx.outboxDir, crypto.randomUUID(), fileName);
  const dir = path.dirname(target);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new AppError(
      'VALIDATION',
      `无法在「${dir}」保存文件（${(e as NodeJS.ErrnoException).code ?? '无法创建文件夹'}）。请换一个位置。`,
      {
        dir,
      },
    );
  }
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.part`);
  try {
    await write(tmp);
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    if (e instanceof AppError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EBUSY')
      throw new AppError(
        'VALIDATION',
        `无法写入「${target}」：文件可能正被 Excel/WPS 打开，或没有写入权限。请关闭该文件或换一个位置后重试。`,
        {
          target,
          code,
        },
      );
    throw e;
  }
  return { path: target, fileName: path.basename(target), mimeType, bytes: fs.statSync(target).size };
}
