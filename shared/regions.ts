/**
 * The 37 regions that recommend trainees: 31 provinces, the 5 cities listed separately in the
 * national plan, and the Xinjiang Production and Construction Corps. Codes are the GB/T 2260
 * administrative division codes, which is also how ID numbers and credit codes name places.
 */
export type RegionKind = 'province' | 'city' | 'corps';

export interface Region {
  code: string;
  name: string;
  shortName: string;
  kind: RegionKind;
  sort: number;
}

const rows: [string, string, string, RegionKind][] = [
  ['110000', '北京市', '北京', 'province'],
  ['120000', '天津市', '天津', 'province'],
  ['130000', '河北省', '河北', 'province'],
  ['140000', '山西省', '山西', 'province'],
  ['150000', '内蒙古自治区', '内蒙古', 'province'],
  ['210000', '辽宁省', '辽宁', 'province'],
  ['220000', '吉林省', '吉林', 'province'],
  ['230000', '黑龙江省', '黑龙江', 'province'],
  ['310000', '上海市', '上海', 'province'],
  ['320000', '江苏省', '江苏', 'province'],
  ['330000', '浙江省', '浙江', 'province'],
  ['340000', '安徽省', '安徽', 'province'],
  ['350000', '福建省', '福建', 'province'],
  ['360000', '江西省', '江西', 'province'],
  ['370000', '山东省', '山东', 'province'],
  ['410000', '河南省', '河南', 'province'],
  ['420000', '湖北省', '湖北', 'province'],
  ['430000', '湖南省', '湖南', 'province'],
  ['440000', '广东省', '广东', 'province'],
  ['450000', '广西壮族自治区', '广西', 'province'],
  ['460000', '海南省', '海南', 'province'],
  ['500000', '重庆市', '重庆', 'province'],
  ['510000', '四川省', '四川', 'province'],
  ['520000', '贵州省', '贵州', 'province'],
  ['530000', '云南省', '云南', 'province'],
  ['540000', '西藏自治区', '西藏', 'province'],
  ['610000', '陕西省', '陕西', 'province'],
  ['620000', '甘肃省', '甘肃', 'province'],
  ['630000', '青海省', '青海', 'province'],
  ['640000', '宁夏回族自治区', '宁夏', 'province'],
  ['650000', '新疆维吾尔自治区', '新疆', 'province'],
  ['210200', '大连市', '大连', 'city'],
  ['370200', '青岛市', '青岛', 'city'],
  ['330200', '宁波市', '宁波', 'city'],
  ['350200', '厦门市', '厦门', 'city'],
  ['440300', '深圳市', '深圳', 'city'],
  ['660000', '新疆生产建设兵团', '兵团', 'corps'],
];

export const REGIONS: readonly Region[] = rows.map(([code, name, shortName, kind], i) => ({
  code,
  name,
  shortName,
  kind,
  sort: i + 1,
}));

const byCode = new Map(REGIONS.map((r) => [r.code, r]));

/** Finds a region by code (330000), full name (浙江省) or short name (浙江); null when unknown. */
export function findRegion(text: string): Region | null {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  if (!t) return null;
  const exact = byCode.get(t) ?? REGIONS.find((r) => r.name === t || r.shortName === t);
  if (exact) return exact;
  // Common informal forms: 新疆兵团, 兵团, 广西自治区 …
  if (t.includes('兵团')) return byCode.get('660000')!;
  return REGIONS.find((r) => t.startsWith(r.shortName) && r.kind !== 'city' && t.length <= r.name.length + 2) ?? null;
}

export function regionName(code: string): string {
  return byCode.get(code)?.name ?? code;
}
