import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PushHub } from '../../../../electron/backend/pushHub';
import { UserFacingError } from '../../../../electron/backend/dispatcher';
import { EvidenceBundle } from '../../../../electron/evidence';
import { verifyBundle } from '../../../../electron/evidence/verify';
import { TerminalService } from '../../../../electron/terminal/terminalService';
import { invokeChannels } from '../../../../shared/ipc/contract';
import type { TerminalExit, TerminalOutput } from '../../../../shared/ipc/channels/terminal';
import { identity, quietOptions, target } from '../evidence/data.fixture';

interface Harness {
  bundle: EvidenceBundle;
  service: TerminalService;
  outputs: TerminalOutput[];
  exits: TerminalExit[];
  screen: () => string;
  transcript: (rel: string) => Array<Record<string, unknown>>;
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function harness(options: ConstructorParameters<typeof TerminalService>[2] = {}): Harness {
  const root = mkdtempSync(path.join(tmpdir(), 'pa-terminal-'));
  const bundle = EvidenceBundle.create(path.join(root, 'audit'), { identity, target }, quietOptions());
  const hub = new PushHub();
  const outputs: TerminalOutput[] = [];
  const exits: TerminalExit[] = [];
  // Terminal pushes go to the owning client only: listen as each client these tests open with.
  for (const client of ['c', 'client-a', 'owner', 'window-1', 'window-3']) {
    hub.subscribe((channel, payload) => {
      if (channel === 'terminal.output') outputs.push(payload as TerminalOutput);
      if (channel === 'terminal.exit') exits.push(payload as TerminalExit);
    }, client);
  }
  const service = new TerminalService(hub, () => bundle, { killGraceMs: 500, ...options });
  cleanups.push(() => {
    service.dispose();
    try {
      bundle.detach();
    } catch {
      /* closed by the test */
    }
    rmSync(root, { recursive: true, force: true });
  });
  return {
    bundle,
    service,
    outputs,
    exits,
    screen: () => outputs.map((o) => o.data).join(''),
    transcript: (rel) =>
      readFileSync(path.join(bundle.dir, rel), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('TerminalService', () => {
  it('runs a typed command; the output is pushed in batches and kept, timestamped, in the transcript', async () => {
    const h = harness();
    const opened = await h.service.open('audit-1', 100, 20, 'client-a');
    expect(opened.transcript).toBe('outputs/terminal-1.jsonl');
    expect(opened.shell).toBe('/bin/bash');
    await until(() => h.screen().includes('[audit terminal]'), 'the prompt');

    h.service.write(opened.terminalId, 'echo hello\r', 'keyboard', 'client-a');
    await until(() => /\rhello\r\n/.test(h.screen()), 'hello');

    // A burst: many pty chunks, few pushes, none over the size bound by more than one chunk.
    h.service.write(opened.terminalId, 'head -c 400000 /dev/zero | tr "\\0" x; echo; echo burst-$((40+2))\r', 'keyboard', 'client-a');
    await until(() => h.screen().includes('burst-42\r\n'), 'the burst');
    await new Promise((r) => setTimeout(r, 100));

    expect(h.screen()).toContain('x'.repeat(400_000));
    const records = h.transcript(opened.transcript);
    const outs = records.filter((r) => r.dir === 'out');
    expect(h.outputs.length).toBeLessThan(outs.length);
    const largestChunk = Math.max(...outs.map((r) => Buffer.byteLength(String(r.data))));
    for (const push of h.outputs) expect(Buffer.byteLength(push.data)).toBeLessThanOrEqual(32 * 1024 + largestChunk);
    // Nothing reaches the screen that the transcript does not hold, in the same order.
    expect(outs.map((r) => r.data).join('')).toBe(h.screen());

    for (const r of records) expect(String(r.t)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const times = records.map((r) => Date.parse(String(r.t)));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(records[0]).toMatchObject({ dir: 'meta', event: 'opened', origin: 'typed-by-hand', cwd: h.bundle.dir });
    expect(String(records[0]!.data)).toMatch(/typed by hand .*not through the sudo-helper/);
    expect(records).toContainEqual(expect.objectContaining({ dir: 'in', data: 'echo hello\r' }));
    expect(records).toContainEqual(expect.objectContaining({ dir: 'line', data: 'echo hello', approximate: false }));
    const inAt = records.findIndex((r) => r.dir === 'in' && r.data === 'echo hello\r');
    const helloAt = records.findIndex((r) => r.dir === 'out' && /^hello\r$/m.test(String(r.data)));
    expect(helloAt).toBeGreaterThan(inAt);
  });

  it('starts the shell in the audit folder with a minimal environment', async () => {
    const h = harness();
    process.env.PA_TERMINAL_SECRET = 'must-not-leak';
    try {
      const { terminalId } = await h.service.open('audit-1', 100, 20, 'c');
      h.service.write(terminalId, 'pwd; env | sort | tr "\\n" " "; echo; echo env-$((40+2))\r', 'keyboard', 'c');
      await until(() => h.screen().includes('env-42\r\n'), 'env');
      expect(h.screen()).toContain(`\r${h.bundle.dir}\r\n`);
      expect(h.screen()).toContain('TERM=xterm-256color');
      expect(h.screen()).not.toContain('must-not-leak');
    } finally {
      delete process.env.PA_TERMINAL_SECRET;
    }
  });

  it('refuses hostile requests at the contract and at the service', async () => {
    const write = invokeChannels['terminal.write'].request;
    const id = '2b0e6a4e-3c3f-4f57-9a43-6f1c1c0f6f11';
    expect(write.safeParse({ terminalId: id, data: 'x'.repeat(4096) }).success).toBe(true);
    expect(write.safeParse({ terminalId: id, data: 'x'.repeat(4097) }).success).toBe(false);
    expect(write.safeParse({ terminalId: id, data: '' }).success).toBe(false);
    expect(write.safeParse({ terminalId: '../../etc', data: 'ls' }).success).toBe(false);
    expect(write.safeParse({ terminalId: id, data: 'ls', extra: 1 }).success).toBe(false);
    const resize = invokeChannels['terminal.resize'].request;
    expect(resize.safeParse({ terminalId: id, cols: 80, rows: 24 }).success).toBe(true);
    expect(resize.safeParse({ terminalId: id, cols: 100_000, rows: 24 }).success).toBe(false);
    expect(resize.safeParse({ terminalId: id, cols: 80, rows: 0 }).success).toBe(false);
    expect(resize.safeParse({ terminalId: id, cols: 80.5, rows: 24 }).success).toBe(false);
    const open = invokeChannels['terminal.open'].request;
    expect(open.safeParse({ auditId: '../x' }).success).toBe(false);

    const h = harness();
    expect(() => h.service.write(id, 'ls\r', 'keyboard', 'c')).toThrow(UserFacingError);
    const { terminalId } = await h.service.open('audit-1', 80, 24, 'owner');
    expect(() => h.service.write(terminalId, 'ls\r', 'keyboard', 'intruder')).toThrow(/another window/);
    expect(() => h.service.resize(terminalId, 90, 30, 'intruder')).toThrow(/another window/);
  });

  it('kills the shell when the audit is finished and ends the transcript before the bundle closes', async () => {
    const h = harness();
    const { terminalId, transcript } = await h.service.open('audit-1', 80, 24, 'c');
    const pid = h.service.pidOf(terminalId)!;
    expect(alive(pid)).toBe(true);
    h.service.closeAudit('audit-1');
    h.bundle.close();
    await until(() => !alive(pid), 'the shell to die');
    expect(h.exits).toEqual([{ terminalId, exitCode: null, signal: null, reason: 'the audit was finished' }]);
    expect(h.transcript(transcript).at(-1)).toMatchObject({ dir: 'meta', event: 'closed', data: 'the audit was finished' });
    expect(() => h.service.write(terminalId, 'ls\r', 'keyboard', 'c')).toThrow(/closed/);
    const report = verifyBundle(h.bundle.dir);
    expect(report).toMatchObject({ state: 'closed', intact: true, problems: [] });
    expect(report.files).toContainEqual(expect.objectContaining({ path: transcript }));
  });

  it('kills the shell when its window goes away, and a new one gets the next transcript', async () => {
    const h = harness();
    const first = await h.service.open('audit-1', 80, 24, 'window-1');
    const pid = h.service.pidOf(first.terminalId)!;
    h.service.clientGone('window-2');
    expect(alive(pid)).toBe(true);
    h.service.clientGone('window-1');
    await until(() => !alive(pid), 'the shell to die');
    const second = await h.service.open('audit-1', 80, 24, 'window-3');
    expect(second.transcript).toBe('outputs/terminal-2.jsonl');
  });

  it('re-attaches a pane mounted again to the running shell, with the screen so far', async () => {
    const h = harness();
    const first = await h.service.open('audit-1', 80, 24, 'c');
    h.service.write(first.terminalId, 'echo kept-$((40+2))\r', 'keyboard', 'c');
    await until(() => h.screen().includes('\rkept-42\r\n'), 'the echo');
    const again = await h.service.open('audit-1', 100, 30, 'c');
    expect(again.terminalId).toBe(first.terminalId);
    expect(again.replay).toContain('\rkept-42\r\n');
    expect(h.transcript(first.transcript)).toContainEqual(expect.objectContaining({ dir: 'resize', cols: 100, rows: 30 }));
  });

  it('notes a command pasted by the button and reports the shell exiting by itself', async () => {
    const h = harness();
    const { terminalId, transcript } = await h.service.open('audit-1', 80, 24, 'c');
    h.service.write(terminalId, 'ip -br link', 'paste-button', 'c');
    h.service.write(terminalId, '\x15exit 3\r', 'keyboard', 'c');
    await until(() => h.exits.length === 1, 'the exit');
    expect(h.exits[0]).toMatchObject({ terminalId, exitCode: 3, reason: 'the shell exited' });
    const records = h.transcript(transcript);
    expect(records).toContainEqual(expect.objectContaining({ dir: 'in', data: 'ip -br link', origin: 'paste-button' }));
    expect(records).toContainEqual(expect.objectContaining({ dir: 'line', data: 'exit 3' }));
    expect(records.at(-1)).toMatchObject({ dir: 'meta', event: 'closed', exitCode: 3 });
  });

  it('stops the terminal when its transcript can no longer be written', async () => {
    const h = harness();
    const { terminalId } = await h.service.open('audit-1', 80, 24, 'c');
    const pid = h.service.pidOf(terminalId)!;
    h.bundle.close(); // the audit ended behind the terminal's back
    await expect(h.service.write(terminalId, 'ls\r', 'keyboard', 'c')).rejects.toThrow(/transcript could not be written/);
    expect(h.exits[0]?.reason).toMatch(/transcript could not be written/);
    await until(() => !alive(pid), 'the shell to die');
  });

  it('opens one shell per audit even when the pane asks twice at once', async () => {
    const h = harness();
    const [a, b] = await Promise.all([h.service.open('audit-1', 80, 24, 'c'), h.service.open('audit-1', 80, 24, 'c')]);
    expect(b.terminalId).toBe(a.terminalId);
    expect(a.transcript).toBe('outputs/terminal-1.jsonl');
  });

  it('stops a runaway command once its output passes the cap, after keeping what it showed', async () => {
    const h = harness({ maxTranscriptBytes: 256 * 1024 });
    const { terminalId, transcript } = await h.service.open('audit-1', 80, 24, 'c');
    const pid = h.service.pidOf(terminalId)!;
    h.service.write(terminalId, 'yes\r', 'keyboard', 'c');
    await until(() => h.exits.length === 1, 'the stop');
    expect(h.exits[0]!.reason).toMatch(/output passed 0.25 MiB/);
    await until(() => !alive(pid), 'the shell to die');
    const records = h.transcript(transcript);
    expect(records.at(-1)).toMatchObject({ dir: 'meta', event: 'closed' });
    const kept = records.filter((r) => r.dir === 'out').map((r) => r.data).join('');
    expect(kept).toBe(h.screen());
    expect(Buffer.byteLength(kept)).toBeLessThan(256 * 1024 + 128 * 1024);
  });
});
