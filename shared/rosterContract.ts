/**
 * The contract's methods for changing a session's roster (issue 8 §1): move, withdraw, add from
 * the waitlist, and groups, leaders and seats by hand. Spread into `contract` (shared/contract.ts).
 */
import { z } from 'zod';
import type { Roster } from './domain/attendanceTypes';
import type { RosterChange, WaitlistEntry } from './domain/rosterTypes';

const id = z.number().int().positive();
const reason = (required: string) => z.string().trim().min(1, required).max(500, '原因不能超过 500 字');
// Given only to go beyond the session's capacity on purpose; written to the audit log.
const overrideReason = reason('请填写超出容量的理由').optional();
const groupNo = z.number().int().min(1, '组别从 1 开始').max(99, '组别不能超过 99');
const seatNo = z.number().int().min(1, '座号从 1 开始').max(9999, '座号不能超过 9999');

function method<O>() {
  return <I extends z.ZodType>(input: I, kind: 'query' | 'mutation') => ({ input, kind, output: undefined as unknown as O });
}

export const rosterContract = {
  'rosters.waitlist': method<WaitlistEntry[]>()(z.object({ sessionId: id }).strict(), 'query'),
  'rosters.move': method<RosterChange>()(z.object({ registrationId: id, toSessionId: id, overrideReason }).strict(), 'mutation'),
  'rosters.withdraw': method<RosterChange>()(z.object({ registrationId: id, reason: reason('请填写退出原因') }).strict(), 'mutation'),
  'rosters.addFromWaitlist': method<RosterChange>()(
    z
      .object({ sessionId: id, count: z.number().int().min(1, '至少补入 1 人').max(100, '一次最多补入 100 人').default(1), overrideReason })
      .strict(),
    'mutation',
  ),
  // Omitted keeps the value; null clears it (a trainee taken out of any group loses the 组长 role).
  'rosters.setPlace': method<Roster>()(
    z
      .object({ registrationId: id, groupNo: groupNo.nullable().optional(), seatNo: seatNo.nullable().optional() })
      .strict()
      .refine((v) => v.groupNo !== undefined || v.seatNo !== undefined, '请指定组别或座号'),
    'mutation',
  ),
  'rosters.setLeader': method<Roster>()(z.object({ registrationId: id, leader: z.boolean().default(true) }).strict(), 'mutation'),
};

export const ROSTER_METHOD_NAMES = Object.keys(rosterContract) as (keyof typeof rosterContract)[];
