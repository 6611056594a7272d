import { createServer, type Server, type Socket } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Backend } from '../../../../electron/backend/backend';
import { attachLongTermBaseline, LONG_TERM_BASELINE_FILE } from '../../../../electron/fleet/prometheus/baselineEvidence';
import { computeLongTermBaseline } from '../../../../shared/baseline/longTermBaseline';
import type { Envelope } from '../../../../shared/ipc/define';
import type { AuditView } from '../../../../shared/ipc/channels/audit';
import type { BaselineState } from '../../../../shared/ipc/channels/baseline';

/**
 * The GUI's long-term baseline through the Backend's real dispatcher and AuditService: the
 * schema at the fields, the refusals (closed, abandoned, already attached, an import under way)
 * and Prometheus' failures as one plain line. The successful import from a real Prometheus is
 * proven end to end in test/e2e/audit/baselinePanel.test.ts.
 */
describe('baseline channels in the Backend', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'pa-baseline-backend-'));
  const backend = new Backend(() => undefined, { auditsRoot: root });
  const context = { binding: 'loopback' as const, clientId: 'client-1' };
  const call = <T>(channel: string, payload: unknown) => backend.dispatch(channel, payload, context) as Promise<Envelope<T>>;
  const value = async <T>(channel: string, payload: unknown) => {
    const envelope = await call<T>(channel, payload);
    if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.message}`);
    return envelope.value;
  };
  // One folder per site and second: each audit here is of its own site.
  let sites = 0;
  const startAudit = () =>
    value<AuditView>('audit.start', { identity: { site: `Baseline wiring ${++sites}`, asset: 'GW', auditor: 'T' }, target: { iface: 'lo', carrier: 'lo', remoteIp: '127.0.0.1' } });
  const custody = (dir: string) => readFileSync(path.join(dir, 'custody.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; detail: string });
  const servers: Server[] = [];

  /** A loopback port nothing listens on (bound, then released). */
  const closedPort = async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as { port: number };
    await new Promise<void>((r) => server.close(() => r()));
    return port;
  };

  afterAll(() => {
    for (const s of servers) s.close();
    backend.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('says what is wrong beside each field, and takes no token, only the path of its file', async () => {
    const audit = await startAudit();
    const refused = await call('baseline.import', { auditId: audit.auditId, prometheus: 'ftp://prom', instance: ' ', device: 'ppp0;rm', range: 'forever', bearerTokenFile: 'token.txt' });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-request',
        fields: {
          prometheus: 'Prometheus URL must be an http:// or https:// URL such as https://prom.example:9090/.',
          instance: 'Instance is required.',
          device: 'Device must be an interface name of 1 to 15 letters, digits, _ . : or - (for example ppp0).',
          range: 'Range must be a duration such as 30d, 12h or 1h30m, of at least two steps and at most 5,000,000.',
          bearerTokenFile: 'Bearer token file must be an absolute path on the machine running the auditor, such as /etc/prometheus/token.',
        },
      },
    });
    // The range is judged against the step, as the CLI does.
    const oneStep = await call('baseline.import', { auditId: audit.auditId, prometheus: 'http://127.0.0.1:9/', instance: 'gw:9100', device: 'ppp0', range: '1m', step: '1m' });
    expect(oneStep).toMatchObject({ ok: false, error: { fields: { range: 'Range must be a duration such as 30d, 12h or 1h30m, of at least two steps and at most 5,000,000.' } } });
    const badStep = await call('baseline.import', { auditId: audit.auditId, prometheus: 'http://127.0.0.1:9/', instance: 'gw:9100', device: 'ppp0', range: '1d', step: '500ms' });
    expect(badStep).toMatchObject({ ok: false, error: { fields: { step: 'Step must be a duration of at least 1s such as 60s or 15s.' } } });
    // A token typed into the renderer has no field to travel in.
    const withToken = await call('baseline.import', { auditId: audit.auditId, prometheus: 'http://127.0.0.1:9/', instance: 'gw:9100', device: 'ppp0', range: '30d', bearerToken: 's3cret' });
    expect(withToken).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(existsSync(path.join(audit.dir, LONG_TERM_BASELINE_FILE))).toBe(false);
  });

  it("says Prometheus' failure in one line, never the token, and leaves the audit able to import again", async () => {
    const audit = await startAudit();
    const port = await closedPort();
    const request = { auditId: audit.auditId, prometheus: `http://127.0.0.1:${port}/`, instance: 'gw:9100', device: 'ppp0', range: '1h' };
    const down = await call('baseline.import', request);
    expect(down).toEqual({ ok: false, error: { code: 'failed', message: `cannot query Prometheus at http://127.0.0.1:${port}/: ECONNREFUSED` } });

    const secrets = mkdtempSync(path.join(tmpdir(), 'pa-baseline-token-'));
    const twoLines = path.join(secrets, 'token');
    writeFileSync(twoLines, 'tok3n-one\ntok3n-two\n');
    const badToken = await call<BaselineState>('baseline.import', { ...request, bearerTokenFile: twoLines });
    expect(badToken).toEqual({ ok: false, error: { code: 'failed', message: 'Bearer token file: the file must hold one line without control characters' } });
    const missing = await call('baseline.import', { ...request, bearerTokenFile: path.join(secrets, 'absent') });
    expect(missing).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^Bearer token file: cannot read ".*absent" \(ENOENT\)$/) } });
    writeFileSync(twoLines, 'tok3n-one\n');
    const plainHttp = await call('baseline.import', { ...request, prometheus: 'http://192.0.2.1:9090/', bearerTokenFile: twoLines });
    expect(plainHttp).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^refusing to send credentials over plain http to another machine/) } });
    expect(JSON.stringify([badToken, missing, plainHttp])).not.toContain('tok3n');
    rmSync(secrets, { recursive: true, force: true });

    expect(existsSync(path.join(audit.dir, LONG_TERM_BASELINE_FILE))).toBe(false);
    expect(await value<BaselineState>('baseline.get', { auditId: audit.auditId })).toEqual({ summary: null, problem: null });
  });

  it('refuses a second import while one is under way', async () => {
    const audit = await startAudit();
    // A Prometheus that accepts the connection and never answers, until the test hangs up.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    servers.push(silent);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const { port } = silent.address() as { port: number };
    const request = { auditId: audit.auditId, prometheus: `http://127.0.0.1:${port}/`, instance: 'gw:9100', device: 'ppp0', range: '1h' };
    const first = call('baseline.import', request);
    while (sockets.length === 0) await new Promise((r) => setTimeout(r, 20));
    expect(await call('baseline.import', request)).toEqual({ ok: false, error: { code: 'failed', message: 'a long-term baseline is already being imported into this audit' } });
    for (const socket of sockets) socket.destroy();
    expect(await first).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^cannot query Prometheus at .*: ECONNRESET$/) } });
  });

  it('refuses an audit that already has its baseline, and one that is finished or abandoned', async () => {
    const audit = await startAudit();
    // A baseline computed from known counters (our own arithmetic, no tool output), attached as `audit --baseline-file` does.
    const t0 = 1_700_000_000;
    const n = 200;
    const counter = Float64Array.from({ length: n }, (_, i) => i * 1000);
    const baseline = computeLongTermBaseline(
      { t: Float64Array.from({ length: n }, (_, i) => t0 + i), rx: counter, tx: counter, ifindex: new Float64Array(n).fill(4), absentBefore: new Uint8Array(n) },
      { prometheus: 'http://127.0.0.1:9090/', instance: 'gw:9100', device: 'ppp0', from: t0, to: t0 + n - 1, stepSeconds: 1, queries: 2 },
    );
    attachLongTermBaseline(backend.guided.bundleOf(audit.auditId), { path: '/tmp/gw.json', text: `${JSON.stringify(baseline)}\n`, baseline });
    const request = { auditId: audit.auditId, prometheus: `http://127.0.0.1:${await closedPort()}/`, instance: 'gw:9100', device: 'ppp0', range: '1h' };
    expect(await call('baseline.import', request)).toEqual({
      ok: false,
      error: { code: 'failed', message: 'this audit already has a long-term baseline: start a new audit to attach another' },
    });
    const state = await value<BaselineState>('baseline.get', { auditId: audit.auditId });
    expect(state.summary).toMatchObject({ device: 'ppp0', instance: 'gw:9100', rxP95Bps: 8000, recreations: 0, gaps: 0 });
    expect(custody(audit.dir).filter((e) => e.event === 'supplied')).toHaveLength(1);

    await value('audit.finish', { auditId: audit.auditId, confirmed: true });
    expect(await call('baseline.import', request)).toMatchObject({ ok: false, error: { message: 'this audit is finished; start a new one to measure again' } });
    // The report's figures stay readable once the audit is sealed.
    expect((await value<BaselineState>('baseline.get', { auditId: audit.auditId })).summary).not.toBeNull();

    const abandoned = await startAudit();
    await value('audit.abandon', { auditId: abandoned.auditId, reason: 'wrong tunnel' });
    expect(await call('baseline.import', { ...request, auditId: abandoned.auditId })).toMatchObject({
      ok: false,
      error: { message: 'this audit was abandoned; start a new one to measure again' },
    });
  });
});
