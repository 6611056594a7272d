import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type IPty } from 'node-pty';
import { echoStateOf, parseSttyFlags, probeEchoState } from '../../../../electron/terminal/echoState';
import { LineAssembler } from '../../../../electron/terminal/typedLines';

/**
 * The no-echo detection read off a real pty: bash's own prompt (readline: ECHO off but
 * non-canonical, it draws the keys itself) is visible; a `read -s` prompt (canonical, ECHO off)
 * is hidden; a state that cannot be read is unknown, which the service treats as hidden.
 */
const ptys: IPty[] = [];
afterEach(() => {
  for (const pty of ptys.splice(0)) pty.kill();
});

function shell(): { pty: IPty; shows: (text: string) => Promise<void> } {
  const pty = spawn('/bin/bash', ['--noprofile', '--norc'], { cols: 80, rows: 24, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm', PS1: 'pa-prompt$ ' } });
  ptys.push(pty);
  let out = '';
  pty.onData((d) => (out += d));
  const shows = async (text: string) => {
    while (!out.includes(text)) await new Promise((r) => setTimeout(r, 20));
  };
  return { pty, shows };
}

const slave = (pty: IPty) => (pty as IPty & { ptsName: string }).ptsName;

describe('echo state of the pty', () => {
  it('tells the shell prompt (visible) from a read -s prompt (hidden)', async () => {
    const { pty, shows } = shell();
    await shows('pa-prompt$ ');
    expect(await probeEchoState(slave(pty))).toBe('visible');
    pty.write("read -rs -p 'pa-secret: ' X\r");
    await shows('pa-secret: ');
    expect(await probeEchoState(slave(pty))).toBe('hidden');
    pty.write('x\r');
    pty.write('echo back-$((40+2))\r');
    await shows('back-42');
    expect(await probeEchoState(slave(pty))).toBe('visible');
  });

  it('gives unknown when the state cannot be read', async () => {
    expect(await probeEchoState('/dev/pts/does-not-exist')).toBe('unknown');
    expect(await probeEchoState(undefined)).toBe('unknown');
    expect(echoStateOf(parseSttyFlags('speed 38400 baud; line = 0;'))).toBe('unknown');
  });

  it('hides only canonical input without echo', () => {
    expect(echoStateOf({ echo: false, icanon: true })).toBe('hidden');
    expect(echoStateOf({ echo: false, icanon: false })).toBe('visible');
    expect(echoStateOf({ echo: true, icanon: true })).toBe('visible');
  });
});

describe('typed lines at a no-echo prompt', () => {
  it('are counted, never kept, and editing still counts right', () => {
    const lines = new LineAssembler();
    expect(lines.feed('hunter2x', true)).toEqual([]);
    expect(lines.feed('\x7f\r', true)).toEqual([{ line: '[hidden input, 7 characters]', approximate: false }]);
    expect(lines.feed('a', true)).toEqual([]);
    expect(lines.feed('\r', true)).toEqual([{ line: '[hidden input, 1 character]', approximate: false }]);
    expect(lines.feed('secret\x15\r', true)).toEqual([]);
    expect(lines.feed('ls\r')).toEqual([{ line: 'ls', approximate: false }]);
  });
});
