import { describe, expect, it } from 'vitest';
import { extraChromiumFlags } from '../../../../electron/report/printPdfHeadless';

describe('PPTP_CHROMIUM_FLAGS', () => {
  it('passes --flag and --flag=value on, nothing when unset', () => {
    expect(extraChromiumFlags('')).toEqual([]);
    expect(extraChromiumFlags(' --no-zygote  --single-process --js-flags=--jitless ')).toEqual(['--no-zygote', '--single-process', '--js-flags=--jitless']);
  });

  it('refuses anything that is not a flag, naming it', () => {
    for (const bad of ['-x', 'https://example.org', '--user-data-dir=/tmp;rm', '--load-extension=$(id)', '--a=`id`', '--"x"']) {
      expect(() => extraChromiumFlags(`--no-zygote ${bad}`), bad).toThrow(/is not a --flag/);
    }
  });
});
