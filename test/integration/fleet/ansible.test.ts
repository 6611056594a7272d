/**
 * Issue 13, build item 3: Debian's ansible-playbook runs build/ansible/audit-fleet.yml against
 * two real sshd (test/support/sshd.ts: each in a network namespace with a veth ppp0); both bundles come back,
 * unpacked and verified, and `pptp-auditor fleet` summarises them (text, JSON, PDF).
 * gw-two audits a tunnel that is down (its ppp1 does not exist): the audit exits 3 (INCOMPLETE),
 * which must not fail the play but must be reported.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRoot } from '../../lab/host/netns';
import { sortFleetRows, type FleetSummary } from '../../../shared/fleet';
import { startSshGateway, type SshGateway } from '../../support/sshd';

const REPO = new URL('../../../', import.meta.url).pathname;
const CLI = join(REPO, 'dist/cli.cjs');
const PLAYBOOK = join(REPO, 'build/ansible/audit-fleet.yml');
const TOOLS = ['/usr/sbin/sshd', '/usr/bin/ansible-playbook', '/usr/bin/ssh-keygen', '/usr/bin/pdftotext', '/usr/bin/chromium'];
const PLAY_TIMEOUT_MS = 300_000;

const GATEWAYS = [
  { host: 'gw-one', site: 'Substation North', iface: 'ppp0' },
  { host: 'gw-two', site: 'Pumping Station 7', iface: 'ppp1' },
] as const;

const usable = isRoot() && TOOLS.every((t) => existsSync(t));

function run(argv: string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe.skipIf(!usable)('Ansible role: audits on two gateways over SSH, bundles fetched and verified, fleet summary', () => {
  const work = mkdtempSync(join(tmpdir(), 'pa-ansible-'));
  const gateways: SshGateway[] = [];
  let play: { code: number | null; stdout: string; stderr: string };
  const bundles: Record<string, string> = {};
  let ansibleEnv: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    if (!existsSync(CLI) || !existsSync(join(REPO, 'dist/renderer/fleet.html'))) throw new Error('run `npm run build` first (the play runs dist/cli.cjs; the PDF needs dist/renderer)');
    const knownHosts: string[] = [];
    const hosts: Record<string, Record<string, unknown>> = {};
    for (const [i, gw] of GATEWAYS.entries()) {
      const gateway = await startSshGateway(`pa-fl${i}`);
      gateways.push(gateway);
      knownHosts.push(readFileSync(gateway.knownHostsFile, 'utf8').trim());
      hosts[gw.host] = {
        ansible_host: gateway.host,
        ansible_port: gateway.port,
        ansible_ssh_private_key_file: gateway.identityFile,
        // The far end of the gateway's ppp0 (a veth to its peer namespace).
        pptp_audit_remote: '10.77.0.2',
        pptp_audit_iface: gw.iface,
        pptp_audit_site: gw.site,
      };
    }
    writeFileSync(join(work, 'known_hosts'), `${knownHosts.join('\n')}\n`);
    // JSON is YAML: the inventory plugin reads it as is.
    const inventory = {
      pptp_gateways: {
        hosts,
        vars: {
          ansible_user: 'root',
          // Strict host key checking against the keys the sshds were started with.
          ansible_ssh_common_args: `-o UserKnownHostsFile=${join(work, 'known_hosts')} -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes`,
          pptp_auditor_command: [process.execPath, CLI],
          pptp_audit_carrier: 'ppp0',
          pptp_audit_duration: 5,
          pptp_audit_ping_count: 5,
          pptp_audit_timeout: 120,
          // Both sshds share this file system: the role's paths carry the host name.
          pptp_audit_remote_dir: join(work, 'gateways'),
          pptp_audit_fetch_dir: join(work, 'fleet'),
        },
      },
    };
    writeFileSync(join(work, 'inventory.yml'), JSON.stringify(inventory, null, 2));
    for (const d of ['ansible-home', 'ansible-tmp', 'cp']) mkdirSync(join(work, d));
    ansibleEnv = {
      ...process.env,
      ANSIBLE_HOME: join(work, 'ansible-home'),
      ANSIBLE_LOCAL_TEMP: join(work, 'ansible-tmp'),
      ANSIBLE_REMOTE_TEMP: join(work, 'ansible-tmp'),
      ANSIBLE_SSH_CONTROL_PATH_DIR: join(work, 'cp'),
      ANSIBLE_HOST_KEY_CHECKING: 'True',
      ANSIBLE_PIPELINING: 'True',
      ANSIBLE_RETRY_FILES_ENABLED: 'False',
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
    };
    play = await run(['ansible-playbook', '-i', join(work, 'inventory.yml'), '-e', 'pptp_audit_become=false', PLAYBOOK], PLAY_TIMEOUT_MS, ansibleEnv);
    for (const gw of GATEWAYS) {
      const dir = join(work, 'fleet', gw.host);
      const found = existsSync(dir) ? readdirSync(dir) : [];
      if (found.length === 1) bundles[gw.host] = join(dir, found[0]!);
    }
  }, PLAY_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    for (const gateway of gateways) gateway.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  it('the play succeeds although one audit is INCOMPLETE (exit 3), and reports it', () => {
    expect(play.code, `${play.stdout}\n${play.stderr}`).toBe(0);
    expect(play.stdout).toMatch(/gw-one\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0/);
    expect(play.stdout).toMatch(/gw-two\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0/);
    expect(play.stdout).toContain('INCOMPLETE audit on gw-two (exit 3)');
    expect(play.stdout).toContain('INCOMPLETE audits: gw-two');
    expect(play.stdout).not.toContain('INCOMPLETE audit on gw-one');
  });

  it('both bundles came back, one per host, unpacked, and verify intact', () => {
    expect(Object.keys(bundles).sort()).toEqual(['gw-one', 'gw-two']);
    for (const dir of Object.values(bundles)) {
      const verify = spawnSync(process.execPath, [CLI, 'verify', dir], { encoding: 'utf8', timeout: 60_000 });
      expect(verify.status, verify.stdout + verify.stderr).toBe(0);
      expect(verify.stdout).toMatch(/^INTACT: .* bundle closed\)/);
    }
    // The archives were removed on both sides; the bundles stay on the gateways (pptp_audit_keep_remote).
    for (const gw of GATEWAYS) {
      expect(readdirSync(join(work, 'fleet', gw.host)).filter((n) => n.endsWith('.tar.gz'))).toEqual([]);
      expect(readdirSync(join(work, 'gateways', gw.host)).filter((n) => n.endsWith('.tar.gz'))).toEqual([]);
    }
  });

  it('fleet summarises them: JSON rows sorted worst first, text table, PDF', async () => {
    const dirs = [bundles['gw-one']!, bundles['gw-two']!];
    const json = await run([process.execPath, CLI, 'fleet', '--json', ...dirs], 60_000);
    expect(json.code, json.stderr).toBe(0);
    const summary = JSON.parse(json.stdout) as FleetSummary;
    expect(summary.rows.map((r) => r.site).sort()).toEqual(['Pumping Station 7', 'Substation North']);
    expect(summary.rows.every((r) => r.integrity === 'intact' && r.counts !== null && r.coverage !== null)).toBe(true);
    expect(summary.rows).toEqual(sortFleetRows(summary.rows));
    const down = summary.rows.find((r) => r.site === 'Pumping Station 7')!;
    expect(down.coverage!.essentialMissing.length).toBeGreaterThan(0);
    expect(summary.rows.find((r) => r.site === 'Substation North')!.coverage!.essentialMissing).toEqual([]);

    const text = await run([process.execPath, CLI, 'fleet', ...dirs], 60_000);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Substation North');
    expect(text.stdout).toContain('Pumping Station 7');
    expect(text.stdout).toContain('2 bundles.');

    const pdf = join(work, 'fleet.pdf');
    const printed = await run([process.execPath, CLI, 'fleet', '--pdf', pdf, '--paper', 'Letter', ...dirs], 120_000);
    expect(printed.code, printed.stderr).toBe(0);
    const pdfText = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(pdfText).toContain('PPTP fleet summary');
    expect(pdfText).toContain('Substation North');
    expect(pdfText).toContain('Pumping Station 7');
    expect(pdfText).toContain(down.risk.toUpperCase());
    expect(pdfText).toMatch(/2 bundles/);
  }, 200_000);

  it('a gateway that slips a symbolic link into the archive gets the host failed and nothing unpacked', async () => {
    // The real audit, then what a compromised gateway could do before the archive is made.
    const wrapper = join(work, 'hostile-gateway.sh');
    writeFileSync(
      wrapper,
      `#!/bin/sh\n"${process.execPath}" "${CLI}" "$@"\nrc=$?\nout=""; prev=""\nfor a in "$@"; do [ "$prev" = "--out" ] && out="$a"; prev="$a"; done\nln -s /etc/hostname "$out/outputs/planted"\nexit $rc\n`,
      { mode: 0o755 },
    );
    const before = readdirSync(join(work, 'fleet', 'gw-one'));
    const hostile = await run(
      ['ansible-playbook', '-i', join(work, 'inventory.yml'), '-l', 'gw-one', '-e', 'pptp_audit_become=false', '-e', JSON.stringify({ pptp_auditor_command: [wrapper], pptp_audit_controller_command: [process.execPath, CLI] }), PLAYBOOK],
      PLAY_TIMEOUT_MS,
      ansibleEnv,
    );
    expect(hostile.code).not.toBe(0);
    expect(hostile.stdout).toContain('holds more than one bundle folder of plain files: not unpacked');
    expect(hostile.stdout).toMatch(/gw-one\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=1/);
    // Only the archive arrived (kept for inspection); no new bundle folder was unpacked from it.
    const added = readdirSync(join(work, 'fleet', 'gw-one')).filter((n) => !before.includes(n));
    expect(added.length).toBe(1);
    expect(added[0]).toMatch(/\.tar\.gz$/);
  }, PLAY_TIMEOUT_MS + 30_000);
});
