import { pinyin } from 'pinyin-pro';

/** Stored beside each name so search by 'zhangsan' or 'zs' is an index-friendly LIKE. */
export function namePinyin(name: string): { full: string; initials: string } {
  const opts = { toneType: 'none', type: 'array', surname: 'head', v: true } as const;
  const full = pinyin(name, opts)
    .join('')
    .replace(/[^a-z]/gi, '')
    .toLowerCase();
  const initials = pinyin(name, { ...opts, pattern: 'first' })
    .join('')
    .replace(/[^a-z]/gi, '')
    .toLowerCase();
  return { full, initials };
}
