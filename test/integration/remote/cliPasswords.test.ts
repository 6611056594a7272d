import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { spawn as spawnPty } from 'node-pty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRoot } from '../../lab/host/netns';
import { PLANTED_PPP_PASSWORD, PLANTED_SECRETS, startSshGateway, type SshGateway } from '../../support/sshd';

const REPO = new URL('../../..', import.meta.url).pathname;
const CLI = path.join(REPO, 'dist/cli.cjs');
/** The account's password: its login password (when sshd takes one) and what its sudo asks for. */
const PASSWORD = 'Tty-typed-Pw9#kQ2z';

interface TerminalRun {
  status: number;
  /** Everything the terminal showed (stdout and stderr share it). */
  screen: string;
  /** The prompts answered, in order. */
  answered: string[];
}

/**
 * Runs the built CLI under a real pseudo-terminal (node-pty) and types `answer` + Enter at each
 * prompt matched by `prompts`, as an auditor would. No SSH agent: only what the test gives.
 */
function onTerminal(argv: string[], prompts: RegExp, answer: string, limit = 5): Promise<TerminalRun> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.SSH_AUTH_SOCK;
    const term = spawnPty(process.execPath, [CLI, ...argv], { cols: 200, rows: 50, env: env as Record<string, string> });
    let screen = '';
    let searchedUpTo = 0;
    const answered: string[] = [];
    term.onData((d) => {
      screen += d;
      const rest = screen.slice(searchedUpTo);
      const m = prompts.exec(rest);
      if (m && answered.length < limit) {
        searchedUpTo += m.index + m[0].length;
        answered.push(m[0]);
        term.write(`${answer}\r`);
      }
    });
    term.onExit(({ exitCode }) => resolve({ status: exitCode, screen, answered }));
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** The JSON summary the audit prints last (after any prompt line on the same terminal). */
function summaryOf(screen: string): { stepsDone: string[]; stepsNotDone: Array<{ step: string; why: string }> } {
  return JSON.parse(screen.slice(screen.indexOf('\n{') + 1)) as never;
}

/**
 * The CLI with a non-root account on Debian's sshd (test/support/sshd.ts): the sudo password
 * and the login password typed on a real terminal, never echoed, never in the evidence.
 */
describe.skipIf(!isRoot())('pptp-auditor --target ssh://auditor@… with passwords typed on a terminal', () => {
  let gw: SshGateway;
  let work: string;
  const target = () => [`--known-hosts`, gw.knownHostsFile, '--target', `ssh://auditor@${gw.host}`];
  const auditArgs = ['--iface', 'ppp0', '--carrier', 'ppp0', '--remote', '10.77.0.2', '--site', 'Remote site', '--duration', '5', '--ping-count', '5', '--link-speed', '100', '--no-pdf', '--json'];

  beforeAll(async () => {
    gw = await startSshGateway('pa-cp', { auditor: { password: PASSWORD, passwordLogin: true } });
    work = mkdtempSync(path.join(gw.work, 'audits-'));
  }, 60_000);

  afterAll(() => gw?.destroy());

  it('audit: the sudo password typed at its prompt, privileged steps done, the password nowhere in the bundle nor on screen', async () => {
    const out = path.join(work, 'sudo');
    const r = await onTerminal(['audit', ...target(), '--identity', gw.auditor!.identityFile, ...auditArgs, '--out', out], /\[pptp-auditor\] sudo password of auditor on [0-9.]+: /, PASSWORD);
    expect([0, 3], r.screen).toContain(r.status);
    expect(r.answered).toHaveLength(1);
    expect(r.screen).not.toContain(PASSWORD);
    const summary = summaryOf(r.screen);
    // Capture (tcpdump) and the settings of step 5 (chap-secrets, firewall) need root there.
    expect(summary.stepsDone).toEqual(expect.arrayContaining(['identify-interfaces', 'throughput', 'capture', 'logs']));
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.host.remote).toMatchObject({ user: 'auditor', privilege: 'sudo-password' });
    const commands = readFileSync(path.join(out, 'commands.jsonl'), 'utf8');
    expect(commands).toContain('"sudo","-S","-p"');
    const files = filesUnder(out);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const secret of [PASSWORD, ...PLANTED_SECRETS, PLANTED_PPP_PASSWORD]) expect(bytes.includes(secret), `${f}: ${secret}`).toBe(false);
    }
  }, 240_000);

  it('audit without a terminal to ask on: privilege none, and the privileged steps are not done (never a pass)', async () => {
    const out = path.join(work, 'none');
    const { spawnSync } = await import('node:child_process');
    const env = { ...process.env };
    delete env.SSH_AUTH_SOCK;
    const r = spawnSync(process.execPath, [CLI, 'audit', ...target(), '--identity', gw.auditor!.identityFile, ...auditArgs, '--out', out], { encoding: 'utf8', env, input: '' });
    expect([0, 3], r.stderr).toContain(r.status);
    const summary = JSON.parse(r.stdout) as ReturnType<typeof summaryOf>;
    const capture = summary.stepsNotDone.find((s) => s.step === 'capture');
    // The audit does not even try: capture is blocked for want of root there, said in one line.
    expect(capture?.why, JSON.stringify(summary.stepsNotDone)).toMatch(/blocked: root/);
    // What needs root in step 5 says permission denied and is not evaluated: never judged a pass.
    const full = summary as ReturnType<typeof summaryOf> & { problems: string[]; notEvaluated: string[] };
    expect(full.problems).toEqual(expect.arrayContaining([expect.stringMatching(/permission denied reading \/etc\/ppp\/chap-secrets/)]));
    expect(full.problems.some((p) => /^logs: nft .*not permitted/.test(p))).toBe(true);
    expect(full.notEvaluated).toEqual(expect.arrayContaining(['chap-secrets-weak', 'chap-secrets-exposed', 'tcp1723-unrestricted', 'firewall-accept-shadowed']));
    expect(summary.stepsDone).not.toContain('capture');
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.host.remote.privilege).toBe('none');
  }, 240_000);

  it('login password: no key given, asked once on the terminal ("password of auditor@host"), not echoed, connects', async () => {
    const r = await onTerminal(['interfaces', ...target(), '--json'], /\[pptp-auditor\] (sudo )?password of auditor[@ ]/, PASSWORD);
    expect(r.status, r.screen).toBe(0);
    expect(r.answered[0]).toBe('[pptp-auditor] password of auditor@');
    expect(r.screen).toContain('ppp0');
    expect(r.screen).not.toContain(PASSWORD);
  }, 120_000);

  it('--ask-password asks before connecting, even with a key; a wrong one is one line, exit 2', async () => {
    const r = await onTerminal(['interfaces', ...target(), '--ask-password', '--json'], /\[pptp-auditor\] password of auditor@[0-9.]+: /, 'not-the-password', 1);
    expect(r.status).toBe(2);
    expect(r.answered).toHaveLength(1);
    const lines = r.screen.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('[pptp-auditor]'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/authentication refused \(tried: password\)/);
  }, 120_000);

  it('without a terminal, no password is asked: --ask-password is refused in one line, and a key-less login fails in one line', async () => {
    const { spawnSync } = await import('node:child_process');
    const env = { ...process.env };
    delete env.SSH_AUTH_SOCK;
    const asked = spawnSync(process.execPath, [CLI, 'interfaces', ...target(), '--ask-password', '--json'], { encoding: 'utf8', env, input: `${PASSWORD}\n` });
    expect(asked.status).toBe(2);
    expect(asked.stderr.trim()).toMatch(/^pptp-auditor: --ask-password needs a terminal/);
    const keyless = spawnSync(process.execPath, [CLI, 'interfaces', ...target(), '--json'], { encoding: 'utf8', env, input: `${PASSWORD}\n` });
    expect(keyless.status).toBe(2);
    expect(keyless.stderr.trim().split('\n')).toHaveLength(1);
    expect(keyless.stderr).toMatch(/authentication refused \(tried: none\)/);
  }, 60_000);
});
