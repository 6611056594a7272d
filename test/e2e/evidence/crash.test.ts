import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBundle, resumeBundle } from '../../../electron/evidence';

const root = new URL('../../..', import.meta.url).pathname;
const child = new URL('./crash.child.ts', import.meta.url).pathname;
const cli = join(root, 'dist/cli.cjs');

interface Ack {
  at: number;
  kind: 'sample' | 'command';
  seq: number;
  sampleSeq: number;
}

function runCli(...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 30_000 });
}

/** Runs the appender, kill -9s it after `afterMs`, returns what it acknowledged and when. */
async function appendThenKill(dir: string, afterMs: number): Promise<{ acks: Ack[]; killAt: number }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, dir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const acks: Ack[] = [];
  let buffered = '';
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  proc.stdout.on('data', (d: Buffer) => {
    const at = Date.now();
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const m = /^ack (sample|command) (\d+)(?: (\d+))?$/.exec(line);
      if (m) acks.push({ at, kind: m[1] as Ack['kind'], seq: Number(m[2]), sampleSeq: Number(m[3] ?? m[2]) });
    }
  });
  // Wait until it is really writing, then let it run for afterMs more.
  await new Promise<void>((resolve, reject) => {
    const t0 = Date.now();
    const poll = setInterval(() => {
      if (acks.length > 0) {
        clearInterval(poll);
        setTimeout(resolve, afterMs);
      } else if (Date.now() - t0 > 20_000) {
        clearInterval(poll);
        reject(new Error(`appender did not start: ${stderr}`));
      }
    }, 20);
  });
  const killAt = Date.now();
  const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
  proc.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return { acks, killAt };
}

describe('evidence bundle survives kill -9', () => {
  const work = mkdtempSync(join(tmpdir(), 'pa-evidence-crash-'));
  beforeAll(() => {
    const build = spawnSync('npm', ['run', 'build:node'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  for (const afterMs of [1500, 2300, 3100]) {
    it(`keeps everything written more than a second before a kill at ~${afterMs} ms, reopens, and verify catches tampering`, async () => {
      const dir = join(work, `bundle-${afterMs}`);
      const { acks, killAt } = await appendThenKill(dir, afterMs);
      const old = acks.filter((a) => a.at <= killAt - 1000);
      expect(old.length).toBeGreaterThan(10);

      const { bundle, report } = resumeBundle(dir);
      bundle.detach();
      const contents = readBundle(dir);
      const samples = new Set(contents.samples.map((s) => s.t));
      const commands = new Map(contents.commands.map((c) => [c.seq, c]));
      const missingOld = old.filter((a) => (a.kind === 'sample' ? !samples.has(a.seq) : !commands.has(a.seq)));
      expect(missingOld).toEqual([]);
      // Stronger than promised: every acknowledged write survived, not only the old ones.
      const missingAny = acks.filter((a) => (a.kind === 'sample' ? !samples.has(a.seq) : !commands.has(a.seq)));
      expect(missingAny).toEqual([]);
      for (const c of contents.commands) {
        expect(readFileSync(join(dir, c.stdoutFile!), 'utf8')).toMatch(/icmp_seq=\d+/);
      }
      expect(contents.damage).toEqual([]);
      expect(contents.custody.map((c) => c.event)).toContain('reopened');
      console.log(
        `kill at +${afterMs} ms: ${acks.length} acknowledged writes, all on disk; ${contents.samples.length} samples, ${contents.commands.length} commands; torn lines repaired: ${report.tornLines.length}; interrupted commands: ${report.interruptedCommands.length}`,
      );

      const intact = runCli('verify', dir);
      expect(intact.stdout).toMatch(/^INTACT/);
      expect(intact.status).toBe(0);

      // Tamper: change one byte of a recorded output, keeping its size.
      const victim = contents.commands[0]!.stdoutFile!;
      const text = readFileSync(join(dir, victim), 'utf8');
      writeFileSync(join(dir, victim), text.replace('ttl=64', 'ttl=63'));
      const tampered = runCli('verify', dir);
      expect(tampered.status).toBe(1);
      expect(tampered.stdout).toMatch(/^TAMPERED/);
      expect(tampered.stdout).toContain(`changed: ${victim}`);
      const json = JSON.parse(runCli('verify', dir, '--json').stdout);
      expect(json.intact).toBe(false);
      expect(json.files.find((f: { path: string }) => f.path === victim).status).toBe('changed');
    });
  }

  it('compare prints baseline deltas of two crashed-and-recovered audits of the same site', () => {
    const r = runCli('compare', join(work, 'bundle-1500'), join(work, 'bundle-3100'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/throughput rx avg\s+Mbit\/s\s+0\.8\s+0\.8\s+0/);
    expect(r.stdout).toContain('findings opened: 0');
    const json = JSON.parse(runCli('compare', join(work, 'bundle-1500'), join(work, 'bundle-3100'), '--json').stdout);
    expect(json.sameSite).toBe(true);
    expect(json.warnings.some((w: string) => /no findings\.json/.test(w))).toBe(true);
  });

  it('verify and compare refuse bad arguments with exit 2', () => {
    expect(runCli('verify').status).toBe(2);
    expect(runCli('verify', join(work, 'nope')).status).toBe(2);
    const notBundle = mkdtempSync(join(work, 'empty-'));
    const r = runCli('verify', notBundle);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not an evidence bundle/);
    expect(runCli('compare', notBundle).status).toBe(2);
    expect(runCli('compare', notBundle, notBundle).status).toBe(2);
  });
});
