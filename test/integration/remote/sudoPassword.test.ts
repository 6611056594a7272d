import { mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChapSecretsSummary } from '../../../shared/ops/chapSecretsSummary';
import { openRemoteRunner } from '../../../electron/remote/openRemote';
import type { RemoteRunner } from '../../../electron/remote/remoteRunner';
import { isRoot } from '../../lab/host/netns';
import { startSshGateway, type SshGateway } from '../../support/sshd';

/** The account's password on the gateway: what its sudo asks for. */
const SUDO_PASSWORD = 'Sud0-only-Qv7#wL2x';
/** How sudo prompts: the marker given with -p (electron/remote/privilege.ts). */
const MARKER = /\[pptp-auditor:sudo:[0-9a-f]{12}\]/g;

interface TapEvent {
  direction: 'sent' | 'received';
  data: Buffer;
}

/**
 * Every place the password appears in the session's plaintext must be bytes written on a
 * channel, exactly the password and a newline, each answering one prompt of sudo (its marker)
 * received before it and not answered yet. Returns what broke the rule, or null.
 */
function passwordOutsideSudoPrompts(events: TapEvent[], password: string): string | null {
  let unansweredPrompts = 0;
  let answers = 0;
  for (const e of events) {
    if (e.direction === 'received') {
      if (e.data.includes(password)) return 'the password came back from the gateway';
      unansweredPrompts += (e.data.toString('utf8').match(MARKER) ?? []).length;
      continue;
    }
    if (!e.data.includes(password)) continue;
    if (!e.data.equals(Buffer.from(`${password}\n`))) return `sent inside other bytes: ${JSON.stringify(e.data.toString('utf8').slice(0, 60))}`;
    if (unansweredPrompts === 0) return 'sent before sudo prompted for it';
    unansweredPrompts--;
    answers++;
  }
  return answers > 0 ? null : 'never sent (sudo was not used?)';
}

/**
 * sudo that REQUIRES a password: a non-root account on Debian's sshd in a namespace
 * (test/support/sshd.ts), its sudoers drop-in without NOPASSWD and without cached timestamps.
 */
describe.skipIf(!isRoot())('privileged operations through sudo with a password, over a real OpenSSH server', () => {
  let gw: SshGateway;
  let runner: RemoteRunner;
  const events: TapEvent[] = [];
  const prompts: string[] = [];
  const target = () => ({ user: 'auditor', host: gw.host, port: gw.port });
  const base = () => ({ target: target(), knownHostsFile: gw.knownHostsFile, identityFile: gw.auditor!.identityFile, agentSocket: null });

  beforeAll(async () => {
    gw = await startSshGateway('pa-sp', { auditor: { password: SUDO_PASSWORD } });
    runner = await openRemoteRunner({
      ...base(),
      tap: (direction, data) => events.push({ direction, data: Buffer.from(data) }),
      askSudoPassword: async (prompt) => {
        prompts.push(prompt);
        return SUDO_PASSWORD;
      },
    }).catch((e: Error) => {
      // What the gateway said (never what was sent): enough to tell a slow sudo from a refusal.
      const said = events.filter((ev) => ev.direction === 'received').map((ev) => ev.data.toString('utf8')).join('|');
      throw new Error(`${e.message}; the gateway said: ${said.slice(-600)}`);
    });
  }, 180_000);

  afterAll(async () => {
    await runner?.close();
    gw?.destroy();
  });

  it('asks once, then runs privileged operations as root through sudo -S (chap-secrets, firewall, capture)', async () => {
    expect(prompts).toEqual([`[pptp-auditor] sudo password of auditor on ${gw.host}: `]);
    expect(runner.privilegeMode).toBe('sudo-password');

    const chap = await runner.run({ op: 'ppp.chapSecrets' });
    expect(chap.error).toBeUndefined();
    expect((JSON.parse(chap.stdout) as ChapSecretsSummary).entries.length).toBeGreaterThan(0);
    expect(chap.argv.slice(0, 4)).toEqual(['sudo', '-S', '-p', expect.stringMatching(MARKER)]);

    const nft = await runner.run({ op: 'firewall.nft', json: true });
    expect(nft.error).toBeUndefined();
    expect(nft.stdout).toContain('nftables');

    const dir = mkdtempSync(path.join(gw.work, 'cap-'));
    const start = await runner.run({ op: 'capture.start', iface: 'ppp0', durationS: 30, maxBytes: 1024 * 1024, dir });
    expect(start.error).toBeUndefined();
    gw.ns.exec(['ping', '-c', '2', '-i', '0.2', '10.77.0.2']);
    const stop = await runner.run({ op: 'capture.stop', captureId: start.captureId! });
    expect(stop.error).toBeUndefined();
    expect(readFileSync(stop.files![0]!).readUInt32LE(0)).toBe(0xa1b2c3d4);
  }, 60_000);

  it('the password crossed the session only as bytes written to sudo after its prompt, never in a command line', () => {
    expect(passwordOutsideSudoPrompts(events, SUDO_PASSWORD)).toBeNull();
    // And no command line (nor any other sent byte) holds it: only those answers do.
    const carrying = events.filter((e) => e.direction === 'sent' && e.data.includes(SUDO_PASSWORD));
    expect(carrying.every((e) => e.data.toString('utf8') === `${SUDO_PASSWORD}\n`)).toBe(true);
  });

  it('the checker itself catches a password sent before the prompt or inside a command line', () => {
    const prompt: TapEvent = { direction: 'received', data: Buffer.from('[pptp-auditor:sudo:0123456789ab]') };
    const answer: TapEvent = { direction: 'sent', data: Buffer.from(`${SUDO_PASSWORD}\n`) };
    expect(passwordOutsideSudoPrompts([prompt, answer], SUDO_PASSWORD)).toBeNull();
    expect(passwordOutsideSudoPrompts([answer, prompt], SUDO_PASSWORD)).toBe('sent before sudo prompted for it');
    expect(passwordOutsideSudoPrompts([prompt, answer, answer], SUDO_PASSWORD)).toBe('sent before sudo prompted for it');
    expect(passwordOutsideSudoPrompts([{ direction: 'sent', data: Buffer.from(`echo ${SUDO_PASSWORD} | sudo -S id`) }], SUDO_PASSWORD)).toMatch(/^sent inside other bytes/);
  });

  it('a wrong password is one clear line, and nothing waits for it', async () => {
    const error = await openRemoteRunner({ ...base(), askSudoPassword: async () => 'not-the-password' }).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(error).toBe('sudo on the gateway refused the password (or auditor may not use sudo)');
  }, 60_000);

  it('sudo -n refused and no password given: privilege none, and privileged operations say permission denied', async () => {
    const plain = await openRemoteRunner({ ...base(), askSudoPassword: async () => null });
    try {
      expect(plain.privilegeMode).toBe('none');
      const chap = await plain.run({ op: 'ppp.chapSecrets' });
      expect(chap.error).toMatch(/permission denied/i);
      const nft = await plain.run({ op: 'firewall.nft', json: true });
      expect(nft.error).toMatch(/permission denied|not permitted/i);
      const start = await plain.run({ op: 'capture.start', iface: 'ppp0', durationS: 5, maxBytes: 65536, dir: mkdtempSync(path.join(gw.work, 'cap-')) });
      // Said at start, not only at stop: a capture that never listened is not a running capture.
      expect(start.error).toMatch(/permission/i);
      expect(start.captureId).toBeDefined();
    } finally {
      await plain.close();
    }
    // Nobody to ask at all (no terminal): the same.
    const unasked = await openRemoteRunner(base());
    expect(unasked.privilegeMode).toBe('none');
    await unasked.close();
  }, 60_000);
});
