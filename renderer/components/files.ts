import type { ExportFile } from '../../shared/domain/importTypes';

/** A chosen file as base64, without building a giant string by hand. */
export function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error(`无法读取文件「${file.name}」`));
    reader.readAsDataURL(file);
  });
}

/** Saves an exported file: a download in the browser, a save dialog in Electron. */
export function saveFile(f: ExportFile): void {
  const bytes = Uint8Array.from(atob(f.dataBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: f.mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = f.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
