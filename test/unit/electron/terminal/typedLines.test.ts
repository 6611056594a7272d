import { describe, expect, it } from 'vitest';
import { LineAssembler } from '../../../../electron/terminal/typedLines';

describe('LineAssembler', () => {
  it('rebuilds a line typed key by key, with backspaces', () => {
    const lines = new LineAssembler();
    const keys = ['i', 'p', ' ', '-', 'b', 'r', ' ', 'l', 'n', '\x7f', 'i', 'n', 'k'];
    for (const k of keys) expect(lines.feed(k)).toEqual([]);
    expect(lines.feed('\r')).toEqual([{ line: 'ip -br link', approximate: false }]);
  });

  it('drops bracketed-paste markers and keeps the pasted text', () => {
    const lines = new LineAssembler();
    expect(lines.feed('\x1b[200~lsmod | grep ppp\x1b[201~')).toEqual([]);
    expect(lines.feed('\r')).toEqual([{ line: 'lsmod | grep ppp', approximate: false }]);
  });

  it('marks a line edited with arrows or tab completion as approximate', () => {
    const lines = new LineAssembler();
    expect(lines.feed('cat /et\t')).toEqual([]);
    expect(lines.feed('\r')).toEqual([{ line: 'cat /et', approximate: true }]);
    expect(lines.feed('\x1b[A\r')).toEqual([{ line: '', approximate: true }]);
    expect(lines.feed('ls\r')).toEqual([{ line: 'ls', approximate: false }]);
  });

  it('forgets a line abandoned with Ctrl-C and ignores empty Enters', () => {
    const lines = new LineAssembler();
    expect(lines.feed('rm -rf x\x03')).toEqual([]);
    expect(lines.feed('\r\r')).toEqual([]);
    expect(lines.feed('a\rb\r')).toEqual([
      { line: 'a', approximate: false },
      { line: 'b', approximate: false },
    ]);
  });

  it('caps a runaway line', () => {
    const lines = new LineAssembler();
    lines.feed('x'.repeat(10_000));
    const [entered] = lines.feed('\r');
    expect(entered!.line.length).toBe(8192);
    expect(entered!.approximate).toBe(true);
  });
});
