/** Every write of the plan screen is named in Chinese, so an interrupted one is reported by what the user did. */
import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { METHOD_LABELS, methodLabel } from '../../shared/methodLabels';
import type { MethodName } from '../../shared/methodNames';
import { quotaContract, QUOTA_METHOD_NAMES } from '../../shared/quotaContract';
import { rosterContract, ROSTER_METHOD_NAMES } from '../../shared/rosterContract';

const HAN = /^[\u4e00-\u9fff]+$/;

describe('method labels', () => {
  it('every mutation in the quota contract, and every export that writes a file, has a Chinese label', () => {
    const mutations = QUOTA_METHOD_NAMES.filter((m) => quotaContract[m].kind === 'mutation');
    expect(mutations.length).toBeGreaterThanOrEqual(9);
    const writesFile = QUOTA_METHOD_NAMES.filter((m) => m.endsWith('.export'));
    for (const m of [...mutations, ...writesFile]) {
      expect(METHOD_LABELS[m], m).toMatch(HAN);
      expect(methodLabel(m), m).not.toBe('查询');
    }
  });

  it('every roster change (shared/rosterContract.ts) has a Chinese label', () => {
    const mutations = ROSTER_METHOD_NAMES.filter((m) => rosterContract[m].kind === 'mutation');
    expect(mutations).toHaveLength(5);
    for (const m of mutations) expect(METHOD_LABELS[m], m).toMatch(HAN);
  });

  it('labels are told apart: no two writes share a name', () => {
    const labels = Object.values(METHOD_LABELS);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('a query is called 查询', () => {
    expect(methodLabel('quotas.grid')).toBe('查询');
  });

  it('every mutation of the whole contract has a Chinese label (the engine-restart notice names the lost write by it)', () => {
    const unlabelled = (Object.keys(contract) as MethodName[]).filter(
      (m) => contract[m].kind === 'mutation' && !/[\u4e00-\u9fff]/.test(METHOD_LABELS[m] ?? ''),
    );
    expect(unlabelled).toEqual([]);
  });
});
