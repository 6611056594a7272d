import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultHelperPath, helperFileProblem } from '../../../../electron/helper/helperLocation';

const dir = mkdtempSync(join(tmpdir(), 'pa-helper-loc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('where the root helper may come from', () => {
  it('only beside the running bundle, never from the current directory', () => {
    const cwdHelper = join(process.cwd(), 'dist', 'helper.cjs');
    // Even when only the current directory has one, it is not chosen.
    const chosen = defaultHelperPath('/opt/pptp-auditor/resources/app/dist/electron', (p) => p === cwdHelper);
    expect(chosen).toBe('/opt/pptp-auditor/resources/app/dist/electron/helper.cjs');
    expect(defaultHelperPath('/opt/app/dist/electron', (p) => p === '/opt/app/dist/helper.cjs')).toBe('/opt/app/dist/helper.cjs');
  });

  it('refuses a helper file another user can change, a link, a relative path', () => {
    const ok = join(dir, 'good');
    mkdirSync(ok, { mode: 0o755 });
    chmodSync(ok, 0o755);
    writeFileSync(join(ok, 'helper.cjs'), '//', { mode: 0o644 });
    const me = process.getuid?.() ?? 0;
    expect(helperFileProblem(join(ok, 'helper.cjs'), me)).toBeNull();

    writeFileSync(join(ok, 'writable.cjs'), '//');
    chmodSync(join(ok, 'writable.cjs'), 0o666);
    expect(helperFileProblem(join(ok, 'writable.cjs'), me)).toMatch(/can be changed by another user; refused/);

    symlinkSync(join(ok, 'helper.cjs'), join(ok, 'link.cjs'));
    expect(helperFileProblem(join(ok, 'link.cjs'), me)).toMatch(/not a regular file; refused/);
    expect(helperFileProblem('dist/helper.cjs', me)).toMatch(/not absolute; refused/);

    const open = join(dir, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    writeFileSync(join(open, 'helper.cjs'), '//', { mode: 0o644 });
    expect(helperFileProblem(join(open, 'helper.cjs'), me)).toMatch(/directory .* can be changed by another user/);

    if (me === 0) {
      const theirs = join(ok, 'theirs.cjs');
      writeFileSync(theirs, '//', { mode: 0o644 });
      chownSync(theirs, 1234, 1234);
      // Seen by auditor uid 1000: the file belongs to someone else.
      expect(helperFileProblem(theirs, 1000)).toMatch(/can be changed by another user/);
    }
  });
});
