import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, linkSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELPER_READY_MARKER } from '../../../shared/ops/protocol';
import { corpus, leakedSecrets } from '../../unit/electron/ops/pppCorpus';
import { buildForTest } from './buildHelper';
import { RawClient, type Received } from './rawClient';

const isRoot = process.getuid?.() === 0;
const OWNER_UID = 65534;
const OWNER_GID = 65534;
/** Fewer than the unit corpus (each file is a round trip to a root process), all forms still in. */
const FILES = 300;

describe.skipIf(!isRoot)('planted secrets through the real helper process', () => {
  let build: { dir: string; files: Record<string, string> };
  let sessionDir: string;
  let evidenceDir: string;
  let pppDir: string;
  let helper: ChildProcess;
  let helperOut = '';
  let client: RawClient;
  let nextId = 1;
  const token = randomBytes(32).toString('hex');

  async function ask(request: unknown): Promise<{ reply: Received; bytes: string }> {
    const id = nextId++;
    const before = client.frames.length;
    const rawBefore = client.raw.length;
    client.send({ type: 'request', id, request });
    const reply = await client.next((f) => f.type === 'result' && f.id === id, 20_000, before);
    if (!reply) throw new Error(`no result for request ${id}`);
    // Every byte the helper sent since the request, frames and all.
    return { reply, bytes: Buffer.concat(client.raw.slice(rawBefore)).toString('utf8') };
  }

  beforeAll(async () => {
    build = await buildForTest({ helper: 'electron/helper/main.ts' });
    sessionDir = mkdtempSync('/tmp/pa-secrets-sess-');
    chownSync(sessionDir, OWNER_UID, OWNER_GID);
    chmodSync(sessionDir, 0o700);
    writeFileSync(join(sessionDir, 'token'), token, { mode: 0o600 });
    chownSync(join(sessionDir, 'token'), OWNER_UID, OWNER_GID);
    evidenceDir = mkdtempSync('/tmp/pa-secrets-evidence-');
    chownSync(evidenceDir, OWNER_UID, OWNER_GID);
    // A directory of our own is bind-mounted over /etc/ppp in the helper's mount namespace
    // only; the files written into it between requests are what the helper reads there.
    pppDir = mkdtempSync('/tmp/pa-secrets-ppp-');
    chmodSync(pppDir, 0o755);
    writeFileSync(join(pppDir, 'chap-secrets'), '', { mode: 0o600 });
    writeFileSync(join(pppDir, 'options.pptpd'), '', { mode: 0o644 });
    helper = spawn(
      'unshare',
      ['-m', '--propagation', 'private', '--', '/bin/sh', '-c', 'mount --bind "$0" /etc/ppp && exec "$@"', pppDir, process.execPath, build.files.helper!,
        '--socket-dir', sessionDir, '--token-file', join(sessionDir, 'token'), '--audit-log', join(evidenceDir, 'helper-audit.jsonl'), '--parent-pid', String(process.pid)],
      { env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', SUDO_UID: String(OWNER_UID), SUDO_GID: String(OWNER_GID) }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    helper.stdout!.on('data', (d: Buffer) => (helperOut += d.toString()));
    helper.stderr!.on('data', (d: Buffer) => (helperOut += d.toString()));
    const deadline = Date.now() + 15_000;
    while (!helperOut.includes(HELPER_READY_MARKER) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(helperOut).toContain(HELPER_READY_MARKER);
    client = await RawClient.open(join(sessionDir, 'helper.sock'));
    client.send({ type: 'hello', token, protocol: 1 });
    expect(await client.next((f) => f.type === 'welcome')).toMatchObject({ euid: 0 });
  });

  afterAll(() => {
    client?.destroy();
    if (helper && helper.exitCode === null) helper.kill('SIGTERM');
    for (const d of [build?.dir, sessionDir, evidenceDir, pppDir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('0 secret bytes in any reply for a corpus of chap-secrets and options files', async () => {
    const files = corpus(4242, FILES);
    const leaks: string[] = [];
    let planted = 0;
    for (const [i, file] of files.entries()) {
      planted += file.secrets.length;
      const target = file.kind === 'chap-secrets' ? 'chap-secrets' : 'options.pptpd';
      writeFileSync(join(pppDir, target), file.text);
      const request = file.kind === 'chap-secrets' ? { op: 'ppp.chapSecrets' } : { op: 'ppp.options', path: '/etc/ppp/options.pptpd' };
      const { reply, bytes } = await ask(request);
      expect(reply.result!.error, `file ${i}`).toBeUndefined();
      for (const s of leakedSecrets(bytes, file.secrets)) leaks.push(`file ${i}: ${JSON.stringify(s)}`);
      if (file.kind === 'chap-secrets') {
        const summary = JSON.parse(reply.result!.stdout) as { entries: Array<{ secretLength: number }> };
        expect(summary.entries.map((e) => e.secretLength), `file ${i}`).toEqual(file.secrets.map((s) => s.length));
      } else {
        expect(reply.result!.stdout).toContain('<redacted>');
      }
    }
    console.log(`[helper secrets e2e] ${files.length} files, ${planted} planted secrets, ${leaks.length} leaked`);
    expect(leaks.slice(0, 5)).toEqual([]);
  });

  it('refuses a chap-secrets hard-linked to a root-only file, and logs the refusal as refused', async () => {
    const shadowLike = join(pppDir, 'shadow-like');
    writeFileSync(shadowLike, 'root:$y$j9T$notARealHashButPrivate:19000:0:99999:7:::\n', { mode: 0o600 });
    unlinkSync(join(pppDir, 'chap-secrets'));
    linkSync(shadowLike, join(pppDir, 'chap-secrets'));
    const { reply, bytes } = await ask({ op: 'ppp.chapSecrets' });
    expect(reply.result!.error).toBe('/etc/ppp/chap-secrets has 2 hard links (a hard link can expose another file); refused');
    expect(bytes).not.toContain('notARealHash');
    const records = readFileSync(join(evidenceDir, 'helper-audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; op: string; error?: string });
    expect(records.at(-1)).toMatchObject({ event: 'refused', op: 'ppp.chapSecrets' });
  });
});
