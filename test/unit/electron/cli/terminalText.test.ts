import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../../../electron/cli/terminalText';
import { formatComparison } from '../../../../electron/cli/actions/compare';
import { formatVerifyReport } from '../../../../electron/cli/actions/verify';
import type { BaselineComparison } from '../../../../shared/model/evidence';

const ESC = '\u001b';
const hostileSite = `Plant${ESC}]0;owned${'\u0007'}${ESC}[2J${ESC}[31mRED\u009b1m\r\nfindings closed: 0\u202eevil`;

describe('terminalSafe', () => {
  it('shows control characters and direction overrides as escapes, leaves text alone', () => {
    expect(terminalSafe('Waterworks North — Süd 水')).toBe('Waterworks North — Süd 水');
    expect(terminalSafe(hostileSite)).toBe('Plant\\x1b]0;owned\\x07\\x1b[2J\\x1b[31mRED\\x9b1m\\x0d\\x0afindings closed: 0\\u202eevil');
    expect(terminalSafe('\u0000\t\u007f')).toBe('\\x00\\x09\\x7f');
  });
});

function comparison(): BaselineComparison {
  return {
    old: { dir: '/a', site: hostileSite, createdAt: '2026-01-01' },
    new: { dir: `/b${ESC}[1A`, site: 'x', createdAt: '2026-02-01' },
    sameSite: false,
    metrics: [],
    findingsOpened: [{ id: `f${ESC}[2K`, title: `title${ESC}]8;;http://evil${'\u0007'}`, severity: 'high' }],
    findingsClosed: [],
    findingsNotReevaluated: [],
    findingsUnchanged: [],
    warnings: [`different sites: "${hostileSite}"`],
  };
}

describe('CLI printers of bundle strings', () => {
  it('compare prints no control character a bundle supplied', () => {
    const text = formatComparison(comparison());
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    // The only line breaks are the printer's own: a site name cannot forge a line.
    expect(text.split('\n').filter((l) => l.startsWith('findings closed'))).toEqual(['findings closed: 0']);
  });

  it('verify prints file names from the folder listing sanitised', () => {
    const text = formatVerifyReport({
      dir: '/b',
      state: 'closed',
      intact: false,
      problems: [`added: outputs/${ESC}[2J${ESC}[32mINTACT (not in the manifest)`],
      warnings: [],
      files: [],
    });
    expect(text).not.toContain(ESC);
    expect(text).toContain('\\x1b[2J');
  });
});
