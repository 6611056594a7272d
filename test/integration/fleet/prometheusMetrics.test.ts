import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRoot, Netns } from '../../lab/host/netns';
import { EXPORTER, PROMETHEUS, promApi, startPromStack, waitFor, type PromStack } from './prometheusLab';
import { startLoopbackServer, type BackendPort, type RunningLoopbackServer } from '../../../electron/server/loopbackServer';
import { latestAuditMetrics } from '../../../electron/metrics/auditMetricsInput';
import { renderAuditMetrics } from '../../../electron/metrics/openMetrics';

/**
 * Findings out: an offline audit of a recorded lab scenario (cleartext PPTP: critical findings)
 * with a long-term baseline imported from a real Prometheus, exported as OpenMetrics to
 * node_exporter's textfile collector and at serve's /metrics; Debian's promtool checks both,
 * Prometheus scrapes the textfile and fires the shipped alert.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const RULES = path.join(root, 'build/prometheus/pptp-audit.rules.yml');
const SCENARIO = path.join(root, 'test/fixtures/lab/cleartext');
const SITE = 'Plant "A" \\ east'; // a quote and a backslash: label escaping
const METRICS_TOKEN = 'scrape-token-0123456789abcdef';

function promtool(args: string[], input?: string) {
  return spawnSync('promtool', args, { input, encoding: 'utf8', timeout: 30_000 });
}

function cli(args: string[], ns?: Netns) {
  const argv = [process.execPath, `${root}dist/cli.cjs`, ...args];
  const r = ns ? spawnSync('ip', ['netns', 'exec', ns.name, ...argv], { encoding: 'utf8', timeout: 120_000 }) : spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 120_000 });
  return r;
}

function get(port: number, urlPath: string, headers: Record<string, string>): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: urlPath, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(!isRoot())('findings as OpenMetrics, scraped by Debian node_exporter and Prometheus', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'pa-prom-metrics-'));
  const textfiles = path.join(work, 'textfiles');
  const audits = path.join(work, 'audits');
  const metricsFile = path.join(textfiles, 'pptp-audit.prom');
  let ns: Netns;
  let stack: PromStack | null = null;
  let server: RunningLoopbackServer | null = null;

  beforeAll(async () => {
    execFileSync('npm', ['run', '--silent', 'build:node'], { cwd: root, stdio: 'pipe' });
    mkdirSync(textfiles);
    mkdirSync(audits);
    ns = Netns.create('pa-prom-metrics');
    ns.ip('link', 'add', 'ppp0', 'type', 'veth', 'peer', 'name', 'carrier0');
    ns.ip('link', 'set', 'ppp0', 'up');
    ns.ip('link', 'set', 'carrier0', 'up');
    stack = await startPromStack(ns, ['--collector.textfile', `--collector.textfile.directory=${textfiles}`], [RULES]);
    await new Promise((r) => setTimeout(r, 4000));

    const baseline = cli(['baseline', '--prometheus', PROMETHEUS, '--instance', EXPORTER, '--device', 'ppp0', '--range', '4s', '--step', '1s', '--out', path.join(work, 'baseline.json')], ns);
    expect(baseline.status, baseline.stderr).toBe(0);
    const sent = path.join(work, 'sent');
    mkdirSync(sent);
    for (const name of ['server-ip-addr-up.json', 'proc-modules.txt', 'syslog.txt', 'options.pptpd', 'capture.pcap', 'ping-1400.txt']) {
      if (existsSync(path.join(SCENARIO, name))) copyFileSync(path.join(SCENARIO, name), path.join(sent, name));
    }
    const audit = cli([
      'audit', '--from', sent, '--iface', 'ppp0', '--carrier', 'sv0', '--remote', '192.168.47.1', '--site', SITE, '--asset', 'gw1',
      '--out', path.join(audits, 'cleartext'), '--no-pdf', '--json', '--baseline-file', path.join(work, 'baseline.json'), '--metrics-file', metricsFile,
    ]);
    expect([0, 3]).toContain(audit.status); // 3: an offline audit without throughput samples is incomplete
    server = await startLoopbackServer({
      // /metrics never reaches the backend; no WebSocket is opened here.
      backend: {} as BackendPort,
      rendererRoot: work,
      metrics: { token: METRICS_TOKEN, render: () => renderAuditMetrics(latestAuditMetrics(audits)) },
      log: () => {},
    });
  });

  afterAll(async () => {
    await server?.close();
    stack?.stop();
    ns?.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  it('the textfile passes promtool check metrics and holds the findings, risk, coverage, last run and baseline figures', () => {
    const text = readFileSync(metricsFile, 'utf8');
    const check = promtool(['check', 'metrics'], text);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(text).toContain('pptp_audit_finding{site="Plant \\"A\\" \\\\ east",asset="gw1",rule="data-unencrypted",severity="critical"} 1');
    expect(text).toMatch(/^pptp_audit_risk_level\{[^}]*\} 4$/m);
    expect(text).toMatch(/^pptp_audit_coverage_ratio\{[^}]*\} 0\.\d+$/m);
    expect(text).toMatch(/^pptp_audit_last_run_timestamp_seconds\{[^}]*\} \d{10}/m);
    expect(text).toMatch(/^pptp_audit_long_term_recreations\{[^}]*device="ppp0"[^}]*\} 0$/m);
    expect(text.trimEnd().endsWith('# EOF')).toBe(true);
  });

  it("node_exporter's textfile collector serves it, and Prometheus reads the site back exactly and fires the critical-finding alert", async () => {
    const exposed = ns.exec(['curl', '-sS', `http://${EXPORTER}/metrics`]);
    expect(exposed).toMatch(/^node_textfile_scrape_error 0$/m);
    expect(exposed).toMatch(/^pptp_audit_risk_level\{asset="gw1",site="Plant \\"A\\" \\\\ east"\} 4$/m);
    await waitFor('the alert', 30, () => {
      const alerts = promApi(ns, 'api/v1/query', { query: 'ALERTS{alertname="PptpAuditCriticalFinding"}' }) as { data: { result: Array<{ metric: Record<string, string> }> } };
      const sites = alerts.data.result.map((r) => r.metric.site);
      if (!sites.includes(SITE)) throw new Error(`alerts: ${JSON.stringify(sites)}`);
    });
  });

  it('serve exposes the same at /metrics to the bearer token, as OpenMetrics that promtool accepts', async () => {
    const answer = await get(server!.port, '/metrics', { authorization: `Bearer ${METRICS_TOKEN}` });
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^application\/openmetrics-text; version=1\.0\.0/);
    const check = promtool(['check', 'metrics'], answer.body);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    // The same bundle, the same renderer: byte for byte what the textfile holds.
    expect(answer.body).toBe(readFileSync(metricsFile, 'utf8'));
  });

  it('/metrics refuses a scrape without the token, with a wrong one, with the app token, or through another Host', async () => {
    const port = server!.port;
    expect((await get(port, '/metrics', {})).status).toBe(403);
    expect((await get(port, '/metrics', { authorization: 'Bearer wrong-token-0123456789abcdef' })).status).toBe(403);
    expect((await get(port, '/metrics', { authorization: `Bearer ${server!.token}` })).status).toBe(403);
    expect((await get(port, '/metrics', { authorization: `Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString('base64')}` })).status).toBe(403);
    expect((await get(port, `/${METRICS_TOKEN}/metrics`, {})).status).toBe(403);
    expect((await get(port, '/metrics', { authorization: `Bearer ${METRICS_TOKEN}`, host: `evil.example:${port}` })).status).toBe(403);
  });

  it('the shipped alerting rules pass promtool check rules', () => {
    const check = promtool(['check', 'rules', RULES]);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('SUCCESS: 3 rules found');
  });

  it('a metrics file not named *.prom is refused before the audit runs', () => {
    const r = cli(['audit', '--from', work, '--iface', 'ppp0', '--carrier', 'sv0', '--remote', '192.168.47.1', '--site', 'x', '--out', path.join(work, 'never'), '--metrics-file', path.join(textfiles, 'x.txt')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/must end in \.prom/);
    expect(existsSync(path.join(work, 'never'))).toBe(false);
    writeFileSync(path.join(work, 'bad-baseline.json'), '{"kind":"something else"}');
    const bad = cli(['audit', '--from', work, '--iface', 'ppp0', '--carrier', 'sv0', '--remote', '192.168.47.1', '--site', 'x', '--out', path.join(work, 'never'), '--baseline-file', path.join(work, 'bad-baseline.json')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/not a long-term baseline/);
  });
});
