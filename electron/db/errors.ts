/** better-sqlite3 reports constraint failures as SqliteError with an extended result code. */
export function sqliteCode(e: unknown): string | undefined {
  return e && typeof e === 'object' && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

export function isUniqueViolation(e: unknown): boolean {
  const code = sqliteCode(e);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** The store's own unique rules, by the columns SQLite names when one refuses a write. */
const UNIQUE_RULES: [columns: string, message: string][] = [
  ['programmes.year, programmes.title', '同一年度已有同名的培训项目，请换一个名称'],
  ['sessions.programme_id, sessions.number', '该培训项目已有这个期次号，请换一个期次号'],
  ['enterprises.credit_code', '台账中已有这个统一社会信用代码的企业'],
  ['trainees.id_number', '台账中已有这个身份证号的学员'],
  ['registrations.programme_id, registrations.enterprise_id', '该企业本年度已有报名（每个企业本年度仅可报名一个培训班，且限报一人）'],
  ['registrations.programme_id, registrations.trainee_id', '该学员本年度已有报名（同一学员本年度只能报名一次）'],
];

/** What the schema's triggers say (RAISE), in the user's words. */
const TRIGGER_MESSAGES: [raw: string, message: string][] = [
  ['session does not belong to programme', '所选期次不属于该培训项目，请重新选择期次'],
];

/**
 * A constraint failure the services did not catch first, told in Chinese: SQLite's own text is
 * English and names tables and columns, so it goes only into the details (复制详情).
 */
export function constraintMessage(code: string, raw: string): string {
  const what = (() => {
    switch (code) {
      case 'SQLITE_CONSTRAINT_UNIQUE':
      case 'SQLITE_CONSTRAINT_PRIMARYKEY': {
        const columns = /constraint failed: (.*)$/.exec(raw)?.[1]?.trim();
        return UNIQUE_RULES.find(([c]) => c === columns)?.[1] ?? '与台账中已有的记录重复';
      }
      case 'SQLITE_CONSTRAINT_FOREIGNKEY':
        return '所引用的记录不存在，或这条记录仍被其他数据使用';
      case 'SQLITE_CONSTRAINT_CHECK':
        return '有一项数据超出台账允许的范围（如负数、长度不符或不在可选值之中）';
      case 'SQLITE_CONSTRAINT_NOTNULL':
        return '缺少必填的数据';
      case 'SQLITE_CONSTRAINT_TRIGGER':
        return TRIGGER_MESSAGES.find(([r]) => raw.includes(r))?.[1] ?? '数据不符合台账的规则';
      default:
        return '数据不符合台账的约束';
    }
  })();
  return `${what}，未作改动。请刷新后检查；如反复出现，请复制详情发给技术支持。`;
}
