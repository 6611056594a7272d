/**
 * The CLI's start (issue 14): dist/cli.cjs runs the bundle through V8's code cache, and a start
 * loads no package beyond commander. Needs `npm run build`. No timings here: test/bench/cli-start.ts
 * prints those.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codeCachePath, compileBundle } from '../../../electron/cli/codeCache';

const REPO = path.resolve(__dirname, '../../..');
const DIST = path.join(REPO, 'dist');
const CAPTURE = path.join(REPO, 'test/fixtures/lab/healthy/capture.pcap');
const work = mkdtempSync(path.join(tmpdir(), 'pa-clistart-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the built CLI (entry, bundle, cache) with the repo's packages beside it. */
function stageCli(): string {
  const dir = mkdtempSync(path.join(work, 'app-'));
  for (const file of ['cli.cjs', 'cli-main.cjs', 'cli-main.cjs.v8cache']) copyFileSync(path.join(DIST, file), path.join(dir, file));
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

function runCli(dir: string, args: string[], nodeArgs: string[] = []) {
  return spawnSync(process.execPath, [...nodeArgs, path.join(dir, 'cli.cjs'), ...args], { encoding: 'utf8', timeout: 60_000 });
}

describe('dist/cli.cjs and its code cache', () => {
  const reference = runCli(DIST, ['--help']);

  it('the build writes a cache this Node accepts', () => {
    const bundle = path.join(DIST, 'cli-main.cjs');
    expect(compileBundle(bundle, readFileSync(codeCachePath(bundle))).cachedDataRejected).toBe(false);
    expect(reference.status).toBe(0);
    expect(reference.stdout).toContain('Usage: pptp-auditor');
  });

  it('a missing cache: the CLI compiles without it and works the same', () => {
    const dir = stageCli();
    rmSync(path.join(dir, 'cli-main.cjs.v8cache'));
    const help = runCli(dir, ['--help']);
    expect([help.status, help.stdout, help.stderr]).toEqual([0, reference.stdout, '']);
    const analyze = runCli(dir, ['analyze', CAPTURE, '--json']);
    expect(analyze.status).toBe(0);
    expect(JSON.parse(analyze.stdout).packets).toBeGreaterThan(0);
  });

  it('a foreign or damaged cache is rejected by V8, silently, and the CLI works the same', () => {
    const dir = stageCli();
    writeFileSync(path.join(dir, 'cli-main.cjs.v8cache'), Buffer.alloc(4096, 0x5a));
    const help = runCli(dir, ['--help']);
    expect([help.status, help.stdout, help.stderr]).toEqual([0, reference.stdout, '']);
    const bundle = path.join(dir, 'cli-main.cjs');
    expect(compileBundle(bundle, readFileSync(codeCachePath(bundle))).cachedDataRejected).toBe(true);
  });

  it('exit codes and errors pass through the entry: unknown command exits 2 with one line', () => {
    const r = runCli(stageCli(), ['no-such-command']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('the bundle keeps no real import() (under vm.Script it would print an ExperimentalWarning)', () => {
    expect(readFileSync(path.join(DIST, 'cli-main.cjs'), 'utf8')).not.toMatch(/\bimport\("/);
  });
});

describe('what a CLI start loads', () => {
  const hook = path.join(work, 'list-packages.cjs');
  writeFileSync(
    hook,
    "process.on('exit', () => { const p = new Set(); for (const k of Object.keys(require.cache)) { const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(k); if (m) p.add(m[1]); } process.stderr.write('PACKAGES ' + [...p].sort().join(' ') + '\\n'); });\n",
  );
  const packages = (args: string[]) => {
    const r = runCli(DIST, args, ['-r', hook]);
    expect(r.status).toBe(0);
    return (/PACKAGES (.*)/.exec(r.stderr)?.[1] ?? '?').split(' ');
  };

  it('--help and analyze of a capture load commander only (no zod, playwright-core, ws, ssh2, node-pty)', () => {
    expect(packages(['--help'])).toEqual(['commander']);
    expect(packages(['analyze', CAPTURE, '--json'])).toEqual(['commander']);
  });
});
