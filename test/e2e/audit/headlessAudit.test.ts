import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iperf, isRoot, linkPair, Netns, shape } from '../../lab/host/netns';
import { CLI, REPO } from '../support/serve';

interface Summary {
  dir: string;
  pdf: string;
  risk: string;
  findings: Array<{ ruleId: string; severity: string; title: string }>;
  notEvaluated: string[];
  problems: string[];
}

/** Asynchronous, so the iperf3 traffic started by this process keeps flowing meanwhile. */
function runAsync(cmd: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

const pdftotext = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

/**
 * The headless audit on the host tier: a veth named ppp0 in a namespace, traffic through a
 * shaped link, the real CLI running every step for real (no PPTP here: the lab proves that).
 */
describe.skipIf(!isRoot())('pptp-auditor audit (headless) and report', () => {
  let local: Netns;
  let remote: Netns;
  let summary: Summary;
  const work = mkdtempSync(path.join(tmpdir(), 'pa-audit-'));
  const dir = path.join(work, 'lakeside');

  beforeAll(async () => {
    local = Netns.create('pa-au-l');
    remote = Netns.create('pa-au-r');
    linkPair(local, remote);
    shape(local, 'ppp0', 10_000);
    const traffic = iperf(remote, local, '10.77.0.2', 12);
    await new Promise((r) => setTimeout(r, 1500));
    const run = await runAsync(
      'ip',
      ['netns', 'exec', local.name, process.execPath, CLI, 'audit', '--iface', 'ppp0', '--carrier', 'ppp0', '--remote', '10.77.0.2',
        '--site', 'Lakeside water treatment', '--asset', 'RTU gateway GW-3', '--auditor', 'J. Field', '--out', dir,
        '--duration', '8', '--ping-count', '25', '--link-speed', '100', '--json'],
    );
    await traffic;
    expect(run.status, run.stderr).toBe(0);
    summary = JSON.parse(run.stdout) as Summary;
  }, 180_000);

  afterAll(() => {
    local?.destroy();
    remote?.destroy();
  });

  it('writes a bundle that verifies, with every command, output and sample', () => {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.state).toBe('closed');
    const files = manifest.files.map((f: { path: string }) => f.path);
    for (const f of ['audit.json', 'commands.jsonl', 'samples/throughput.jsonl', 'checklist.json', 'findings.json', 'facts.json']) {
      expect(files).toContain(f);
    }
    expect(files.some((f: string) => f.startsWith('captures/'))).toBe(true);
    const verify = spawnSync(process.execPath, [CLI, 'verify', dir], { encoding: 'utf8' });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  });

  it('judges what it measured: a veth named ppp0 is no proof of PPTP, and nothing is invented', () => {
    // The shaped 10 Mbit/s iperf3 stream was sampled.
    const facts = JSON.parse(readFileSync(path.join(dir, 'facts.json'), 'utf8'));
    expect(facts.throughput.stats.tx.maxBps).toBeGreaterThan(5e6);
    expect(facts.throughput.stats.tx.maxBps).toBeLessThan(12.5e6);
    const rules = summary.findings.map((f) => f.ruleId);
    // Named ppp0, but a veth with no pppd/pptpd and no TCP 1723 listener: an unknown tunnel, not PPTP.
    expect(rules).toContain('tunnel-kind-unknown');
    expect(rules).not.toContain('pptp-in-use');
    expect(summary.findings.find((f) => f.ruleId === 'tunnel-kind-unknown')?.severity).toBe('info');
    // No PPTP on the wire here: nothing may claim cleartext, weak MPPE or a GRE blockage.
    for (const absent of ['data-unencrypted', 'weak-mppe', 'gre-blockage', 'mschapv2-observable']) expect(rules).not.toContain(absent);
    const checklist = JSON.parse(readFileSync(path.join(dir, 'checklist.json'), 'utf8'));
    expect(checklist.steps.throughput.status).toBe('done');
    expect(checklist.steps.latency.status).toBe('done');
  });

  it('prints a PDF with every section and every finding, and re-renders it on Letter', () => {
    const text = pdftotext(summary.pdf);
    for (const section of ['PPTP tunnel audit report', 'Lakeside water treatment', 'RTU gateway GW-3', '1. Executive summary',
      '2. Performance baseline', '3. The six audit steps', '4. Findings and remediation', '5. Migration',
      'Appendix A. Commands executed', 'Appendix B. Evidence files and hashes']) {
      expect(text).toContain(section);
    }
    for (const f of summary.findings) expect(text).toContain(f.title);
    for (let step = 1; step <= 6; step++) expect(text).toMatch(new RegExp(`Step ${step}\\.`));
    const samplesHash = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')).files.find((f: { path: string }) => f.path === 'samples/throughput.jsonl').sha256;
    expect(text.replace(/\s+/g, '')).toContain(samplesHash);

    const letter = path.join(work, 'letter.pdf');
    const again = spawnSync(process.execPath, [CLI, 'report', dir, '--out', letter, '--paper', 'Letter'], { encoding: 'utf8', timeout: 60_000 });
    expect(again.status, again.stderr).toBe(0);
    expect(execFileSync('pdfinfo', [letter], { encoding: 'utf8' })).toMatch(/Page size:\s+612 x 792 pts/);
    expect(execFileSync('pdfinfo', [summary.pdf], { encoding: 'utf8' })).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);

    // Sample pages for the README, looked at by a person.
    execFileSync('pdftoppm', ['-r', '70', '-png', '-f', '1', '-l', '4', summary.pdf, path.join(work, 'page')]);
    for (const n of ['1', '2', '3', '4']) {
      const png = path.join(work, `page-${n.padStart(2, '0')}.png`);
      expect(existsSync(png)).toBe(true);
      copyFileSync(png, path.join(REPO, 'docs', `report-page-${n}.png`));
    }
  });

  it('verify names a tampered file and exits 1', () => {
    appendFileSync(path.join(dir, 'samples/throughput.jsonl'), '{"forged":true}\n');
    const verify = spawnSync(process.execPath, [CLI, 'verify', dir], { encoding: 'utf8' });
    expect(verify.status).toBe(1);
    expect(verify.stdout + verify.stderr).toContain('samples/throughput.jsonl');
  });

  it('refuses bad arguments with one line and exit 2', () => {
    for (const args of [
      ['--iface', 'ppp0;reboot', '--carrier', 'eth0', '--remote', '10.0.0.1'],
      ['--iface', 'ppp0', '--carrier', 'eth0', '--remote', 'example.com'],
      ['--iface', 'ppp0', '--carrier', '..', '--remote', '10.0.0.1'],
    ]) {
      const r = spawnSync(process.execPath, [CLI, 'audit', ...args, '--site', 'x', '--out', path.join(work, 'bad')], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const notBundle = spawnSync(process.execPath, [CLI, 'report', work, '--out', path.join(work, 'x.pdf')], { encoding: 'utf8' });
    expect(notBundle.status).toBe(2);
  });

  it('an offline audit of one supplied file: exit 3 naming the steps not done, INCOMPLETE with its coverage on the PDF cover', () => {
    const sent = mkdtempSync(path.join(work, 'sent-'));
    copyFileSync(new URL('../../fixtures/inputs/ip-j-d-addr.veth-ppp0.json', import.meta.url).pathname, path.join(sent, 'ip-addr.json'));
    const out = path.join(work, 'offline');
    const r = spawnSync(process.execPath, [CLI, 'audit', '--from', sent, '--iface', 'ppp0', '--carrier', 'eth0', '--remote', '10.0.0.1', '--site', 'Offline site', '--out', out, '--json'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(3);
    const result = JSON.parse(r.stdout) as { risk: string; stepsNotDone: Array<{ step: string }>; supplied: boolean; pdf: string };
    expect(result).toMatchObject({ risk: 'incomplete', supplied: true });
    expect(result.stepsNotDone.map((s) => s.step)).toEqual(['kernel-modules', 'throughput', 'capture', 'logs', 'latency']);
    const text = pdftotext(result.pdf);
    expect(text).toMatch(/Overall risk\s+INCOMPLETE/i);
    expect(text).toContain('Coverage: 1 of 6 steps (missing: kernel-modules, throughput, capture, logs, latency)');
  }, 120_000);
});
