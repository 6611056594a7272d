import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scenario, type ScenarioArtefacts } from '../../lab/lab';
import { LAB_DIR, missingLabTools } from '../../lab/boot';
import { LAB_ADDRESSES, LAB_FAKE_SECRET } from '../../lab/scenarios';
import { CLI } from '../support/serve';

/**
 * Issue 12 against the REAL PPTP lab: the auditor's laptop is the lab's CLIENT namespace, the
 * gateway is the pptpd SERVER namespace, reached over SSH on its carrier address (10.47.0.1,
 * cl0 -> sv0, never through the tunnel). Debian's sshd runs there for the length of the audit
 * (test/lab/ssh-gateway.sh, keys new for every run); the audit runs every step over SSH on the
 * server side, where pptpd, pppd's syslog lines, chap-secrets and the firewall live. The bundle
 * lands on the host, where it is verified and searched for the lab's chap secret.
 */
const GATEWAY_SCRIPT = path.join(LAB_DIR, 'ssh-gateway.sh');

/**
 * Per scenario: every inner list needs one of its rules to fire; `never` must not fire (as
 * labAudit.test.ts). `session: false`: the tunnel never carries data (GRE dropped), so no
 * authorised session is expected in the logs and the tunnel-bound steps may find no ppp0.
 */
const EXPECT: Record<string, { fires: string[][]; never: string[]; session?: false }> = {
  cleartext: { fires: [['pptp-in-use'], ['data-unencrypted']], never: ['gre-blockage', 'weak-mppe'] },
  healthy: { fires: [['pptp-in-use']], never: ['data-unencrypted', 'gre-blockage', 'mppe-negotiation-failed', 'loss-high'] },
  // The server's rules are loaded with iptables-legacy: Debian's iptables-save (nft) shows none.
  'gre-blocked': { fires: [['pptp-in-use'], ['gre-blockage']], never: ['firewall-accept-shadowed'], session: false },
};

interface AuditSummary {
  dir: string;
  risk: string;
  stepsDone: string[];
  stepsNotDone: Array<{ step: string; why: string }>;
  findings: Array<{ ruleId: string; title: string; severity: string }>;
  notEvaluated: string[];
}

const canRun = process.getuid?.() === 0 && missingLabTools().length === 0 && ['/usr/sbin/sshd', '/usr/bin/ssh-keygen'].every((f) => {
  try {
    return statSync(f).isFile();
  } catch {
    return false;
  }
});

/**
 * The lab caches runs by the guest commands' text: a hash of the CLI and of the gateway script
 * rides in argv (the script ignores it), so a rebuilt product means a new run, never an old one.
 */
function buildStamp(): string {
  const h = createHash('sha256');
  // dist/cli.cjs is the small entry: the product is in dist/cli-main.cjs beside it.
  for (const file of [CLI, path.join(path.dirname(CLI), 'cli-main.cjs'), GATEWAY_SCRIPT]) h.update(readFileSync(file));
  return h.digest('hex').slice(0, 16);
}

function remoteAuditCommand(name: string, stamp: string) {
  return {
    ns: 'root' as const,
    argv: ['bash', GATEWAY_SCRIPT, '{out}', `build=${stamp}`, '--',
      process.execPath, CLI, 'audit', '--target', '{target}', '--identity', '{identity}', '--known-hosts', '{known_hosts}',
      // From the server's side: ppp0 is pptpd's end, sv0 its carrier, the far end the client's tunnel address.
      '--iface', 'ppp0', '--carrier', 'sv0', '--remote', LAB_ADDRESSES.clientTunnel,
      '--site', `Lab ${name} over SSH`, '--auditor', 'lab', '--out', '{out}/remote-audit', '--duration', '10', '--ping-count', '50', '--no-pdf', '--json'],
    out: 'remote-audit-summary.json',
    timeoutSec: 600,
  };
}

/** What an operation of the audit printed, by its op name (commands.jsonl names each output file). */
function outputsOf(bundle: string, op: string): string[] {
  return readFileSync(path.join(bundle, 'commands.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { kind: string; op: string; stdoutFile?: string | null })
    .filter((r) => r.kind === 'end' && r.op === op && r.stdoutFile)
    .map((r) => readFileSync(path.join(bundle, r.stdoutFile!), 'utf8'));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe.skipIf(!canRun)('audit of the lab\'s pptpd server over SSH (sshd in the server namespace, the auditor in the client namespace)', () => {
  const runs = new Map<string, { s: ScenarioArtefacts; summary: AuditSummary | undefined }>();

  beforeAll(async () => {
    const stamp = buildStamp();
    // Both guests at once, as the other lab files do (two cores; the tier runs its files one after another).
    await Promise.all(
      Object.keys(EXPECT).map(async (name) => {
        const s = await scenario(name, { guestCommands: [remoteAuditCommand(name, stamp)] });
        const text = s.read('remote-audit-summary.json');
        const json = text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
        runs.set(name, { s, summary: json ? (JSON.parse(json) as AuditSummary) : undefined });
      }),
    );
  }, 1_500_000);

  function run(name: string) {
    const r = runs.get(name);
    const why = r ? ['ssh-gateway.log', 'ssh-command.stderr', 'sshd.log'].map((f) => `${f}:\n${r.s.read(f).slice(-1500)}`).join('\n') : 'no run';
    expect(r?.summary, why).toBeDefined();
    return { s: r!.s, summary: r!.summary!, why };
  }

  for (const [name, expected] of Object.entries(EXPECT)) {
    it(`${name}: the audit over SSH ran every step on the server and yields the scenario's findings`, () => {
      const { s, summary, why } = run(name);
      const rules = summary.findings.map((f) => f.ruleId);
      for (const anyOf of expected.fires) expect(anyOf.some((r) => rules.includes(r)), `should fire one of ${anyOf.join(', ')}; fired ${rules.join(', ')}\n${why}`).toBe(true);
      for (const rule of expected.never) expect(rules, `must not fire ${rule}`).not.toContain(rule);
      // The server side is where the logs are: step 5 ran there, over SSH.
      const tunnelSteps = expected.session === false ? [] : ['throughput', 'capture'];
      expect(summary.stepsDone, JSON.stringify(summary.stepsNotDone)).toEqual(expect.arrayContaining(['identify-interfaces', ...tunnelSteps, 'logs']));
      // Evidence only the server side holds, read over SSH: pptpd's and pppd's own syslog lines.
      const logs = outputsOf(s.path('remote-audit'), 'logs.file').join('');
      expect(logs).toMatch(/pptpd\[\d+\]: CTRL: Client 10\.47\.0\.2 control connection started/);
      if (expected.session !== false) expect(logs).toMatch(/pppd\[\d+\]: peer from calling number 10\.47\.0\.2 authorized/);
      const verify = spawnSync(process.execPath, [CLI, 'verify', s.path('remote-audit')], { encoding: 'utf8' });
      expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    });

    if (name === 'gre-blocked') {
      it('gre-blocked: the firewall judged is the one the kernel applies - iptables-legacy rules read over SSH, GRE drop seen, TCP 1723 decided by the real rule', () => {
        const { s, why } = run(name);
        const bundle = s.path('remote-audit');
        // The same command as locally, from the shared plan, run on the gateway.
        const [legacy] = outputsOf(bundle, 'firewall.iptablesLegacy');
        expect(legacy, why).toMatch(/^-A INPUT -p (?:gre|47) -j DROP$/m);
        const facts = JSON.parse(readFileSync(path.join(bundle, 'facts.json'), 'utf8')) as {
          firewall?: { notEvaluated?: string; audit?: { controlPort: { status: string; decisions: Array<{ chain: string; decision: { by: { table: string; text: string } } }> }; gre: { status: string; decisions: Array<{ chain: string; decision: { verdict: string } }> } } };
        };
        expect(facts.firewall?.notEvaluated).toBeUndefined();
        expect(facts.firewall?.audit?.gre.status).toBe('dropped');
        expect(facts.firewall?.audit?.gre.decisions).toContainEqual(expect.objectContaining({ chain: 'iptables-legacy filter/INPUT', decision: expect.objectContaining({ verdict: 'drop' }) }));
        // 1723 is accepted from anywhere (the scenario's own ACCEPT): by that legacy rule, never "nothing filters".
        expect(facts.firewall?.audit?.controlPort.status).not.toBe('no-filter');
        expect(facts.firewall?.audit?.controlPort.decisions[0]?.decision.by.table).toBe('iptables-legacy filter');
        const findings = JSON.parse(readFileSync(path.join(bundle, 'findings.json'), 'utf8')) as { findings: Array<{ ruleId: string; evidence: Array<{ excerpt: string }> }> };
        const exposed = findings.findings.find((f) => f.ruleId === 'tcp1723-unrestricted');
        for (const e of exposed?.evidence ?? []) expect(e.excerpt).not.toMatch(/no INPUT filtering/);
        // The blockage names its cause on this host: the legacy DROP (before: "No cause is visible on this host").
        const blockage = findings.findings.find((f) => f.ruleId === 'gre-blockage');
        expect(blockage?.evidence.map((e) => e.excerpt)).toContainEqual(expect.stringMatching(/^input: DROP by iptables-legacy filter\/INPUT #1: -A INPUT -p gre -j DROP$/));
      });
    }

    it(`${name}: the bundle names the gateway - ssh target and the host key sshd served`, () => {
      const { s } = run(name);
      const manifest = JSON.parse(readFileSync(s.path('remote-audit/manifest.json'), 'utf8'));
      const fingerprint = s.read('ssh-host-key.txt').split(/\s+/)[1];
      expect(fingerprint).toMatch(/^SHA256:/);
      expect(manifest.host.remote).toMatchObject({
        target: `ssh://root@${LAB_ADDRESSES.serverCarrier}:22`,
        host: LAB_ADDRESSES.serverCarrier,
        user: 'root',
        hostKeyType: 'ssh-ed25519',
        hostKeyFingerprint: fingerprint,
        hostKeyTrust: 'known_hosts',
      });
      // uname -a of the gateway: the UML guest's kernel, not this machine's.
      expect(manifest.host.remote.unameA).toMatch(/^Linux pptp-lab /);
    });

    it(`${name}: the lab's chap secret never leaves the gateway (absent from every file of the bundle)`, () => {
      const { s } = run(name);
      // The secret is there to find: the server's chap-secrets holds it (copied by the lab itself).
      expect(s.read('chap-secrets')).toContain(LAB_FAKE_SECRET);
      const files = filesUnder(s.path('remote-audit'));
      expect(files.length).toBeGreaterThan(10);
      for (const f of files) expect(readFileSync(f).includes(LAB_FAKE_SECRET), f).toBe(false);
      expect(s.read('remote-audit-summary.json')).not.toContain(LAB_FAKE_SECRET);
    });

    it(`${name}: chap-secrets was judged on the gateway - what crossed the connection is its summary (length, entropy), not its value`, () => {
      const { s } = run(name);
      const [chap] = outputsOf(s.path('remote-audit'), 'ppp.chapSecrets');
      expect(JSON.parse(chap!).entries).toEqual([expect.objectContaining({ client: 'labuser', server: 'pptpd', secretKind: 'literal', secretLength: LAB_FAKE_SECRET.length })]);
    });
  }
});
