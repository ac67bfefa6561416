/**
 * The fields a registration form or summary table carries, with the header texts in use for each.
 * The importer maps columns by these names; the mapping step in the UI offers the same list.
 */
export const FIELD_DEFS = [
  { key: 'name', label: '姓名', aliases: ['姓名', '学员姓名', '学员名称', '参训人姓名', '参训学员', '学员'] },
  { key: 'gender', label: '性别', aliases: ['性别'] },
  { key: 'ethnicity', label: '民族', aliases: ['民族'] },
  { key: 'birthDate', label: '出生年月', aliases: ['出生年月', '出生日期', '出生年月日', '生日'] },
  { key: 'politicalStatus', label: '政治面貌', aliases: ['政治面貌', '党派'] },
  { key: 'education', label: '学历', aliases: ['学历', '最高学历', '文化程度', '学历学位'] },
  { key: 'idNumber', label: '身份证号', aliases: ['身份证号', '身份证号码', '证件号码', '证件号', '身份证', '公民身份号码'] },
  { key: 'position', label: '职务', aliases: ['职务', '职位', '现任职务', '担任职务', '职务职称'] },
  {
    key: 'isPrincipal',
    label: '是否企业主要负责人',
    aliases: ['是否企业主要负责人', '是否主要负责人', '是否一把手', '是否企业一把手', '是否为企业主要负责人'],
  },
  { key: 'mobile', label: '手机', aliases: ['手机', '手机号', '手机号码', '联系电话', '联系方式', '移动电话', '电话'] },
  { key: 'email', label: '电子邮箱', aliases: ['电子邮箱', '邮箱', 'email', 'e-mail', '电子邮件'] },
  { key: 'sessionNumber', label: '期次', aliases: ['期次', '报名期次', '参训期次', '拟参训期次', '班次', '培训期次'] },
  { key: 'region', label: '所在地区', aliases: ['所在地区', '地区', '推荐地区', '省份', '所在省份', '推荐单位', '省（区、市）', '省区市'] },
  { key: 'enterpriseName', label: '企业名称', aliases: ['企业名称', '单位名称', '工作单位', '所在企业', '企业全称', '公司名称'] },
  {
    key: 'creditCode',
    label: '统一社会信用代码',
    aliases: ['统一社会信用代码', '信用代码', '社会信用代码', '企业信用代码', '统一信用代码'],
  },
  { key: 'industry', label: '所属行业', aliases: ['所属行业', '行业', '行业类别', '所属领域'] },
  { key: 'qualifications', label: '企业类型', aliases: ['企业类型', '企业资质', '企业类别', '资质', '企业称号'] },
  { key: 'foundedOn', label: '成立时间', aliases: ['成立时间', '成立日期', '注册时间', '企业成立时间'] },
  { key: 'employees', label: '员工人数', aliases: ['员工人数', '职工人数', '从业人数', '员工数'] },
  {
    key: 'revenueWan',
    label: '上年营业收入（万元）',
    aliases: ['上年营业收入', '营业收入', '上年营收', '上年度营业收入', '营业收入（万元）', '上年营业收入（万元）'],
  },
  { key: 'isManufacturing', label: '是否制造业', aliases: ['是否制造业', '是否制造业企业', '制造业'] },
  { key: 'remarks', label: '备注', aliases: ['备注', '说明'] },
] as const;

export type FieldKey = (typeof FIELD_DEFS)[number]['key'];

export const REQUIRED_FIELDS: readonly FieldKey[] = ['name', 'idNumber', 'enterpriseName', 'creditCode'];

export const FIELD_LABELS = Object.fromEntries(FIELD_DEFS.map((f) => [f.key, f.label])) as Record<FieldKey, string>;

/** Names of the other keys of the contract's inputs, for messages about input that does not fit. */
const INPUT_LABELS = new Map<string, string>([
  ...FIELD_DEFS.map((f) => [f.key, f.label] as [string, string]),
  ['id', '记录编号'],
  ['exceptId', '记录编号'],
  ['programmeId', '培训项目'],
  ['sessionId', '期次'],
  ['number', '期次号'],
  ['regionCode', '地区'],
  ['year', '年度'],
  ['title', '名称'],
  ['documentNo', '文号'],
  ['plannedTrainees', '计划培训人数'],
  ['organiser', '主办单位'],
  ['startDate', '开始日期'],
  ['endDate', '结束日期'],
  ['location', '培训地点'],
  ['capacity', '容量'],
  ['registrationDeadline', '报名截止日期'],
  ['status', '状态'],
  ['reason', '原因'],
  ['search', '搜索内容'],
  ['offset', '起始位置'],
  ['limit', '条数'],
  ['operatorName', '操作员姓名'],
  ['organisation', '所在单位'],
  ['trainee', '学员信息'],
  ['enterprise', '企业信息'],
  ['file', '文件'],
  ['mapping', '列的对应关系'],
  ['importId', '导入批次'],
  ['strict', '严格模式'],
  ['out', '保存位置'],
  ['outDir', '保存文件夹'],
  ['sessionIds', '期次'],
  ['dryRun', '试导入'],
  ['registrationIds', '报名记录'],
  ['format', '文件格式'],
  ['trainees', '学员人数'],
  ['jobId', '任务编号'],
  // 年度计划与名额
  ['institution', '承担机构'],
  ['cells', '名额单元格'],
  ['places', '名额'],
  ['min', '最少名额'],
  ['max', '最多名额'],
  ['locked', '锁定'],
  ['source', '来源'],
  ['changeId', '修改记录'],
  ['wholeBatch', '整批撤销'],
  ['seats', '总名额'],
  ['methods', '分配方法'],
  ['method', '分配方法'],
  ['regions', '各地区'],
  ['weight', '权重'],
  ['defaultMin', '默认最少名额'],
  ['defaultMax', '默认最多名额'],
  ['allocations', '分配结果'],
  ['role', '角色'],
  ['post', '职务'],
  ['officePhone', '办公电话'],
  ['slots', '时段'],
  ['date', '日期'],
  ['part', '上下午'],
  ['label', '时段名称'],
  ['startTime', '开始时间'],
  ['kind', '类型'],
  ['fromId', '来源项目'],
  // 课程表与培训效果评价
  ['courses', '课程'],
  ['teacher', '授课教师'],
  ['teacherTitle', '教师职称与单位'],
  ['questionnaire', '评价问卷'],
  ['aspects', '评价方面'],
  ['items', '题目'],
  ['rateCourses', '按课程评分'],
  ['open', '文字题'],
  ['key', '题目编号'],
  ['text', '题目'],
  ['ratings', '评分'],
  ['texts', '文字作答'],
  ['definition', '满意率口径'],
  // 概览图表
  ['chart', '图表'],
  ['aspect', '评价方面'],
  ['charts', '图表'],
  ['png', '图片'],
  // 企业信息档案与跟踪
  ['region', '本单位所属地区'],
  ['qualification', '资质'],
  ['yearTrained', '参训年度'],
  ['enterpriseId', '企业'],
  ['profitWan', '利润'],
  ['rdWan', '研发投入'],
  ['patents', '专利'],
  ['gained', '获得资质'],
  ['lost', '失去资质'],
  ['notes', '备注'],
  // 名额调剂
  ['moves', '调剂明细'],
  ['fromSessionId', '调出期次'],
  ['fromRegion', '调出地区'],
  ['toSessionId', '调入期次'],
  ['toRegion', '调入地区'],
  ['reallocationId', '调剂记录'],
  // 花名册、签到考勤、结业
  ['groups', '小组数'],
  ['toSessionId', '调入期次'],
  ['overrideReason', '超出容量的理由'],
  ['count', '人数'],
  ['groupNo', '组别'],
  ['seatNo', '座号'],
  ['leader', '组长'],
  ['at', '时间'],
  ['registrationId', '报名记录'],
  ['slotSeq', '时段'],
  ['slotSeqs', '时段'],
  ['minutes', '分钟数'],
  ['backfill', '补录'],
  ['marks', '补录考勤'],
  ['was', '原考勤'],
  ['correctionReason', '更正原因'],
  ['batch', '批次'],
  ['requestedBy', '申请人'],
  ['approvedBy', '批准人'],
  ['graceMinutes', '迟到宽限分钟'],
  ['minAttendance', '最低出勤率'],
  ['maxLeave', '最多请假半天数'],
  ['maxAbsent', '最多缺勤半天数'],
  ['maxLate', '最多迟到次数'],
  ['maxLeftEarly', '最多早退次数'],
  ['completed', '结业结果'],
  ['sortBy', '排序方式'],
  // 结业证书
  ['pattern', '证书编号格式'],
  ['template', '证书模板'],
  ['paper', '纸张'],
  ['widthMm', '宽度（毫米）'],
  ['heightMm', '高度（毫米）'],
  ['fields', '证书字段'],
  ['x', '横向位置'],
  ['y', '纵向位置'],
  ['w', '宽度'],
  ['size', '字号'],
  ['font', '字体'],
  ['align', '对齐'],
  ['spacing', '字间距'],
  ['lineGap', '行距'],
  ['wrap', '换行'],
  ['indent', '缩进'],
  ['text', '文字'],
  ['variable', '套打时打印'],
  ['onPreprinted', '套打时打印'],
  ['onlyReissued', '仅补发时打印'],
  ['caption', '说明文字'],
  ['background', '背景图'],
  ['seal', '印章图'],
  ['image', '图片'],
  ['frame', '边框'],
  ['dateStyle', '日期写法'],
  ['issueDate', '发证日期'],
  ['numbers', '证书编号'],
  ['separate', '每人一个文件'],
  ['preprinted', '套打'],
  ['printer', '打印机'],
  ['dx', '横向偏移'],
  ['dy', '纵向偏移'],
  ['qr', '二维码内容'],
  // 结班与结业名单
  ['path', '文件'],
  ['publicKeyPem', '公钥'],
]);
/** Keys whose name depends on what holds them: an enterprise's name is not a person's. */
const IN_CONTEXT = new Map<string, Map<string, string>>([
  ['enterprise', new Map([['name', FIELD_LABELS.enterpriseName]])],
  [
    'file',
    new Map([
      ['name', '文件名'],
      ['path', '文件'],
    ]),
  ],
]);

/**
 * The Chinese name of the input at `path` (a zod issue's path), or of the nearest enclosing input
 * that has one; '' when none has, so a message never shows an internal key.
 */
export function inputFieldLabel(path: readonly PropertyKey[]): string {
  const keys = path.map(String);
  for (let i = keys.length - 1; i >= 0; i--) {
    const label = (i > 0 ? IN_CONTEXT.get(keys[i - 1])?.get(keys[i]) : undefined) ?? INPUT_LABELS.get(keys[i]);
    if (label) return label;
  }
  return '';
}

/** Header text as people write it: 身份证号码（18位）, 手 机, ＊姓名 → a comparable key. */
export function headerKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/^[*＊※★]+|[*＊※★:：]+$/g, '')
    .toLowerCase();
}

const ALIAS_INDEX = new Map<string, FieldKey>();
for (const f of FIELD_DEFS) for (const a of f.aliases) ALIAS_INDEX.set(headerKey(a), f.key);

/** The field a header names, or null when it is not one we know. */
export function fieldForHeader(text: string): FieldKey | null {
  const k = headerKey(text);
  if (!k) return null;
  const exact = ALIAS_INDEX.get(k);
  if (exact) return exact;
  // "revenue (万元)" style headers lose their unit above; keep a few substring rules for long headers.
  if (k.includes('身份证')) return 'idNumber';
  if (k.includes('信用代码')) return 'creditCode';
  return null;
}
