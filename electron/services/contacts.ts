/**
 * 工作信息表: for each region of a programme, the 负责人 (head) and the 联络人 (liaison), each with
 * 姓名, 职务, 办公电话, 手机 and 电子邮箱. Edited on the plan screen, exported as one merged table.
 */
import { validateEmail, validateMobile } from '../../shared/domain/contact';
import { normalizeText } from '../../shared/domain/normalize';
import { CONTACT_ROLE_LABELS, type Contact, type ContactRole, type RegionContacts } from '../../shared/domain/quotas';
import { REGIONS, regionName } from '../../shared/regions';
import { AppError } from '../../shared/result';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { nowIso, writeTx, type ServiceContext } from './context';
import type { Handlers } from './handlers';
import { getProgramme } from './programmes';

export function listContacts(db: Db, programmeId: number): RegionContacts[] {
  getProgramme(db, programmeId);
  const rows = prepared(
    db,
    `SELECT region_code AS regionCode, role, name, post, office_phone AS officePhone, mobile, email
     FROM region_contacts WHERE programme_id = ?`,
  ).all(programmeId) as (Contact & { regionCode: string; role: ContactRole })[];
  const by = new Map(rows.map((r) => [`${r.regionCode}:${r.role}`, r]));
  const pick = (code: string, role: ContactRole): Contact | null => {
    const r = by.get(`${code}:${role}`);
    return r ? { name: r.name, post: r.post, officePhone: r.officePhone, mobile: r.mobile, email: r.email } : null;
  };
  return REGIONS.map((g) => ({ regionCode: g.code, regionName: g.name, head: pick(g.code, 'head'), liaison: pick(g.code, 'liaison') }));
}

/** Office phones keep their hyphens (010-68205000 转 123); they must hold enough digits to dial. */
function checkOfficePhone(raw: string): { value: string; problem: string | null } {
  const value = normalizeText(raw).replace(/\s+/g, ' ').trim();
  if (!value) return { value, problem: null };
  const digits = value.replace(/\D/g, '').length;
  if (digits < 7 || !/^[0-9+()（）\-－—–\s转,，、/;；ext.]+$/i.test(value))
    return { value, problem: `办公电话「${value}」格式不正确，应类似 010-68205000 或 0571-87051234 转 123` };
  return { value, problem: null };
}

/** Checks and normalises one person's details; throws VALIDATION naming every problem. */
export function cleanContact(regionCode: string, role: ContactRole, c: Contact): Contact {
  const mobile = validateMobile(c.mobile);
  const email = validateEmail(c.email);
  const phone = checkOfficePhone(c.officePhone);
  const problems = [
    ...mobile.issues.map((i) => i.message),
    ...email.issues.map((i) => i.message),
    ...(phone.problem ? [phone.problem] : []),
  ];
  if (problems.length)
    throw new AppError('VALIDATION', `${regionName(regionCode)}${CONTACT_ROLE_LABELS[role]}：${problems.join('；')}`, {
      regionCode,
      role,
      problems,
    });
  return {
    name: normalizeText(c.name).trim(),
    post: normalizeText(c.post).trim(),
    officePhone: phone.value,
    mobile: mobile.value,
    email: email.value,
  };
}

/** Stores one person (inside the caller's transaction); all fields empty removes them. */
export function putContact(db: Db, programmeId: number, regionCode: string, role: ContactRole, c: Contact): void {
  if (!REGIONS.some((r) => r.code === regionCode))
    throw new AppError('VALIDATION', `地区代码 ${regionCode} 不是 37 个推荐地区之一。`, { regionCode });
  const clean = cleanContact(regionCode, role, c);
  if (Object.values(clean).every((v) => v === '')) {
    prepared(db, 'DELETE FROM region_contacts WHERE programme_id = ? AND region_code = ? AND role = ?').run(programmeId, regionCode, role);
    return;
  }
  prepared(
    db,
    `INSERT INTO region_contacts (programme_id, region_code, role, name, post, office_phone, mobile, email, updated_at)
     VALUES (@programmeId, @regionCode, @role, @name, @post, @officePhone, @mobile, @email, @t)
     ON CONFLICT (programme_id, region_code, role) DO UPDATE SET name = excluded.name, post = excluded.post,
       office_phone = excluded.office_phone, mobile = excluded.mobile, email = excluded.email, updated_at = excluded.updated_at`,
  ).run({ programmeId, regionCode, role, ...clean, t: nowIso() });
}

export function contactHandlers(ctx: ServiceContext): Pick<Handlers, 'contacts.list' | 'contacts.set'> {
  const { db } = ctx;
  return {
    'contacts.list': ({ programmeId }) => listContacts(db, programmeId),
    'contacts.set': ({ programmeId, regionCode, role, ...c }) =>
      writeTx(
        db,
        'contacts.set',
        () => {
          getProgramme(db, programmeId);
          putContact(db, programmeId, regionCode, role, c);
          return listContacts(db, programmeId).find((r) => r.regionCode === regionCode)!;
        },
        () => `修改工作信息表：${regionName(regionCode)}${CONTACT_ROLE_LABELS[role]}（项目 ${programmeId}）`,
      ),
  };
}
