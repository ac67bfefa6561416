/**
 * Files cross by path. In the window, a chosen or dropped file's path comes from the preload
 * (webUtils), saves go where the native dialog says, and the user can open the folder afterwards.
 * In the browser harness, a chosen file is uploaded (streamed) to the local service, which returns
 * a private path, and an export is downloaded from the service's outbox.
 */
import type { FileFilter } from '../../shared/bridge';
import type { WrittenFile } from '../../shared/domain/importTypes';
import { ApiError, bridge, loopbackToken } from '../api';

export interface PickedFile {
  name: string;
  path: string;
  size: number;
}

export const XLSX_FILTER: FileFilter = { name: 'Excel 工作簿', extensions: ['xlsx'] };
export const PDF_FILTER: FileFilter = { name: 'PDF 文档', extensions: ['pdf'] };

/** A File from an <input type=file> or a drop, as something the services can read. */
export async function pickedFromBrowser(file: File): Promise<PickedFile> {
  const b = bridge();
  if (b) {
    const p = b.files.pathOf(file);
    if (!p) throw new Error(`无法取得文件「${file.name}」的位置，请用「选择文件」重新选择。`);
    return { name: file.name, path: p, size: file.size };
  }
  const token = loopbackToken();
  if (!token) throw new Error('找不到服务连接：请通过培训台账程序或 npm run dev:web 打开界面。');
  // The body is the File itself: the browser streams it from disk, nothing is read into a string.
  const res = await fetch('./api/upload', {
    method: 'POST',
    headers: { 'x-ledger-token': token, 'x-file-name': encodeURIComponent(file.name), 'content-type': 'application/octet-stream' },
    body: file,
  });
  const r = (await res.json()) as { ok: true; value: PickedFile } | { ok: false; error: { code: 'VALIDATION'; message: string } };
  if (!r.ok) throw new ApiError(r.error);
  return r.value;
}

/**
 * Where an export should go: in the window, the native save dialog (null when cancelled); in the
 * browser, nowhere in particular (the service writes to its outbox and the file is downloaded).
 */
export async function chooseSaveTarget(defaultName: string, filters: FileFilter[]): Promise<{ out?: string } | null> {
  const b = bridge();
  if (!b) return {};
  const p = await b.files.chooseSave({ title: '保存到', defaultName, filters });
  return p ? { out: p } : null;
}

/** After an export: the browser downloads it; the window offers to open its folder. */
export async function deliverExport(written: WrittenFile, notify: (text: string, reveal?: () => void) => void): Promise<void> {
  const b = bridge();
  if (b) {
    notify(`已保存：${written.path}`, () => void b.files.showInFolder(written.path));
    return;
  }
  const token = loopbackToken();
  const a = document.createElement('a');
  a.href = `./api/download?token=${encodeURIComponent(token ?? '')}&path=${encodeURIComponent(written.path)}`;
  a.download = written.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  notify(`已导出：${written.fileName}`);
}
