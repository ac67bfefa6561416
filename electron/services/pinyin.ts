import { pinyin } from 'pinyin-pro';

const cache = new Map<string, { full: string; initials: string }>();

/**
 * Stored beside each name so search by 'zhangsan' or 'zs' is a plain substring match. One
 * conversion per distinct name (names repeat; the conversion was the import's largest cost).
 */
export function namePinyin(name: string): { full: string; initials: string } {
  let hit = cache.get(name);
  if (!hit) {
    const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', v: true }).map((s) =>
      s.replace(/[^a-z]/gi, '').toLowerCase(),
    );
    hit = { full: syllables.join(''), initials: syllables.map((s) => s[0] ?? '').join('') };
    if (cache.size > 50_000) cache.clear();
    cache.set(name, hit);
  }
  return hit;
}
