/**
 * Lists that were once written in several places now have one definition in shared/domain. A copy
 * creeping back in (a hand-written status list in some SQL, a second list of enterprise titles)
 * fails here, named by file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENTERPRISE_QUALIFICATIONS } from '../../shared/domain/qualifications';
import { ACTIVE_STATUSES } from '../../shared/domain/types';

const ROOT = path.resolve(__dirname, '../..');

/** Code only: a comment may quote an example. (Naive, but it can only hide a copy behind "//" in a string.) */
const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

/** Source files of the app (tests and fixtures may spell values out), minus the migrations: history. */
function sources(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(ts|tsx)$/.test(e.name))
        out.push({ file: path.relative(ROOT, full).split(path.sep).join('/'), text: withoutComments(fs.readFileSync(full, 'utf8')) });
    }
  };
  for (const d of ['electron', 'renderer', 'shared']) walk(path.join(ROOT, d));
  return out.filter((s) => !s.file.startsWith('electron/db/migrations/'));
}

describe('one definition each', () => {
  it('the active statuses: only ACTIVE_STATUSES in shared/domain/types.ts lists them', () => {
    const quoted = `['"](?:${ACTIVE_STATUSES.join('|')})['"]`;
    // Any list naming all of them, in any order: ('submitted', 'approved', 'waitlisted'), [...].
    const list = new RegExp(Array.from(ACTIVE_STATUSES, () => quoted).join('\\s*,\\s*'));
    const copies = sources()
      .filter((s) => s.file !== 'shared/domain/types.ts' && list.test(s.text))
      .map((s) => s.file);
    expect(copies).toEqual([]);
    expect(list.test(fs.readFileSync(path.join(ROOT, 'shared/domain/types.ts'), 'utf8'))).toBe(true);
  });

  it('the enterprise titles: only shared/domain/qualifications.ts lists them', () => {
    const copies = sources()
      .filter((s) => s.file !== 'shared/domain/qualifications.ts')
      .filter((s) => ENTERPRISE_QUALIFICATIONS.filter((q) => s.text.includes(q)).length >= 2)
      .map((s) => s.file);
    expect(copies).toEqual([]);
  });
});
