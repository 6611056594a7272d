import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshConnection } from '../../../electron/remote/connection';
import { quoteForRemoteShell } from '../../../electron/remote/shellQuote';
import { isRoot } from '../../lab/host/netns';
import { startSshGateway, type SshGateway } from '../../support/sshd';

/**
 * The tests' session tap (ConnectOptions.tap) must observe, never change, what a channel's
 * consumer reads. It once listened for 'data' itself: the channel flowed before its consumer
 * listened, and output that came with the channel was seen by the tap only — the canary came
 * back empty, the PID line or sudo's prompt went missing (flaky "refused" under load).
 */
describe.skipIf(!isRoot())('the session tap over a real OpenSSH server', () => {
  let gw: SshGateway;
  let conn: SshConnection;
  const seen: Buffer[] = [];

  beforeAll(async () => {
    gw = await startSshGateway('pa-tap');
    conn = await SshConnection.connect({
      target: { user: 'root', host: gw.host, port: gw.port },
      knownHostsFile: gw.knownHostsFile,
      identityFile: gw.identityFile,
      agentSocket: null,
      tap: (direction, data) => {
        if (direction === 'received') seen.push(Buffer.from(data));
      },
    });
  }, 120_000);

  afterAll(async () => {
    await conn?.close();
    gw?.destroy();
  });

  it('a consumer that starts reading late still reads everything, and the tap sees it too', async () => {
    const channel = await conn.exec(quoteForRemoteShell(['printf', '%s', 'early-out']));
    channel.stderr.resume();
    // The command has long ended and its output arrived before anyone reads the channel.
    await new Promise((r) => setTimeout(r, 1500));
    const text = await new Promise<string>((resolve) => {
      let out = '';
      const done = () => resolve(out);
      channel.on('data', (d: Buffer) => (out += d.toString('utf8')));
      // Already ended (it flowed to nobody): what was read is all there is.
      if (channel.readableEnded) setImmediate(done);
      else channel.once('end', done);
    });
    expect(text).toBe('early-out');
    expect(Buffer.concat(seen).toString('utf8')).toContain('early-out');
  }, 60_000);
});
