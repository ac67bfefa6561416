/**
 * A realistic 2025 programme for trying the product: 9 sessions of 4 days, the 37 regions, about
 * 800 trainees with valid ID numbers and credit codes, each enterprise once. Deterministic, so a
 * screenshot or a bug report can be reproduced.
 */
import { checkEnterprise, checkTrainee, hasErrors } from '../../shared/domain/checkRegistration';
import { creditCodeCheckChar } from '../../shared/domain/creditCode';
import { idCheckChar } from '../../shared/domain/idNumber';
import { ENTERPRISE_QUALIFICATIONS } from '../../shared/domain/qualifications';
import type { RegistrationStatus } from '../../shared/domain/types';
import { REGIONS } from '../../shared/regions';
import { AppError } from '../../shared/result';
import { writeTx, type CallContext, type ServiceContext } from './context';
import type { Handlers } from './handlers';
import { createProgramme, createSession } from './programmes';
import { DEMO_INSTITUTIONS, DEMO_THEMES, seedDemoPlan } from './demoPlan';
import { seedDemoReallocation } from './demoReallocation';
import { seedDemoAttendance } from './demoAttendance';
import { seedDemoFollowUps } from './demoFollowUps';
import { seedDemoEvaluation } from './demoEvaluation';
import { spreadDemoRegistrationDates } from './demoRegistrationDates';
import { insertRegistration, type NewRegistration } from './registrations';

function rng(seed: number): () => number {
  // mulberry32: small, fast, good enough for test data.
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
const COMPOUND = ['欧阳', '司马', '上官', '诸葛'];
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰晓东海波宁浩宇鑫颖琳婷雪峰辉斌凯健龙飞鹏瑞祥嘉怡欣悦晨曦泽楠喆堃赟珺玥'.split(
    '',
  );
const UYGHUR = ['阿依古丽·买买提', '艾尔肯·吐尔逊', '古丽娜尔·艾力', '买买提·依明', '热依拉·阿不都'];
const WORDS = ['华', '瑞', '中', '新', '智', '宏', '信', '达', '汇', '锐', '恒', '创', '博', '远', '晟', '德', '鼎', '科', '安', '丰'];
const TRADES: [string, string, boolean][] = [
  ['精密机械', '通用设备制造业', true],
  ['新材料', '化学原料和化学制品制造业', true],
  ['电子科技', '计算机、通信和其他电子设备制造业', true],
  ['智能装备', '专用设备制造业', true],
  ['医疗器械', '专用设备制造业', true],
  ['汽车零部件', '汽车制造业', true],
  ['生物医药', '医药制造业', true],
  ['软件', '软件和信息技术服务业', false],
  ['信息技术', '软件和信息技术服务业', false],
  ['供应链管理', '商务服务业', false],
  ['检测技术', '专业技术服务业', false],
  ['食品', '食品制造业', true],
];
const POSITIONS = ['董事长', '总经理', '董事长兼总经理', '执行董事', '创始人、董事长', '副总经理'];
const ETHNICITIES = ['汉族', '汉族', '汉族', '汉族', '汉族', '回族', '满族', '蒙古族', '壮族', '土家族'];
const POLITICAL = ['中共党员', '群众', '中共党员', '民盟盟员', '九三学社社员', '无党派人士'];
const EDUCATION = ['本科', '硕士研究生', '博士研究生', '大专', 'EMBA'];
const LOCATIONS = ['北京', '上海', '杭州', '深圳', '成都', '武汉', '西安', '青岛', '苏州'];
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Bigger provinces recommend more: weights loosely follow their number of SMEs. */
const WEIGHT: Record<string, number> = {
  '440000': 4,
  '320000': 4,
  '330000': 4,
  '370000': 3,
  '110000': 3,
  '310000': 3,
  '410000': 2,
  '420000': 2,
  '510000': 2,
  '350000': 2,
  '340000': 2,
  '430000': 2,
};

export interface DemoOptions {
  year: number;
  trainees: number;
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Apportions `total` seats over the regions by weight (largest remainder), so they sum exactly. */
function apportion(total: number): Map<string, number> {
  const weights = REGIONS.map((r) => WEIGHT[r.code] ?? 1);
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const seats = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; seats.reduce((a, b) => a + b, 0) < total; k++) seats[order[k % order.length][1]]++;
  return new Map(REGIONS.map((r, i) => [r.code, seats[i]]));
}

export async function seedDemo(
  ctx: ServiceContext,
  opts: DemoOptions,
  call: CallContext,
): Promise<{ programmeId: number; registrations: number }> {
  const title = `${opts.year}年度中小企业经营管理领军人才培训`;
  if (ctx.db.prepare('SELECT 1 FROM programmes WHERE year = ? AND title = ?').get(opts.year, title))
    throw new AppError('CONFLICT', `演示数据已存在：${opts.year} 年已有「${title}」。如需重新生成，请换一个新的数据文件。`, {
      year: opts.year,
    });

  const r = rng(opts.year * 7919 + opts.trainees);
  const seatsByRegion = apportion(opts.trainees);
  const usedCodes = new Set<string>();
  const usedIds = new Set<string>();
  const usedNames = new Set<string>();
  const planned: (Omit<NewRegistration, 'programmeId' | 'sessionId'> & { session: number; status: RegistrationStatus })[] = [];
  let n = 0;
  for (const region of REGIONS) {
    const seats = seatsByRegion.get(region.code) ?? 0;
    // ID numbers and credit codes carry the place: a district of the region's capital.
    const area =
      region.code === '660000' ? '659001' : region.kind === 'city' ? `${region.code.slice(0, 4)}02` : `${region.code.slice(0, 2)}0102`;
    for (let i = 0; i < seats; i++, n++) {
      if (call.signal.aborted) throw new AppError('CANCELLED', '已取消生成演示数据，数据未作改动。');
      if (n % 100 === 0) {
        call.progress(n, opts.trainees, `正在生成演示学员 ${n}/${opts.trainees}`);
        await new Promise((res) => setImmediate(res));
      }
      const male = r() < 0.78;
      const name =
        region.code === '650000' || region.code === '660000'
          ? r() < 0.4
            ? pick(r, UYGHUR)
            : pick(r, SURNAMES) + pick(r, GIVEN) + pick(r, GIVEN)
          : (r() < 0.02 ? pick(r, COMPOUND) : pick(r, SURNAMES)) + pick(r, GIVEN) + (r() < 0.7 ? pick(r, GIVEN) : '');
      const birth = `${1962 + Math.floor(r() * 30)}${String(1 + Math.floor(r() * 12)).padStart(2, '0')}${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
      let idNumber = '';
      do {
        const seq = String(Math.floor(r() * 100)).padStart(2, '0');
        const g = Math.floor(r() * 5) * 2 + (male ? 1 : 0);
        const first17 = `${area}${birth}${seq}${g}`;
        idNumber = first17 + idCheckChar(first17);
      } while (usedIds.has(idNumber));
      usedIds.add(idNumber);
      let creditCode = '';
      do {
        let org = '';
        for (let k = 0; k < 9; k++) org += CODE_CHARS[Math.floor(r() * (k === 8 ? 31 : 10))];
        const first17 = `91${area}${org}`;
        creditCode = first17 + creditCodeCheckChar(first17);
      } while (usedCodes.has(creditCode));
      usedCodes.add(creditCode);
      const [trade, industry, manufacturing] = pick(r, TRADES);
      const makeName = () => `${region.shortName}${pick(r, WORDS)}${pick(r, WORDS)}${trade}${r() < 0.3 ? '股份' : ''}有限公司`;
      let enterpriseName = makeName();
      for (let k = 0; usedNames.has(enterpriseName); k++)
        enterpriseName = k < 20 ? makeName() : `${region.shortName}${pick(r, WORDS)}${k}${trade}有限公司`;
      usedNames.add(enterpriseName);
      const quals = [pick(r, ENTERPRISE_QUALIFICATIONS), ...(r() < 0.4 ? [pick(r, ENTERPRISE_QUALIFICATIONS)] : [])];
      const roll = r();
      const status: RegistrationStatus =
        roll < 0.8 ? 'approved' : roll < 0.92 ? 'submitted' : roll < 0.96 ? 'waitlisted' : roll < 0.98 ? 'withdrawn' : 'rejected';
      const trainee = checkTrainee({
        name,
        idNumber,
        gender: male ? '男' : '女',
        ethnicity: name.includes('·') ? '维吾尔族' : pick(r, ETHNICITIES),
        politicalStatus: pick(r, POLITICAL),
        education: pick(r, EDUCATION),
        position: pick(r, POSITIONS),
        isPrincipal: r() < 0.9,
        mobile: `1${pick(r, ['38', '39', '58', '59', '86', '88', '35', '37'])}${String(Math.floor(r() * 1e8)).padStart(8, '0')}`,
        email: `ceo${n + 1}@example.com.cn`,
      });
      const enterprise = checkEnterprise({
        creditCode,
        name: enterpriseName,
        industry,
        qualifications: [...new Set(quals)],
        foundedOn: `${1995 + Math.floor(r() * 25)}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}`,
        employees: 20 + Math.floor(r() * 900),
        revenueWan: Math.round(500 + r() * 80000),
        isManufacturing: manufacturing,
      });
      const issues = [...trainee.issues, ...enterprise.issues];
      if (hasErrors(issues)) throw new AppError('INTERNAL', `演示数据生成有误：${issues.map((x) => x.message).join('；')}`);
      planned.push({
        regionCode: region.code,
        trainee: trainee.value,
        enterprise: enterprise.value,
        source: 'demo',
        session: 1 + (n % 9),
        status,
      });
    }
  }

  call.progress(opts.trainees, opts.trainees, '正在写入数据库');
  return writeTx(
    ctx.db,
    'demo.seed',
    () => {
      const programme = createProgramme(ctx.db, {
        year: opts.year,
        title,
        documentNo: opts.year === 2025 ? '工信厅企业函〔2025〕213号' : '',
        plannedTrainees: 800,
        organiser: '工业和信息化部人才交流中心',
      });
      const sessionIds: number[] = [];
      let start = `${opts.year}-06-23`;
      for (let s = 1; s <= 9; s++) {
        const session = createSession(ctx.db, {
          programmeId: programme.id,
          number: s,
          title: `${DEMO_THEMES[s - 1]}专题班`,
          institution: DEMO_INSTITUTIONS[s - 1],
          startDate: start,
          endDate: addDays(start, 3),
          location: LOCATIONS[s - 1],
          capacity: 100,
          registrationDeadline: s === 1 ? `${opts.year}-06-09` : `${opts.year}-06-20`,
        });
        sessionIds.push(session.id);
        start = addDays(start, 14);
      }
      seedDemoPlan(ctx.db, programme.id, programme.plannedTrainees, opts.year);
      const setStatus = ctx.db.prepare('UPDATE registrations SET status = ?, status_reason = ? WHERE id = ?');
      for (const p of planned) {
        const id = insertRegistration(ctx.db, { ...p, programmeId: programme.id, sessionId: sessionIds[p.session - 1] });
        if (p.status !== 'submitted') setStatus.run(p.status, p.status === 'rejected' ? '企业不符合推荐条件（演示）' : '', id);
      }
      spreadDemoRegistrationDates(ctx.db, programme.id, opts.year);
      seedDemoReallocation(ctx.db, programme.id, sessionIds[0], 1);
      seedDemoAttendance(ctx.db, programme.id, new Date().toISOString().slice(0, 10));
      seedDemoFollowUps(ctx.db, programme.id, new Date().toISOString().slice(0, 10), r);
      seedDemoEvaluation(ctx.db, programme.id);
      return { programmeId: programme.id, registrations: planned.length };
    },
    (res) => `生成演示数据：${opts.year} 年项目，${res.registrations} 条报名`,
  );
}

export function demoHandlers(ctx: ServiceContext): Pick<Handlers, 'demo.seed'> {
  return { 'demo.seed': (input, call) => seedDemo(ctx, input, call) };
}
