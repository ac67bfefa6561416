/**
 * 问卷设置 and 多期对比 in the page: new items' keys (never one in use or seen before), moves, what
 * stops a draft from being saved, and the comparison rows (items matched by wording, 总体 pooled,
 * highest and lowest marked) recomputed here from the answers.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUESTIONNAIRE, figures, type Questionnaire } from '../../shared/domain/evaluation';
import type { EvaluationReport } from '../../shared/domain/evaluationTypes';
import { comparisonRows, pooled } from '../../renderer/screens/Evaluation/comparisonRows';
import { draftErrors, moved, nextItemKey, withAspect } from '../../renderer/screens/Evaluation/questionnaireDraft';

describe('the questionnaire draft', () => {
  it('gives a new item the next number after every key seen with its prefix', () => {
    expect(nextItemKey('组织管理', ['组织管理-1', '组织管理-2', '课程设置-9'])).toBe('组织管理-3');
    expect(nextItemKey('组织管理', ['组织管理-1', '组织管理-7', '组织管理-总体'])).toBe('组织管理-8');
    expect(nextItemKey('意见', [])).toBe('意见-1');
  });

  it('moves an item up or down, and not past either end', () => {
    expect(moved(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(moved(['a', 'b'], 1, 1)).toEqual(['a', 'b']);
  });

  it('says in Chinese what stops it from being saved', () => {
    expect(draftErrors(DEFAULT_QUESTIONNAIRE)).toEqual([]);
    let q: Questionnaire = withAspect(DEFAULT_QUESTIONNAIRE, '组织管理', (items) => [...items, { key: '组织管理-3', text: ' ' }]);
    q = withAspect(q, '实际效果', () => []);
    q = withAspect(q, '课程设置', (items) => [...items, { key: '课程设置-3', text: items[0].text }]);
    q = { ...q, open: Array.from({ length: 11 }, (_, i) => ({ key: `意见-${i + 1}`, text: `问题${i + 1}` })) };
    expect(draftErrors(q)).toEqual([
      '「课程设置」中「课程内容符合企业经营管理需要」出现了两次',
      '「组织管理」第 3 题还没有填写题目',
      '「实际效果」至少要有一道题',
      '开放题最多 10 道',
    ]);
  });
});

/** A report of one session: ratings per item key, the aspects as the service builds them. */
function report(sessionId: number, answers: Record<string, number[]>, q = DEFAULT_QUESTIONNAIRE): EvaluationReport {
  return {
    sessionId,
    responses: 0,
    definition: 'top2',
    definitionText: '满意率 =（非常满意 + 满意）÷ 该题作答人数',
    aspects: q.aspects.map((a) => ({
      name: a.name,
      ...figures(a.items.flatMap((i) => answers[i.key] ?? [])),
      items: a.items.map((i) => ({ key: i.key, name: i.text, ...figures(answers[i.key] ?? []) })),
    })),
    courses: [],
    comments: [],
  };
}

describe('the comparison rows', () => {
  it('pools 总体 over the four aspects, matches items by wording and marks the highest and lowest', () => {
    const a = { '课程设置-1': [5, 5, 4], '课程设置-2': [3], '组织管理-1': [2, 4], '实际效果-1': [5] };
    const b = { '课程设置-1': [4, 4], '组织管理-1': [5, 5], '组织管理-3': [1], '师资力量-1': [3] };
    // Session B reworded 组织管理-2 under a new key: its row is its own, with 无此题 for A.
    const qb = withAspect(DEFAULT_QUESTIONNAIRE, '组织管理', (items) => [items[0], { key: '组织管理-3', text: '报到与接送安排' }]);
    const rows = comparisonRows([report(1, a), report(2, b, qb), report(3, {})]);
    expect(rows.map((r) => r.name)).toEqual(['课程设置', '师资力量', '组织管理', '实际效果', '总体']);
    const overall = rows[4];
    expect(overall.cells[0]).toEqual(figures([5, 5, 4, 3, 2, 4, 5]));
    expect(overall.cells[1]).toEqual(figures([4, 4, 5, 5, 1, 3]));
    expect(overall.cells[2]!.answers).toBe(0);
    expect(pooled([figures([1, 2]), figures([5])], 'top3')).toEqual(figures([1, 2, 5], 'top3'));
    // 课程设置: A 17/4 = 4.25 and 75 %, B 4.00 and 100 %; C has no answers and is not marked.
    expect(rows[0].marks).toEqual({ mean: ['best', 'worst', null], satisfaction: ['worst', 'best', null] });
    const org = rows[2].children!;
    expect(org.map((r) => r.name)).toEqual(['班级组织与服务保障', '食宿与教学条件', '报到与接送安排']);
    expect(org[1].cells.map((c) => c && c.answers)).toEqual([0, null, 0]);
    expect(org[2].cells.map((c) => c && c.answers)).toEqual([null, 1, null]);
    // Equal figures are not marked.
    expect(comparisonRows([report(1, a), report(2, a)])[0].marks.mean).toEqual([null, null]);
  });
});
