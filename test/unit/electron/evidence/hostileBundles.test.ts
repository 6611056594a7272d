import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canMknod, GOLDEN, HOSTILE_CASES, MARKER, plantCase } from './hostileBundles.fixture';

const root = new URL('../../../..', import.meta.url).pathname;
const child = new URL('./hostileBundles.child.ts', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'pa-hostile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A line of /etc/shadow (we run as root in CI): it must never come out of any reader. */
const shadowLine = existsSync('/etc/shadow') ? (readFileSync('/etc/shadow', 'utf8').split('\n').find((l) => l.includes(':$')) ?? null) : null;

type Outcome = { ok: true; value: unknown } | { ok: false; error: string };

const dirs = new Map<string, string>();
const results: Record<string, Record<string, Outcome>> = {};
let hung: string | null = null;

beforeAll(() => {
  HOSTILE_CASES.forEach((hostile, i) => {
    if (hostile.name.includes('mknod') && !canMknod(work)) return;
    dirs.set(hostile.name, plantCase(join(work, `case-${i}`), hostile).bundle);
  });
  // One process reads them all (tsx start-up is the slow part). Bounded: a reader that blocks
  // on a FIFO or device is killed, and the bundles it did not finish fail their tests.
  const resultFile = join(work, 'results.jsonl');
  const run = spawnSync(process.execPath, ['--import', 'tsx', child, resultFile, GOLDEN, GOLDEN, ...dirs.values()], { cwd: root, encoding: 'utf8', timeout: 90_000 });
  if (run.signal !== null || run.status !== 0) hung = `readers did not finish (signal ${run.signal}, status ${run.status}): ${run.stderr.slice(-300)}`;
  const lines = existsSync(resultFile) ? readFileSync(resultFile, 'utf8').split('\n').filter((l) => l !== '') : [];
  for (const line of lines) {
    const { dir, out } = JSON.parse(line) as { dir: string; out: Record<string, Outcome> };
    results[dir] = out;
  }
}, 120_000);

function readAll(dir: string): Record<string, Outcome> {
  const out = results[dir];
  expect(out, hung ?? `no result for ${dir}`).toBeDefined();
  return out!;
}

/** Where a reader met the hostile file: an error naming it, or a refusal in what it returned. */
function mentions(outcome: Outcome, name: string): boolean {
  const text = outcome.ok ? JSON.stringify(outcome.value) : outcome.error;
  return text.includes(name) && /refused|not an evidence|cannot read/.test(text);
}

describe('hostile evidence bundles: every reader refuses, none hangs, nothing from outside leaks', () => {
  for (const hostile of HOSTILE_CASES) {
    it(hostile.name, (ctx) => {
      const bundle = dirs.get(hostile.name);
      if (bundle === undefined) return ctx.skip();
      const out = readAll(bundle);
      const everything = JSON.stringify(out);
      expect(everything).not.toContain(MARKER);
      if (shadowLine) expect(everything).not.toContain(shadowLine);

      const verify = out.verify!;
      expect(verify.ok).toBe(true);
      const report = (verify as { value: { intact: boolean; problems: string[] } }).value;
      expect(report.intact, report.problems.join('\n')).toBe(hostile.verify === 'intact');

      if (hostile.refused === '') return;
      if (hostile.verify === 'tampered') expect(report.problems.join('\n')).toContain(hostile.refused);
      // The report model (direct and over the IPC) either carries the refusal or fails naming the file.
      for (const reader of ['model', 'ipc'] as const) {
        expect(mentions(out[reader]!, hostile.refused), `${reader}: ${JSON.stringify(out[reader]).slice(0, 400)}`).toBe(true);
        const model = out[reader]!;
        if (model.ok && hostile.verify === 'tampered') {
          expect((model.value as { integrity: { verdict: string } }).integrity.verdict).toBe('tampered');
        }
      }
    });
  }

  it('the golden bundle itself reads cleanly (the defences do not refuse real evidence)', () => {
    const out = readAll(GOLDEN);
    for (const reader of ['verify', 'model', 'read', 'compare', 'replay', 'ipc']) expect(out[reader]!.ok, reader).toBe(true);
    const model = (out.model as { value: { integrity: { verdict: string }; bundleProblems: string[] } }).value;
    expect(model.integrity.verdict).toBe('intact');
    expect(model.bundleProblems).toEqual([]);
  });
});
