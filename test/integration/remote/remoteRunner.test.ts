import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summariseChapSecrets, type ChapSecretsSummary } from '../../../shared/ops/chapSecretsSummary';
import { createCancelSource } from '../../../shared/ops/runner';
import { SshConnection } from '../../../electron/remote/connection';
import { openRemoteRunner } from '../../../electron/remote/openRemote';
import { remoteExec } from '../../../electron/remote/remoteExec';
import type { RemoteRunner } from '../../../electron/remote/remoteRunner';
import { isRoot } from '../../lab/host/netns';
import { PLANTED_PPP_PASSWORD, PLANTED_SECRETS, startSshGateway, type SshGateway } from '../../support/sshd';

const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;

/**
 * A RemoteRunner against Debian's sshd in a namespace (test/support/sshd.ts). The session's
 * plaintext — every command line, every byte either way on every channel — is tapped and
 * searched for the secrets planted in the gateway's chap-secrets and pppd options.
 */
describe.skipIf(!isRoot())('RemoteRunner over a real OpenSSH server', () => {
  let gw: SshGateway;
  let runner: RemoteRunner;
  const plaintext: Buffer[] = [];

  beforeAll(async () => {
    gw = await startSshGateway('pa-rr');
    runner = await openRemoteRunner({
      target: { user: 'root', host: gw.host, port: gw.port },
      knownHostsFile: gw.knownHostsFile,
      identityFile: gw.identityFile,
      agentSocket: null,
      tap: (_direction, data) => plaintext.push(Buffer.from(data)),
    });
  }, 60_000);

  afterAll(async () => {
    await runner?.close();
    gw?.destroy();
  });

  it('records the gateway: host key fingerprint as ssh-keygen prints it, uname -a, tool versions', () => {
    expect(runner.connection.hostKey).toEqual({ keyType: 'ssh-ed25519', fingerprint: gw.fingerprint, trust: 'known_hosts' });
    expect(runner.facts.unameA).toMatch(/^Linux /);
    expect(runner.facts.kernelRelease).toBe(execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim());
    expect(runner.facts.tools.tcpdump).toMatch(/tcpdump version/);
  });

  it('runs catalogue operations there: ppp0 of the gateway namespace, argv as run remotely', async () => {
    const r = await runner.run({ op: 'ip.addr' });
    expect(r.error).toBeUndefined();
    const names = (JSON.parse(r.stdout) as Array<{ ifname: string }>).map((i) => i.ifname);
    expect(names).toEqual(expect.arrayContaining(['lo', 'ppp0', 'lan0']));
    // As run: a clean environment, the PID echo, timeout(1) on the gateway, then the planned argv.
    expect(r.argv.slice(0, 3)).toEqual(['env', '-i', 'PATH=/usr/sbin:/usr/bin:/sbin:/bin']);
    expect(r.argv.slice(-9)).toEqual(['timeout', '-k', '5', '30', 'ip', '-j', '-d', 'addr', 'show']);
  });

  it('refuses an invalid request without sending anything', async () => {
    const before = plaintext.length;
    const r = await runner.run({ op: 'ip.link.stats', iface: 'ppp0;reboot' } as never);
    expect(r.error).toMatch(/^refused: iface/);
    expect(plaintext.length).toBe(before);
  });

  it('summarises chap-secrets on the gateway, equal to the local summary of the same file', async () => {
    const r = await runner.run({ op: 'ppp.chapSecrets' });
    expect(r.error).toBeUndefined();
    const remote = JSON.parse(r.stdout) as ChapSecretsSummary;
    const text = readFileSync(path.join(FIXTURES, 'ops/chap-secrets.sample'), 'utf8');
    const local = summariseChapSecrets(text, { path: '/etc/ppp/chap-secrets', mode: 0o100600, uid: 0, gid: 0, owner: 'root', group: 'root', sizeBytes: Buffer.byteLength(text) });
    expect(remote).toEqual(local);
  });

  it('reads fixed files there: the syslog tail, pppd options with `password` redacted on the gateway', async () => {
    const log = await runner.run({ op: 'logs.file', path: '/var/log/syslog' });
    expect(log.stdout).toBe(readFileSync(path.join(FIXTURES, 'lab/cleartext/syslog.txt'), 'utf8'));
    const options = await runner.run({ op: 'ppp.options', path: '/etc/ppp/options' });
    expect(options.stdout).toBe('lock\nuser gw-operator\npassword <redacted>\n');
    const missing = await runner.run({ op: 'logs.file', path: '/var/log/messages' });
    expect(missing.error).toBe('/var/log/messages does not exist');
  });

  it('stops a running command by its remote PID from a second exec (sshd refuses signals for root)', async () => {
    const cancel = createCancelSource();
    const lines: string[] = [];
    const running = runner.run(
      { op: 'ping.run', target: '10.77.0.2', count: 1000, intervalS: 0.2, size: 56, dontFragment: false, deadlineS: 300 },
      { cancel: cancel.token, onLine: (l) => { lines.push(l.line); if (lines.length === 3) cancel.cancel(); } },
    );
    const r = await running;
    expect(r.error).toBe('ping was stopped on request');
    // SIGINT: ping printed its statistics before it ended.
    expect(r.stdout).toMatch(/packets transmitted/);
    expect(gw.ns.exec(['ps', '-e', '-o', 'comm=']).split('\n')).not.toContain('ping');
  });

  it('captures over the channel into a local pcap, stopped by its remote PID', async () => {
    const dir = mkdtempSync(path.join(gw.work, 'cap-'));
    const start = await runner.run({ op: 'capture.start', iface: 'ppp0', durationS: 60, maxBytes: 1024 * 1024, dir });
    expect(start.error).toBeUndefined();
    const stop = await runner.run({ op: 'capture.stop', captureId: start.captureId! });
    expect(stop.error).toBeUndefined();
    const pcap = readFileSync(stop.files![0]!);
    expect(pcap.readUInt32LE(0)).toBe(0xa1b2c3d4);
    expect(stop.outputSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(gw.ns.exec(['ps', '-e', '-o', 'comm=']).split('\n')).not.toContain('tcpdump');
  });

  it('no planted secret crossed the session, while the tap did see what crossed', async () => {
    const all = Buffer.concat(plaintext);
    expect(all.includes('pptp-lab')).toBe(true);
    for (const secret of [...PLANTED_SECRETS, PLANTED_PPP_PASSWORD]) expect(all.includes(secret), secret).toBe(false);
    // Control: reading the file raw over the same kind of channel WOULD show them in such a tap.
    const control: Buffer[] = [];
    const conn = await SshConnection.connect({ target: { user: 'root', host: gw.host, port: gw.port }, knownHostsFile: gw.knownHostsFile, identityFile: gw.identityFile, agentSocket: null, tap: (_d, b) => control.push(Buffer.from(b)) });
    await remoteExec(conn, ['cat', '/etc/ppp/chap-secrets'], { privilege: { mode: 'root' }, timeoutS: 10, maxOutputBytes: 65536 });
    await conn.close();
    expect(Buffer.concat(control).includes(PLANTED_SECRETS[1]!)).toBe(true);
  });

  it('pins host keys: unknown refused (fingerprint shown), accepted with accept-new and recorded, a changed key refused with both', async () => {
    const target = { user: 'root', host: gw.host, port: gw.port };
    const empty = path.join(gw.work, 'known_hosts.empty');
    writeFileSync(empty, '');
    await expect(SshConnection.connect({ target, knownHostsFile: empty, identityFile: gw.identityFile, agentSocket: null })).rejects.toThrow(
      new RegExp(`not in .*${gw.fingerprint.replace(/[+/]/g, '.')}.*--accept-new-host-key`),
    );
    const conn = await SshConnection.connect({ target, knownHostsFile: empty, acceptNewHostKey: true, identityFile: gw.identityFile, agentSocket: null });
    expect(conn.hostKey.trust).toBe('accepted-new');
    await conn.close();
    expect(readFileSync(empty, 'utf8')).toMatch(new RegExp(`^${gw.host.replaceAll('.', '\\.')} ssh-ed25519 `));
    const again = await SshConnection.connect({ target, knownHostsFile: empty, identityFile: gw.identityFile, agentSocket: null });
    expect(again.hostKey.trust).toBe('known_hosts');
    await again.close();

    // Hashed entries (ssh-keygen -H) are read too.
    const hashedFile = path.join(gw.work, 'known_hosts.hashed');
    writeFileSync(hashedFile, readFileSync(gw.knownHostsFile));
    execFileSync('ssh-keygen', ['-q', '-H', '-f', hashedFile]);
    expect(readFileSync(hashedFile, 'utf8')).toMatch(/^\|1\|/);
    const hashed = await SshConnection.connect({ target, knownHostsFile: hashedFile, identityFile: gw.identityFile, agentSocket: null });
    await hashed.close();

    const forged = path.join(gw.work, 'known_hosts.forged');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(gw.work, 'other')]);
    const otherPub = readFileSync(path.join(gw.work, 'other.pub'), 'utf8').split(' ');
    writeFileSync(forged, `${gw.host} ${otherPub[0]} ${otherPub[1]}\n`);
    const otherFp = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', path.join(gw.work, 'other.pub')], { encoding: 'utf8' }).split(' ')[1]!;
    const refusal = SshConnection.connect({ target, knownHostsFile: forged, acceptNewHostKey: true, identityFile: gw.identityFile, agentSocket: null });
    await expect(refusal).rejects.toThrow(/HOST KEY MISMATCH/);
    const message = await refusal.catch((e: Error) => e.message);
    expect(message).toContain(gw.fingerprint);
    expect(message).toContain(otherFp);
  });
});
