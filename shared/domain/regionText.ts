import { REGIONS, findRegion, type Region } from '../regions';
import { normalizeText } from './normalize';

/**
 * The region a free text names: a 所在地区 cell (浙江, 浙江省, 330000, 浙江省杭州市) or a 填报单位
 * line (宁波市经济和信息化局, 新疆生产建设兵团工业和信息化局). Separately listed cities win over
 * their province, because 宁波 recommends for itself, not through 浙江.
 */
export function regionFromText(v: unknown): Region | null {
  const t = normalizeText(v).replace(/\s+/g, '');
  if (!t) return null;
  const direct = findRegion(t);
  if (direct) return direct;
  const byName = (r: Region) => t.startsWith(r.name) || t.startsWith(r.shortName) || t.includes(r.name);
  return REGIONS.find((r) => r.kind !== 'province' && byName(r)) ?? REGIONS.find((r) => r.kind === 'province' && byName(r)) ?? null;
}
