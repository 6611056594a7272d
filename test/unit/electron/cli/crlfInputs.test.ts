import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runAuditCommand } from '../../../../electron/cli/actions/audit';
import { runInterfaces } from '../../../../electron/cli/actions/interfaces';
import { runHardening, runLogs, runModules, runMtu, runPing } from '../../../../electron/cli/actions/stepCommands';

const FIXTURES = new URL('../../../fixtures/', import.meta.url).pathname;
const work = mkdtempSync(path.join(tmpdir(), 'pa-crlf-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** A real fixture as a Windows copy leaves it: every LF a CRLF (binary files are not text: left alone). */
function windowsCopy(fixture: string): string {
  const dir = mkdtempSync(path.join(work, 'win-'));
  const out = path.join(dir, path.basename(fixture));
  const text = readFileSync(path.join(FIXTURES, fixture), 'utf8');
  expect(text).not.toContain('\r');
  writeFileSync(out, text.replaceAll('\n', '\r\n'));
  return out;
}

/** Runs a CLI action in this process and returns what it printed on stdout. */
async function printed(action: () => Promise<void>): Promise<string> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    await action();
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

/** The judgement without the file names (the Windows copies live elsewhere). */
function judged(json: string): unknown {
  const parsed = JSON.parse(json) as Record<string, unknown>;
  const text = JSON.stringify({ facts: parsed.facts, findings: parsed.findings, rules: parsed.rules, problems: parsed.problems });
  return JSON.parse(text.replace(/"[^"]*\/(win-[^/"]+\/)?/g, '"'));
}

const AS_SENT = (f: string) => path.join(FIXTURES, f);

/**
 * A --from file copied from a Windows machine has CRLF line ends. Each per-step command, run
 * on real fixtures and on their CRLF copies, must judge the same: same facts, same findings.
 */
describe('--from files with CRLF line ends (a Windows copy) are judged as the originals', () => {
  const cases: Array<[string, string[], (from: string[]) => Promise<void>]> = [
    ['interfaces', ['inputs/ip-j-d-addr.veth-ppp0.json', 'inputs/ps-eo.pptpd.txt', 'inputs/ss-ltnp.pptpd.txt'], (from) => runInterfaces({ from, iface: 'ppp0', json: true })],
    ['modules (lsmod, kernel config)', ['lab/healthy/lsmod.txt', 'modules/uml-6.1-config.txt'], (from) => runModules({ from, json: true })],
    ['modules (/proc/modules, sysctl)', ['lab/cleartext/proc-modules.txt', 'lab/cleartext/sysctl-nf_conntrack_helper.txt'], (from) => runModules({ from, json: true })],
    ['hardening (pppd options, iptables-save)', ['lab/cleartext/options.pptpd', 'inputs/iptables-save.txt'], (from) => runHardening({ from, json: true })],
    ['hardening (iptables -S, nft)', ['inputs/iptables-S.txt', 'inputs/nft-ruleset-every-table.txt'], (from) => runHardening({ from, json: true })],
    ['logs (rsyslog)', ['lab/healthy/syslog.txt'], (from) => runLogs({ from, json: true })],
    ['logs (pppd logfile)', ['lab/cleartext/server-pppd.log'], (from) => runLogs({ from, json: true })],
    ['logs (OpenWrt logread)', ['inputs/openwrt-logread.openwrt-24654.log'], (from) => runLogs({ from, json: true })],
    ['ping', ['inputs/ping-several-runs.txt'], (from) => runPing(undefined, { count: '10', from, json: true })],
    ['mtu', ['lab/cleartext/ping-df-1472.txt'], (from) => runMtu(undefined, { from, json: true })],
  ];

  it.each(cases)('%s', async (_name, fixtures, run) => {
    const original = await printed(() => run(fixtures.map(AS_SENT)));
    const copied = await printed(() => run(fixtures.map(windowsCopy)));
    expect(judged(copied)).toEqual(judged(original));
    // Not vacuous: the originals did produce facts.
    expect(JSON.stringify(judged(original))).not.toBe('{}');
  });

  it('audit --from a folder of CRLF copies: same steps, facts and findings as the originals', async () => {
    const names = ['server-ip-addr-up.json', 'lsmod.txt', 'sysctl-nf_conntrack_helper.txt', 'syslog.txt', 'options.pptpd', 'ping-1400.txt', 'ping-df-1472.txt', 'server-pppd.log'];
    const lf = path.join(work, 'sent-lf');
    const crlf = path.join(work, 'sent-crlf');
    mkdirSync(lf);
    mkdirSync(crlf);
    for (const n of names) {
      copyFileSync(path.join(FIXTURES, 'lab/cleartext', n), path.join(lf, n));
      writeFileSync(path.join(crlf, n), readFileSync(path.join(lf, n), 'utf8').replaceAll('\n', '\r\n'));
    }
    // The capture is binary: copied as is.
    copyFileSync(path.join(FIXTURES, 'lab/cleartext/capture.pcap'), path.join(lf, 'capture.pcap'));
    copyFileSync(path.join(FIXTURES, 'lab/cleartext/capture.pcap'), path.join(crlf, 'capture.pcap'));
    const audit = (from: string, out: string) =>
      printed(() =>
        runAuditCommand({ from, out: path.join(work, out), iface: 'ppp0', carrier: 'eth0', remote: '192.168.47.1', site: 'Windows copy', pdf: false, json: true }),
      );
    const a = JSON.parse(await audit(lf, 'bundle-lf')) as Record<string, unknown>;
    const b = JSON.parse(await audit(crlf, 'bundle-crlf')) as Record<string, unknown>;
    // The incomplete audit's exit status (3) is the CLI's, not this test run's.
    process.exitCode = 0;
    for (const key of ['risk', 'stepsDone', 'stepsNotDone', 'findings', 'notEvaluated', 'problems', 'refused']) expect(b[key], key).toEqual(a[key]);
    expect(a.stepsDone).toEqual(expect.arrayContaining(['identify-interfaces', 'kernel-modules', 'capture', 'logs', 'latency']));
    expect(readFileSync(path.join(work, 'bundle-crlf', 'facts.json'), 'utf8')).toBe(readFileSync(path.join(work, 'bundle-lf', 'facts.json'), 'utf8'));
  }, 60_000);
});
