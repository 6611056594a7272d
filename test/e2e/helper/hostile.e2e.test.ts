import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAP_SECRETS_PATH, LOG_FILES, PPP_OPTION_FILES, SYSCTL_KEYS } from '../../../shared/ops/catalogue';
import { HELPER_READY_MARKER } from '../../../shared/ops/protocol';
import { TOOL_PACKAGES } from '../../../shared/ops/plan';
import { buildForTest } from './buildHelper';
import { hostileRequests } from './hostileCases';
import { RawClient, type Received } from './rawClient';

const isRoot = process.getuid?.() === 0;
/** The helper works for "nobody", as it would for an auditor who went through sudo. */
const OWNER_UID = 65534;
const OWNER_GID = 65534;

const ALLOWED_TOOLS = new Set(Object.keys(TOOL_PACKAGES));
const ALLOWED_READS = new Set<string>([
  CHAP_SECRETS_PATH,
  '/proc/modules',
  '/proc/config.gz',
  ...LOG_FILES,
  ...PPP_OPTION_FILES,
  ...SYSCTL_KEYS.map((k) => `/proc/sys/${k.replaceAll('.', '/')}`),
]);
function readAllowed(path: string): boolean {
  return ALLOWED_READS.has(path) || /^\/lib\/modules\/[^/]+\/modules\.builtin$/.test(path) || /^\/boot\/config-[^/]+$/.test(path);
}

/**
 * Children of a process, seen by polling /proc. A child is re-read while it lives: right after
 * fork it is still a copy of the helper (node) until it execs the tool.
 */
function watchChildren(parentPid: number, seen: Map<number, Set<string>>): NodeJS.Timeout {
  const scan = () => {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const pid = Number(entry);
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid !== parentPid) continue;
        const argv0 = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[0] ?? '';
        const names = seen.get(pid) ?? new Set<string>();
        if (argv0 !== '') names.add(argv0);
        seen.set(pid, names);
      } catch {
        // gone meanwhile
      }
    }
  };
  return setInterval(scan, 5);
}

describe.skipIf(!isRoot)('hostile input against the helper', () => {
  let build: { dir: string; files: Record<string, string> };
  let sessionDir: string;
  let evidenceDir: string;
  let auditLogPath: string;
  let fakeSecretsPath: string;
  let helper: ChildProcess;
  let helperPid = 0;
  let helperOut = '';
  let owner: RawClient;
  let nextId = 1;
  const token = randomBytes(32).toString('hex');
  const secrets = Array.from({ length: 5 }, (_, i) => `${randomBytes(12).toString('base64url')}#${i}!`);
  const children = new Map<number, Set<string>>();
  let watcher: NodeJS.Timeout;
  const clients: RawClient[] = [];
  const figures: Record<string, number> = {};
  let legitExecuted = 0;
  let listener: Server;

  async function ask(request: unknown, timeoutMs = 20_000): Promise<Received> {
    const id = nextId++;
    const before = owner.frames.length;
    owner.send({ type: 'request', id, request });
    const r = await owner.next((f) => f.type === 'result' && f.id === id, timeoutMs, before);
    if (!r) throw new Error(`no result for request ${id}`);
    return r;
  }

  async function open(): Promise<RawClient> {
    const c = await RawClient.open(join(sessionDir, 'helper.sock'));
    clients.push(c);
    return c;
  }

  beforeAll(async () => {
    build = await buildForTest({ helper: 'electron/helper/main.ts' });
    sessionDir = mkdtempSync('/tmp/pa-ops-hostile-sess-');
    chownSync(sessionDir, OWNER_UID, OWNER_GID);
    chmodSync(sessionDir, 0o700);
    writeFileSync(join(sessionDir, 'token'), token, { mode: 0o600 });
    chownSync(join(sessionDir, 'token'), OWNER_UID, OWNER_GID);
    evidenceDir = mkdtempSync('/tmp/pa-ops-hostile-evidence-');
    chownSync(evidenceDir, OWNER_UID, OWNER_GID);
    auditLogPath = join(evidenceDir, 'helper-audit.jsonl');
    // The fake secrets file is bind-mounted over /etc/ppp/chap-secrets in the helper's own
    // mount namespace only: the product code has no test hook for the path.
    fakeSecretsPath = join(mkdtempSync('/tmp/pa-ops-hostile-secrets-'), 'chap-secrets');
    writeFileSync(
      fakeSecretsPath,
      [
        '# Secrets for authentication using CHAP',
        '# client\tserver\tsecret\t\t\tIP addresses',
        `alice\tpptpd\t"${secrets[0]}"\t*`,
        `bob\t*\t${secrets[1]}\t10.0.0.5`,
        `"carol x"\tpptpd\t'${secrets[2]}'`,
        `dave\tpptpd\t"${secrets[3]}\t*`,
        `${secrets[4]}\tpptpd\t${secrets[4]}\t*`,
        '',
      ].join('\n'),
      { mode: 0o640 },
    );

    helper = spawn(
      'unshare',
      [
        '-m',
        '--propagation',
        'private',
        '--',
        '/bin/sh',
        '-c',
        'mount --bind "$0" /etc/ppp/chap-secrets && exec "$@"',
        fakeSecretsPath,
        process.execPath,
        build.files.helper!,
        '--socket-dir',
        sessionDir,
        '--token-file',
        join(sessionDir, 'token'),
        '--audit-log',
        auditLogPath,
        '--parent-pid',
        String(process.pid),
      ],
      { env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', SUDO_UID: String(OWNER_UID), SUDO_GID: String(OWNER_GID) }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    helper.stdout!.on('data', (d: Buffer) => (helperOut += d.toString()));
    helper.stderr!.on('data', (d: Buffer) => (helperOut += d.toString()));
    const deadline = Date.now() + 15_000;
    while (!helperOut.includes(HELPER_READY_MARKER) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(helperOut).toContain(HELPER_READY_MARKER);
    helperPid = Number(/pid=(\d+)/.exec(helperOut)?.[1]);
    watcher = watchChildren(helperPid, children);

    owner = await open();
    owner.send({ type: 'hello', token, protocol: 1 });
    const welcome = await owner.next((f) => f.type === 'welcome');
    expect(welcome).toMatchObject({ type: 'welcome', euid: 0 });

    // Something to capture: a local listener on the PPTP control port.
    listener = createServer((s) => s.end('x'));
    await new Promise<void>((r) => listener.listen(1723, '127.0.0.1', r));
  });

  afterAll(async () => {
    clearInterval(watcher);
    for (const c of clients) c.destroy();
    listener?.close();
    if (helper && helper.exitCode === null) helper.kill('SIGTERM');
    for (const d of [build?.dir, sessionDir, evidenceDir, fakeSecretsPath && join(fakeSecretsPath, '..')]) {
      if (d) rmSync(d, { recursive: true, force: true });
    }
    console.log(`[hostile figures] ${JSON.stringify(figures)}`);
  });

  it('the socket is private: mode 0600, owned by the auditor, in a 0700 directory', () => {
    const stat = (p: string) => statSync(p);
    const sock = stat(join(sessionDir, 'helper.sock'));
    expect(sock.mode & 0o777).toBe(0o600);
    expect(sock.uid).toBe(OWNER_UID);
    expect(stat(sessionDir).mode & 0o777).toBe(0o700);
    expect(existsSync(join(sessionDir, 'token'))).toBe(false);
  });

  it('refuses every hostile operation request with a clear error, executing nothing', async () => {
    const cases = hostileRequests();
    let refused = 0;
    let validButFailed = 0;
    const acceptedValues: string[] = [];
    for (const request of cases) {
      const r = await ask(request);
      const result = r.result!;
      expect(result.error, JSON.stringify(request).slice(0, 200)).toBeTruthy();
      if (result.error!.startsWith('refused: ')) {
        refused++;
        expect(result.error!.length).toBeGreaterThan(15);
        expect(result.argv).toEqual([]);
      } else {
        // The value is in fact valid (an interface may be named "localhost", a directory path
        // like /etc/shadow passes the pattern): the operation ran or was stopped by the
        // executor's own checks, and failed with a clear message.
        validButFailed++;
        acceptedValues.push(`${JSON.stringify(request).slice(0, 120)} -> ${result.error}`);
        // Whatever ran got the value as ONE argv element (no splitting, no shell).
        if (result.argv.length > 0) expect(result.argv.some((a) => Object.values(request as object).includes(a))).toBe(true);
      }
    }
    figures.hostileRequests = cases.length;
    figures.refusedByValidation = refused;
    figures.validValueButFailedCleanly = validButFailed;
    console.log(`[hostile] accepted by validation, failed cleanly:\n  ${acceptedValues.join('\n  ')}`);
    expect(cases.length).toBeGreaterThan(400);
    expect(refused + validButFailed).toBe(cases.length);
  });

  it('still runs legitimate operations, and chap-secrets comes back as a summary only', async () => {
    for (const request of [
      { op: 'ip.addr' },
      { op: 'sysctl.read', key: 'net.ipv4.ip_forward' },
      { op: 'ping.run', target: '127.0.0.1', count: 2, intervalS: 0.2, size: 16, dontFragment: true, deadlineS: 3 },
      { op: 'firewall.iptables' },
    ]) {
      const r = await ask(request);
      expect(r.result!.error, request.op).toBeUndefined();
      legitExecuted++;
    }
    const lines: string[] = [];
    const before = owner.frames.length;
    const r = await ask({ op: 'ppp.chapSecrets' });
    legitExecuted++;
    for (const f of owner.frames.slice(before)) if (f.type === 'line') lines.push(String(f.line));
    expect(r.result!.error).toBeUndefined();
    const summary = JSON.parse(r.result!.stdout) as {
      mode: string;
      entries: Array<{ client: string; secretLength: number; ipWildcard: boolean; secretInName: boolean }>;
      malformedLines: number[];
    };
    expect(summary.mode).toBe('0640');
    // pppd lets dave's unclosed quote run to the end of the file: the last line is part of
    // dave's secret, not an entry; the line is reported for the open quote.
    expect(summary.entries.map((e) => e.client)).toEqual(['alice', 'bob', 'carol x', 'dave']);
    expect(summary.entries[0]).toMatchObject({ secretLength: secrets[0]!.length, ipWildcard: true });
    expect(summary.malformedLines).toEqual([6]);
    expect(lines).toEqual([]);
  });

  it('captures PPTP control traffic on loopback into the evidence folder', async () => {
    const start = await ask({ op: 'capture.start', iface: 'lo', durationS: 30, maxBytes: 1024 * 1024, dir: evidenceDir });
    legitExecuted++;
    expect(start.result!.error, start.result!.stderr).toBeUndefined();
    const captureId = (start.result as { captureId?: string }).captureId!;
    const { connect } = await import('node:net');
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve) => {
        const s = connect(1723, '127.0.0.1', () => s.end());
        s.resume();
        s.on('close', () => resolve());
        s.on('error', () => resolve());
      });
    }
    await new Promise((r) => setTimeout(r, 300));
    const stop = await ask({ op: 'capture.stop', captureId });
    legitExecuted++;
    expect(stop.result!.error).toBeUndefined();
    const file = (stop.result as { files?: string[] }).files![0]!;
    const bytes = readFileSync(file);
    expect(bytes.readUInt32LE(0)).toBe(0xa1b2c3d4);
    expect(bytes.length, JSON.stringify(stop.result)).toBeGreaterThan(24 + 3 * 16);
    expect(statSync(file).uid).toBe(OWNER_UID);
    figures.pcapBytes = bytes.length;
  });

  it('answers garbage messages on the authenticated connection with errors and goes on', async () => {
    const garbage: unknown[] = [
      42,
      'hello',
      null,
      [],
      {},
      { type: 'nope' },
      { type: 'request' },
      { type: 'request', id: 'x', request: { op: 'ip.addr' } },
      { type: 'request', id: -1, request: { op: 'ip.addr' } },
      { type: 'request', id: 1.5, request: { op: 'ip.addr' } },
      { type: 'request', id: 2 ** 40, request: { op: 'ip.addr' } },
      { type: 'request', id: 5, request: { op: 'ip.addr' }, extra: true },
      { type: 'hello', token, protocol: 1 },
      { type: 'cancel' },
      { type: 'shutdown', now: true },
    ];
    for (const g of garbage) {
      const before = owner.frames.length;
      owner.send(g);
      const e = await owner.next((f) => f.type === 'error', 5000, before);
      expect(e?.message, JSON.stringify(g)).toMatch(/.{10,}/);
    }
    // Not JSON, not UTF-8, an empty frame.
    for (const payload of [Buffer.from('{not json'), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.alloc(0)]) {
      const before = owner.frames.length;
      const header = Buffer.alloc(4);
      header.writeUInt32BE(payload.length);
      owner.sendRaw(Buffer.concat([header, payload]));
      const e = await owner.next((f) => f.type === 'error', 5000, before);
      expect(e?.message).toMatch(/not valid (JSON|UTF-8)/);
    }
    figures.garbageMessages = garbage.length + 3;
    expect(owner.closed).toBe(false);
    expect((await ask({ op: 'sysctl.read', key: 'net.ipv4.ip_forward' })).result!.error).toBeUndefined();
    legitExecuted++;
  });

  it('refuses an oversized frame (skipped by counting) and a truncated one, then goes on', async () => {
    let before = owner.frames.length;
    const big = Buffer.alloc(4 + 1024 * 1024, 0x61);
    big.writeUInt32BE(1024 * 1024);
    owner.sendRaw(big);
    let e = await owner.next((f) => f.type === 'error', 5000, before);
    expect(e?.message).toMatch(/frame too large: 1048576 bytes announced, at most 65536 accepted/);
    expect((await ask({ op: 'sysctl.read', key: 'net.ipv4.ip_forward' })).result!.error).toBeUndefined();
    legitExecuted++;

    before = owner.frames.length;
    const partial = Buffer.alloc(4 + 10, 0x20);
    partial.writeUInt32BE(50);
    owner.sendRaw(partial);
    e = await owner.next((f) => f.type === 'error', 10_000, before);
    expect(e?.message).toBe('truncated frame: received 14 of 54 bytes');
    expect((await ask({ op: 'sysctl.read', key: 'net.ipv4.ip_forward' })).result!.error).toBeUndefined();
    legitExecuted++;

    before = owner.frames.length;
    const huge = Buffer.alloc(4 + 10, 0x20);
    huge.writeUInt32BE(0xffffffff);
    owner.sendRaw(huge);
    e = await owner.next((f) => f.type === 'error', 5000, before);
    expect(e?.message).toMatch(/frame too large: 4294967295 bytes/);
    e = await owner.next((f) => f.type === 'error' && /truncated/.test(String(f.message)), 10_000, before);
    expect(e?.message).toMatch(/truncated frame: \d+ bytes of an oversized frame never arrived/);
    expect((await ask({ op: 'sysctl.read', key: 'net.ipv4.ip_forward' })).result!.error).toBeUndefined();
    legitExecuted++;
    expect(owner.closed).toBe(false);
  });

  it('closes unauthenticated connections with a clear error: wrong or missing token, garbage, truncation', async () => {
    const cases: Array<{ name: string; act: (c: RawClient) => void; expect: RegExp }> = [
      { name: 'wrong token', act: (c) => c.send({ type: 'hello', token: 'a'.repeat(64), protocol: 1 }), expect: /authentication failed/ },
      { name: 'empty token', act: (c) => c.send({ type: 'hello', token: '', protocol: 1 }), expect: /authentication failed/ },
      { name: 'token + space', act: (c) => c.send({ type: 'hello', token: `${token} `, protocol: 1 }), expect: /authentication failed/ },
      { name: 'upper-case token', act: (c) => c.send({ type: 'hello', token: token.toUpperCase(), protocol: 1 }), expect: /authentication failed/ },
      { name: 'token prefix', act: (c) => c.send({ type: 'hello', token: token.slice(0, 63), protocol: 1 }), expect: /authentication failed/ },
      { name: 'replayed token', act: (c) => c.send({ type: 'hello', token, protocol: 1 }), expect: /already used/ },
      { name: 'missing token', act: (c) => c.send({ type: 'hello', protocol: 1 }), expect: /malformed message: token/ },
      { name: 'numeric token', act: (c) => c.send({ type: 'hello', token: 12345, protocol: 1 }), expect: /malformed message/ },
      { name: 'huge token', act: (c) => c.send({ type: 'hello', token: 'a'.repeat(10_000), protocol: 1 }), expect: /malformed message/ },
      { name: 'request without hello', act: (c) => c.send({ type: 'request', id: 1, request: { op: 'ip.addr' } }), expect: /not authenticated/ },
      { name: 'shutdown without hello', act: (c) => c.send({ type: 'shutdown' }), expect: /not authenticated/ },
      { name: 'unknown type', act: (c) => c.send({ type: 'exec', cmd: 'id' }), expect: /unknown message type/ },
      { name: 'not JSON', act: (c) => c.sendRaw(Buffer.concat([Buffer.from([0, 0, 0, 5]), Buffer.from('hello')])), expect: /not valid JSON/ },
      { name: 'plain text', act: (c) => c.sendRaw(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')), expect: /frame too large/ },
      { name: 'length 0xffffffff', act: (c) => c.sendRaw(Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3])), expect: /frame too large/ },
      { name: 'length 65537', act: (c) => c.sendRaw(Buffer.from([0, 1, 0, 1])), expect: /frame too large: 65537/ },
      { name: 'truncated frame', act: (c) => c.sendRaw(Buffer.from([0, 0, 0, 100, 0x7b])), expect: /truncated frame: received 5 of 104 bytes/ },
      { name: 'half a header', act: (c) => c.sendRaw(Buffer.from([0, 0])), expect: /truncated frame: received 2 of at least 4 bytes/ },
      { name: 'silence', act: () => undefined, expect: /no hello within 10 s/ },
    ];
    // In batches below the helper's connection limit (16), so each case meets its own check.
    const results: Array<{ name: string; message: string; closed: boolean; expect: RegExp }> = [];
    for (let i = 0; i < cases.length; i += 10) {
      results.push(
        ...(await Promise.all(
          cases.slice(i, i + 10).map(async (k) => {
            const c = await open();
            k.act(c);
            const e = await c.next((f) => f.type === 'error', 15_000);
            const closed = await c.waitClosed(5000);
            return { name: k.name, message: String(e?.message ?? '(none)'), closed, expect: k.expect };
          }),
        )),
      );
    }
    for (const r of results) {
      expect(r.message, r.name).toMatch(r.expect);
      expect(r.closed, r.name).toBe(true);
    }
    figures.unauthenticatedCases = cases.length;
    expect(helper.exitCode).toBeNull();
    expect((await ask({ op: 'sysctl.read', key: 'net.ipv4.ip_forward' })).result!.error).toBeUndefined();
    legitExecuted++;
  });

  it('survives a connection flood and a request flood, answering every request', async () => {
    const flood = await Promise.all(Array.from({ length: 40 }, () => open()));
    await new Promise((r) => setTimeout(r, 300));
    const tooMany = flood.filter((c) => c.frames.some((f) => f.type === 'error' && /too many connections/.test(String(f.message)))).length;
    for (const c of flood) c.destroy();
    expect(tooMany).toBeGreaterThan(0);
    figures.connectionFlood = flood.length;
    figures.connectionFloodRefused = tooMany;

    const firstId = nextId;
    const total = 800;
    const before = owner.frames.length;
    for (let i = 0; i < total; i++) {
      const request = i % 3 === 0 ? { op: 'ping.run', target: `127.0.0.1; id ${i}` } : { op: 'sysctl.read', key: 'net.ipv4.ip_forward' };
      owner.send({ type: 'request', id: nextId++, request });
    }
    const deadline = Date.now() + 60_000;
    const done = () => owner.frames.slice(before).filter((f) => f.type === 'result' && Number(f.id) >= firstId).length;
    while (done() < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(done()).toBe(total);
    const results = owner.frames.slice(before).filter((f) => f.type === 'result' && Number(f.id) >= firstId);
    const busy = results.filter((f) => /busy/.test(String(f.result?.error))).length;
    const invalid = results.filter((f) => /refused: target/.test(String(f.result?.error))).length;
    const ran = results.filter((f) => f.result?.error === undefined).length;
    legitExecuted += ran;
    expect(invalid).toBe(Math.ceil(total / 3));
    expect(busy + invalid + ran).toBe(total);
    figures.requestFlood = total;
    figures.requestFloodBusy = busy;
    figures.requestFloodRan = ran;
    expect((await ask({ op: 'sysctl.read', key: 'net.ipv4.ip_forward' })).result!.error).toBeUndefined();
    legitExecuted++;
  });

  it('ran nothing outside the operation set (audit log and process table) and leaked no secret', async () => {
    const log = readFileSync(auditLogPath, 'utf8');
    const records = log
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; op: string; argv: string[]; error?: string; exitCode: number | null; signal: string | null });
    const executed = records.filter((r) => r.event === 'executed');
    for (const r of executed) {
      const name = r.argv[0] ?? '';
      if (name === 'read') expect(readAllowed(r.argv[1] ?? ''), r.argv.join(' ')).toBe(true);
      else expect(ALLOWED_TOOLS.has(name), r.argv.join(' ')).toBe(true);
    }
    // Successful executions are exactly the legitimate requests this suite made.
    expect(executed.filter((r) => r.error === undefined).length).toBe(legitExecuted);
    // A refusal ran nothing (invalid request, or stopped by a safety check before any tool or
    // read): no exit status, and a reason.
    const refused = records.filter((r) => r.event === 'refused');
    expect(refused.filter((r) => r.exitCode !== null || r.signal !== null || !r.error)).toEqual([]);
    // ...and nothing that failed a safety check is recorded as executed.
    expect(executed.filter((r) => /; refused$|refused: /.test(r.error ?? ''))).toEqual([]);
    figures.auditRecords = records.length;
    figures.auditExecuted = executed.length;

    // Every child that got as far as exec ran an allowed tool (argv[0] is the tool's name);
    // before exec a child still shows the helper's own node command line.
    let identified = 0;
    for (const [pid, names] of children) {
      const execed = [...names].filter((n) => n !== process.execPath);
      for (const n of execed) expect(ALLOWED_TOOLS.has(n), `child ${pid} ran ${n}`).toBe(true);
      if (execed.length > 0) identified++;
    }
    figures.childProcessesSeen = children.size;
    figures.childProcessesIdentified = identified;
    expect(identified).toBeGreaterThan(0);

    // No secret, nor any 8-character slice of one, anywhere the helper wrote or said anything.
    const haystacks: Array<[string, string]> = [
      ['audit log', log],
      ['helper stdout/stderr', helperOut],
      ...clients.map((c, i) => [`frames of client ${i}`, Buffer.concat(c.raw).toString('latin1')] as [string, string]),
      ...readdirSync(evidenceDir).map((f) => [`evidence ${f}`, readFileSync(join(evidenceDir, f)).toString('latin1')] as [string, string]),
    ];
    let windows = 0;
    for (const secret of secrets) {
      for (let i = 0; i + 8 <= secret.length; i++) {
        const slice = secret.slice(i, i + 8);
        windows++;
        for (const [where, text] of haystacks) expect(text.includes(slice), `${where} contains part of a secret`).toBe(false);
      }
    }
    figures.secretSlicesChecked = windows;
    expect(helper.exitCode).toBeNull();
  });

  it('switches its audit log only to a file the auditor could write', async () => {
    let before = owner.frames.length;
    owner.send({ type: 'auditLog', id: 999_001, path: '/etc/pa-ops-evil.jsonl' });
    const refusedSwitch = await owner.next((f) => f.id === 999_001, 5000, before);
    expect(refusedSwitch).toMatchObject({ type: 'error', message: 'cannot open audit log /etc/pa-ops-evil.jsonl: EACCES' });
    expect(existsSync('/etc/pa-ops-evil.jsonl')).toBe(false);
    before = owner.frames.length;
    const second = join(evidenceDir, 'second-audit.jsonl');
    owner.send({ type: 'auditLog', id: 999_002, path: second });
    expect(await owner.next((f) => f.id === 999_002, 5000, before)).toMatchObject({ type: 'auditLogSet', path: second });
    await ask({ op: 'sysctl.read', key: 'net.ipv4.ip_forward' });
    expect(statSync(second).uid).toBe(OWNER_UID);
    expect(readFileSync(second, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('exits cleanly when its client asks, removing its socket', async () => {
    const exited = new Promise<number | null>((r) => helper.once('exit', (code) => r(code)));
    owner.send({ type: 'shutdown' });
    expect(await exited).toBe(0);
    expect(existsSync(join(sessionDir, 'helper.sock'))).toBe(false);
  });
});
