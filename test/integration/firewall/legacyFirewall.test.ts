import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRoot } from '../../lab/host/netns';
import { startSshGateway, type SshGateway } from '../../support/sshd';
import { runCollect as run } from '../../support/runCollect';

const REPO = new URL('../../..', import.meta.url).pathname;
const CLI = path.join(REPO, 'dist/cli.cjs');

interface Judgement {
  facts: { firewall?: { notEvaluated?: string; audit?: { controlPort: { status: string; allowlist: string[] }; gre: { status: string; decisions: Array<{ chain: string; decision: { verdict: string } }> } } } };
  rules: Array<{ ruleId: string; status: string; detail: string }>;
}

/**
 * A host whose firewall was loaded with iptables-legacy (x_tables), as the lab's gre-blocked
 * server: Debian's default iptables-save (nf_tables) prints no rule, only a warning on stderr.
 * TCP 1723 is allowlisted and GRE dropped by those legacy rules.
 * `hardening` run in that namespace (direct runner, as root) and over SSH (the remote runner,
 * same shared plan) must judge the rules the kernel applies: 1723 allowlisted, GRE dropped —
 * never "nothing filters".
 */
describe.skipIf(!isRoot())('hardening on a host filtering with iptables-legacy (real namespace, real iptables-legacy)', () => {
  let gw: SshGateway;

  beforeAll(async () => {
    gw = await startSshGateway('pa-lf');
    gw.ns.exec(['iptables-legacy', '-A', 'INPUT', '-p', 'gre', '-j', 'DROP']);
    gw.ns.exec(['iptables-legacy', '-A', 'INPUT', '-p', 'tcp', '--dport', '1723', '-s', '192.0.2.0/24', '-j', 'ACCEPT']);
    gw.ns.exec(['iptables-legacy', '-A', 'INPUT', '-p', 'tcp', '--dport', '1723', '-j', 'DROP']);
  }, 60_000);

  afterAll(() => {
    gw?.destroy();
  });

  function expectLegacyRulesJudged(j: Judgement, where: string) {
    expect(j.facts.firewall?.notEvaluated, where).toBeUndefined();
    expect(j.facts.firewall?.audit?.controlPort, where).toMatchObject({ status: 'allowlisted', allowlist: ['192.0.2.0/24'] });
    expect(j.facts.firewall?.audit?.gre.status, where).toBe('dropped');
    expect(j.facts.firewall?.audit?.gre.decisions, where).toContainEqual(expect.objectContaining({ chain: 'iptables-legacy filter/INPUT', decision: expect.objectContaining({ verdict: 'drop' }) }));
    // hardening has no listener list (step 1): the exposure rule waits for it, it never reads "unfiltered".
    expect(j.rules.find((r) => r.ruleId === 'tcp1723-unrestricted')?.status, where).not.toBe('fired');
  }

  it('run in the namespace: iptables-legacy-save is planned, run, and its rules judged beside nf_tables', async () => {
    const r = await run(gw.nsenterArgv([process.execPath, CLI, 'hardening', '--json']));
    expect([0, 3], r.stderr).toContain(r.status);
    expectLegacyRulesJudged(JSON.parse(r.stdout) as Judgement, 'local');
  }, 120_000);

  it('over SSH (--target): the remote runner runs the same op from the shared plan and judges alike', async () => {
    const target = ['--target', `ssh://root@${gw.host}:${gw.port}`, '--identity', gw.identityFile, '--known-hosts', gw.knownHostsFile];
    const r = await run([process.execPath, CLI, 'hardening', ...target, '--json']);
    expect([0, 3], r.stderr).toContain(r.status);
    expectLegacyRulesJudged(JSON.parse(r.stdout) as Judgement, 'remote');
  }, 120_000);
});
