/**
 * A chart image sent by the renderer as a PNG data URL, checked before anything is written: the
 * PNG signature, an IHDR first, every chunk whole with its CRC, IEND last. A damaged or foreign
 * image is refused with a Chinese message rather than written to disk or handed to pdfkit.
 */
import zlib from 'node:zlib';
import { AppError } from '../../../shared/result';
import { MAX_PNG_BYTES, PNG_PREFIX } from '../../../shared/dashboardContract';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Beyond this a chart is not a chart (and pdfkit would decode a huge bitmap). */
const MAX_SIDE = 10_000;

export interface PngImage {
  data: Buffer;
  width: number;
  height: number;
}

export function decodePng(dataUrl: string, what = '图片'): PngImage {
  const bad = (why: string) => new AppError('VALIDATION', `${what}不是有效的 PNG 图片：${why}。`, { field: 'png' });
  if (!dataUrl.startsWith(PNG_PREFIX)) throw bad('应以 data:image/png;base64, 开头');
  const data = Buffer.from(dataUrl.slice(PNG_PREFIX.length), 'base64');
  if (data.length > MAX_PNG_BYTES) throw new AppError('VALIDATION', `${what}太大（最大约 6 MB）。`, { field: 'png' });
  if (data.length < SIGNATURE.length + 25 || !data.subarray(0, 8).equals(SIGNATURE)) throw bad('文件头不是 PNG');
  let at = 8;
  let width = 0;
  let height = 0;
  let first = true;
  for (;;) {
    if (at + 12 > data.length) throw bad('数据不完整');
    const length = data.readUInt32BE(at);
    const type = data.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > data.length) throw bad('数据不完整');
    const crc = data.readUInt32BE(at + 8 + length);
    if (zlib.crc32(data.subarray(at + 4, at + 8 + length)) !== crc) throw bad(`「${type}」块校验失败`);
    if (first) {
      if (type !== 'IHDR' || length !== 13) throw bad('缺少 IHDR');
      width = data.readUInt32BE(at + 8);
      height = data.readUInt32BE(at + 12);
      if (!width || !height || width > MAX_SIDE || height > MAX_SIDE) throw bad(`尺寸 ${width}×${height} 不合理`);
      first = false;
    }
    at += 12 + length;
    if (type === 'IEND') break;
  }
  return { data, width, height };
}
