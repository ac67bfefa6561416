/** The reallocation suggestion as a pure function: apportioned over the demand, bounded by what can be taken back and by each cell's maximum and lock. */
import { describe, expect, it } from 'vitest';
import { suggestMoves, type ReallocationCell, type ReallocationSession } from '../../shared/domain/reallocation';

function cell(
  regionCode: string,
  regionName: string,
  places: number,
  filled: number,
  waitlisted: number,
  extra: Partial<ReallocationCell> = {},
): ReallocationCell {
  const unfilled = Math.max(0, places - filled);
  return {
    regionCode,
    regionName,
    places,
    min: null,
    max: null,
    locked: false,
    filled,
    waitlisted,
    unfilled,
    takeable: waitlisted ? 0 : unfilled,
    demand: Math.max(0, waitlisted - unfilled),
    ...extra,
  };
}

function session(cells: ReallocationCell[], closed = true): ReallocationSession {
  return {
    sessionId: 7,
    number: 3,
    title: '',
    registrationDeadline: closed ? '2025-06-09' : '2099-01-01',
    closed,
    capacity: 100,
    places: 0,
    filled: 0,
    waitlisted: 0,
    unfilled: 0,
    cells,
  };
}

const summary = (s: ReallocationSession) => suggestMoves([s]).moves.map((m) => `${m.fromRegionName}>${m.toRegionName}:${m.places}`);

describe('suggestMoves', () => {
  it('apportions the places that can be taken back over the waiting demand (Hamilton), never more than a region waits for', () => {
    const s = session([cell('110000', '北京市', 10, 4, 0), cell('310000', '上海市', 2, 2, 5), cell('320000', '江苏省', 2, 2, 1)]);
    expect(summary(s)).toEqual(['北京市>上海市:5', '北京市>江苏省:1']);
    const few = session([cell('110000', '北京市', 5, 2, 0), cell('310000', '上海市', 2, 2, 5), cell('320000', '江苏省', 2, 2, 1)]);
    // 3 places for 5 + 1: 2.5 and 0.5, remainders tie, the first in order wins — and the tie is reported.
    expect(summary(few)).toEqual(['北京市>上海市:3']);
    expect(suggestMoves([few]).notes.join('')).toMatch(/候补 6 人，可收回的未用名额只有 3 名/);
    expect(suggestMoves([few]).notes.join('')).toMatch(/第3期调入：平局：「上海市」、「江苏省」/);
  });

  it('takes back in proportion to the unfilled places, pairing donors and recipients in the official order', () => {
    const s = session([
      cell('110000', '北京市', 6, 2, 0),
      cell('120000', '天津市', 4, 2, 0),
      cell('310000', '上海市', 1, 1, 3),
      cell('320000', '江苏省', 1, 1, 3),
    ]);
    expect(summary(s)).toEqual(['北京市>上海市:3', '北京市>江苏省:1', '天津市>江苏省:2']);
    const moves = suggestMoves([s]).moves;
    expect(moves.every((m) => m.fromSessionId === 7 && m.toSessionId === 7)).toBe(true);
    expect(moves[0].reason).toBe('第3期北京市未用名额调给上海市（候补 3 人）');
  });

  it('honours a maximum and a lock on the receiving cell, and suggests nothing before the deadline', () => {
    const s = session([
      cell('110000', '北京市', 10, 0, 0),
      cell('310000', '上海市', 2, 2, 5, { max: 3 }),
      cell('320000', '江苏省', 2, 2, 4, { locked: true }),
    ]);
    expect(summary(s)).toEqual(['北京市>上海市:1']);
    const open = session([cell('110000', '北京市', 10, 0, 0), cell('310000', '上海市', 2, 2, 5)], false);
    expect(summary(open)).toEqual([]);
    expect(suggestMoves([open]).notes[0]).toContain('第3期报名截止日期为 2099-01-01，尚未截止');
  });
});
