/**
 * Hostile bundles through the real CLI (dist/cli.cjs: `npm run build` first): verify, report
 * and compare refuse with a clear message and exit status, never hang (every run is bounded),
 * never print a byte from outside the bundle, and the PDF writer never follows a planted link.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GOLDEN, HOSTILE_CASES, MARKER, plantCase, reseal } from '../../unit/electron/evidence/hostileBundles.fixture';

const root = new URL('../../..', import.meta.url).pathname;
const cli = join(root, 'dist/cli.cjs');
const work = mkdtempSync(join(tmpdir(), 'pa-hostile-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 90_000 });
}

function planted(name: string): string {
  const hostile = HOSTILE_CASES.find((c) => c.name === name);
  if (!hostile) throw new Error(`no hostile case ${name}`);
  return plantCase(join(work, name.replace(/[^a-z0-9]+/gi, '-')), hostile).bundle;
}

/** The text of each page of a PDF (pdftotext separates pages with a form feed). */
function pdfPages(pdf: string): string[] {
  const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
  return text.split('\f').filter((page) => page.trim() !== '');
}

function tampered(): string {
  const bundle = join(work, 'tampered');
  rmSync(bundle, { recursive: true, force: true });
  cpSync(GOLDEN, bundle, { recursive: true });
  const file = join(bundle, 'outputs/0003-ping.run.stdout');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/time=[0-9.]+/, 'time=0.001'));
  writeFileSync(join(bundle, 'notes.jsonl'), '{"at":"2026-11-24T09:00:00.000Z","step":null,"text":"forged"}\n', { flag: 'a' });
  return bundle;
}

describe.skipIf(!existsSync(cli))('hostile bundles through dist/cli.cjs', () => {
  it('verify calls a bundle whose manifest.json is a symlink TAMPERED (exit 1), naming it', () => {
    const out = run('verify', planted('manifest.json itself a symlink'));
    expect(out.status, out.stderr).toBe(1);
    expect(out.stdout).toMatch(/^TAMPERED OR DAMAGED/);
    expect(out.stdout).toMatch(/refused "manifest\.json" in the evidence bundle: is a symbolic link/);
  });

  it('report and compare refuse a FIFO, a device and a sparse terabyte at once (bounded, exit 1)', () => {
    for (const name of ['evidence file replaced by a FIFO', 'fixed file (checklist.json) replaced by a FIFO', 'evidence file replaced by a symlink to /dev/zero', 'samples/throughput.jsonl grown to a sparse terabyte']) {
      const bundle = planted(name);
      const report = run('report', bundle, '--out', join(work, 'never.pdf'));
      expect(report.signal, `${name}: report hung`).toBeNull();
      expect(report.status, `${name}: ${report.stderr}`).toBe(1);
      expect(report.stderr).toMatch(/TAMPERED|refused/);
      expect(existsSync(join(work, 'never.pdf'))).toBe(false);
      const compare = run('compare', GOLDEN, bundle);
      expect(compare.signal, `${name}: compare hung`).toBeNull();
      if (compare.status !== 0) expect(compare.stderr).toMatch(/refused "[^"]+"/);
    }
  });

  it('report of a bundle naming ../../etc/shadow as evidence (manifest recomputed): verify INTACT, the PDF holds no byte from outside', () => {
    const bundle = planted('checklist evidence path climbing out with ..');
    expect(run('verify', bundle).status).toBe(0);
    const pdf = join(work, 'traversal.pdf');
    const out = run('report', bundle, '--out', pdf);
    expect(out.status, out.stderr).toBe(0);
    const text = pdfPages(pdf).join('\n');
    expect(text).not.toContain(MARKER);
    if (existsSync('/etc/shadow')) {
      for (const line of readFileSync('/etc/shadow', 'utf8').split('\n').filter((l) => l.includes(':$'))) {
        expect(text).not.toContain(line.split(':')[1]!.slice(0, 20));
      }
    }
    expect(text).toMatch(/refused "\.\.\/outside\/secret\.txt"/);
  });

  it('report refuses a tampered bundle naming the files; --allow-tampered prints TAMPERED on every page', () => {
    const bundle = tampered();
    const pdf = join(work, 'tampered.pdf');
    const refused = run('report', bundle, '--out', pdf);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('TAMPERED — 2 files changed: notes.jsonl, outputs/0003-ping.run.stdout');
    expect(existsSync(pdf)).toBe(false);

    const allowed = run('report', bundle, '--out', pdf, '--allow-tampered');
    expect(allowed.status, allowed.stderr).toBe(0);
    const pages = pdfPages(pdf);
    expect(pages.length).toBeGreaterThan(3);
    pages.forEach((page, i) => expect(page, `page ${i + 1}`).toContain('TAMPERED — 2 files changed'));
    expect(pages[0]).toMatch(/changed: notes\.jsonl/);
    expect(pages[0]).toMatch(/changed: outputs\/0003-ping\.run\.stdout/);
  });

  it('a root report does not write through a link planted at the temp name of its pid', async () => {
    const victim = join(work, 'victim');
    writeFileSync(victim, 'precious\n');
    const out = join(work, 'planted.pdf');
    const child = spawn(process.execPath, [cli, 'report', GOLDEN, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The CLI needs seconds to start Chromium: the link is in place long before it writes.
    symlinkSync(victim, `${out}.tmp-${child.pid}`);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(status, stderr).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('compare prints no escape sequence from a site name', () => {
    const bundle = join(work, 'escape-site');
    rmSync(bundle, { recursive: true, force: true });
    cpSync(GOLDEN, bundle, { recursive: true });
    const site = 'Plant\u001b]0;pwned\u0007\u001b[2J\u001b[31m\r\nfindings closed: 0';
    for (const file of ['manifest.json', 'audit.json']) {
      const value = JSON.parse(readFileSync(join(bundle, file), 'utf8'));
      if (file === 'manifest.json') value.site = site;
      else value.identity.site = site;
      writeFileSync(join(bundle, file), JSON.stringify(value, null, 2));
    }
    reseal(bundle);
    const out = run('compare', GOLDEN, bundle);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout + out.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(out.stdout).toContain('Plant\\x1b]0;pwned\\x07');
  });
});
