/**
 * The demo programme's plan: a quota table apportioned by weights (illustrative counts of
 * 专精特新"小巨人" enterprises per region, every region at least 6 places) and spread over the
 * sessions by capacity, session themes and institutions, and contacts for every region.
 */
import { apportion } from '../../shared/domain/apportion';
import { REGIONS } from '../../shared/regions';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { putContact } from './contacts';
import { applyQuotaChanges, spreadBySessions } from './quotas';

/** Illustrative weights (not official figures): larger manufacturing provinces have more. */
const DEMO_WEIGHTS: Record<string, number> = {
  '110000': 834,
  '120000': 268,
  '130000': 530,
  '140000': 166,
  '150000': 84,
  '210000': 230,
  '220000': 112,
  '230000': 121,
  '310000': 712,
  '320000': 1286,
  '330000': 1158,
  '340000': 638,
  '350000': 258,
  '360000': 372,
  '370000': 1014,
  '410000': 402,
  '420000': 678,
  '430000': 512,
  '440000': 1120,
  '450000': 178,
  '460000': 38,
  '500000': 284,
  '510000': 438,
  '520000': 112,
  '530000': 106,
  '540000': 9,
  '610000': 206,
  '620000': 68,
  '630000': 26,
  '640000': 58,
  '650000': 62,
  '210200': 92,
  '370200': 140,
  '330200': 352,
  '350200': 120,
  '440300': 742,
  '660000': 22,
};

export const DEMO_THEMES = [
  '数字化转型',
  '专精特新发展',
  '智能制造',
  '战略管理',
  '融资上市',
  '科技创新',
  '绿色低碳发展',
  '国际化经营',
  '财税管理',
];
export const DEMO_INSTITUTIONS = [
  '清华大学',
  '复旦大学',
  '浙江大学',
  '中山大学',
  '四川大学',
  '华中科技大学',
  '西北工业大学',
  '中国中小企业发展促进中心',
  '南京大学',
];

const SURNAMES = '王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红';
const AREA: Record<string, string> = { '110000': '010', '120000': '022', '310000': '021', '500000': '023' };

export function seedDemoPlan(db: Db, programmeId: number, plannedTrainees: number, seed: number): void {
  const regions = REGIONS.map((r) => ({ name: r.code, weight: String(DEMO_WEIGHTS[r.code] ?? 50), min: 6 }));
  const { allocations } = apportion({ method: 'hamilton', seats: plannedTrainees, regions });
  const reason = '演示：按各地专精特新“小巨人”企业数（示例数字）以最大余数法分配，每地至少 6 名，再按各期容量分到各期';
  applyQuotaChanges(
    db,
    programmeId,
    spreadBySessions(
      db,
      programmeId,
      allocations.map((a) => ({ regionCode: a.name, places: a.seats })),
    ),
    'apportion',
    reason,
  );
  let s = seed;
  const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const name = () =>
    SURNAMES[Math.floor(r() * SURNAMES.length)] +
    GIVEN[Math.floor(r() * GIVEN.length)] +
    (r() < 0.6 ? GIVEN[Math.floor(r() * GIVEN.length)] : '');
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
  REGIONS.forEach((g, i) => {
    const area = AREA[g.code] ?? `0${(311 + i * 7) % 900}`;
    const domain = `gxt${g.code.slice(0, 4)}.gov.cn`;
    putContact(db, programmeId, g.code, 'head', {
      name: name(),
      post: r() < 0.5 ? '中小企业处处长' : '中小企业处副处长',
      officePhone: `${area}-${6 + Math.floor(r() * 3)}${digits(7)}`,
      mobile: `13${Math.floor(r() * 10)}${digits(8)}`,
      email: `zxqyc@${domain}`,
    });
    putContact(db, programmeId, g.code, 'liaison', {
      name: name(),
      post: r() < 0.5 ? '一级主任科员' : '二级主任科员',
      officePhone: `${area}-${6 + Math.floor(r() * 3)}${digits(7)}`,
      mobile: `1${[3, 5, 8][Math.floor(r() * 3)]}${digits(9)}`,
      email: `zxqy${i + 1}@${domain}`,
    });
  });
  prepared(db, 'UPDATE programmes SET quota_state = ? WHERE id = ?').run('final', programmeId);
}
