import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Backend } from '../../../electron/backend/backend';
import { startLoopbackServer, type RunningLoopbackServer } from '../../../electron/server/loopbackServer';
import type { AuditView } from '../../../shared/ipc/channels/audit';
import type { TerminalOpened } from '../../../shared/ipc/channels/terminal';
import type { Envelope } from '../../../shared/ipc/define';
import { isRoot } from '../../lab/host/netns';

/**
 * The audit terminal attacked over the real loopback server by a second client (another tab,
 * another local program holding the token): it may neither take the terminal over, nor drive
 * it, nor read it. And what the owner types at a real no-echo prompt of the real pty (`read -s`,
 * sudo's password prompt) never reaches the transcript file in the evidence bundle.
 */

interface Frame {
  kind: string;
  id?: number;
  envelope?: Envelope<unknown>;
  channel?: string;
  payload?: { terminalId?: string; data?: string };
}

interface Client {
  frames: Frame[];
  call<T>(channel: string, payload: unknown): Promise<Envelope<T>>;
  /** Everything pushed to this client as terminal output, joined. */
  screen(): string;
  /** Resolves once the terminal output holds `text`; the suite's timeout bounds a miss. */
  shows(text: string | RegExp): Promise<void>;
}

let nextId = 1;
async function connectClient(server: RunningLoopbackServer, sockets: WebSocket[]): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/${server.token}/ws`, { origin: `http://127.0.0.1:${server.port}` });
  sockets.push(ws);
  const frames: Frame[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as Frame);
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const until = async (test: () => boolean) => {
    while (!test()) await new Promise<void>((wake) => waiters.push(wake));
  };
  const screen = () =>
    frames
      .filter((f) => f.kind === 'push' && f.channel === 'terminal.output')
      .map((f) => f.payload?.data ?? '')
      .join('');
  return {
    frames,
    screen,
    async call<T>(channel: string, payload: unknown) {
      const id = nextId++;
      ws.send(JSON.stringify({ id, channel, payload }));
      await until(() => frames.some((f) => f.kind === 'reply' && f.id === id));
      return frames.find((f) => f.kind === 'reply' && f.id === id)!.envelope as Envelope<T>;
    },
    shows: (text) => until(() => (typeof text === 'string' ? screen().includes(text) : text.test(screen()))),
  };
}

function valueOf<T>(envelope: Envelope<T>): T {
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value;
}

describe('the audit terminal against a second client and at password prompts', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'pa-term-sec-'));
  const rendererRoot = path.join(root, 'renderer');
  const backend = new Backend(() => undefined, { auditsRoot: path.join(root, 'audits') });
  const sockets: WebSocket[] = [];
  let server: RunningLoopbackServer;
  let owner: Client;
  let intruder: Client;
  let audit: AuditView;
  let opened: TerminalOpened;
  const transcriptText = () => readFileSync(path.join(audit.dir, opened.transcript), 'utf8');
  /** Types like xterm.js does: one write per key. */
  const typeKeys = async (text: string) => {
    for (const key of text) valueOf(await owner.call('terminal.write', { terminalId: opened.terminalId, data: key }));
  };

  beforeAll(async () => {
    mkdirSync(rendererRoot);
    writeFileSync(path.join(rendererRoot, 'index.html'), '<!doctype html><title>x</title>');
    server = await startLoopbackServer({ backend, rendererRoot, log: () => {} });
    owner = await connectClient(server, sockets);
    intruder = await connectClient(server, sockets);
    audit = valueOf(
      await owner.call<AuditView>('audit.start', {
        identity: { site: 'Terminal isolation', asset: 'GW', auditor: 'T' },
        target: { iface: 'lo', carrier: 'lo', remoteIp: '127.0.0.1' },
      }),
    );
    opened = valueOf(await owner.call<TerminalOpened>('terminal.open', { auditId: audit.auditId, cols: 100, rows: 30 }));
    await owner.shows('[audit terminal]');
  });

  afterAll(async () => {
    for (const ws of sockets) ws.terminate();
    await server?.close();
    backend.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('refuses a second client that tries to take the terminal over, type into it, resize or close it', async () => {
    const takeOver = await intruder.call('terminal.open', { auditId: audit.auditId, cols: 80, rows: 24 });
    expect(takeOver).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/open in another window/) } });
    const write = await intruder.call('terminal.write', { terminalId: opened.terminalId, data: 'echo intruder-$((6*7))\r' });
    expect(write).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const resize = await intruder.call('terminal.resize', { terminalId: opened.terminalId, cols: 50, rows: 10 });
    expect(resize).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const close = await intruder.call('terminal.close', { terminalId: opened.terminalId });
    expect(close).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // The owner's terminal is untouched: same shell, still answering, never ran the intruder's line.
    valueOf(await owner.call('terminal.write', { terminalId: opened.terminalId, data: 'echo owner-$((6*7))\r' }));
    await owner.shows('owner-42');
    expect(owner.screen()).not.toContain('intruder-42');
    expect(transcriptText()).not.toContain('intruder');
  });

  it('pushes nothing of the terminal to the second client', () => {
    const seen = intruder.frames.filter((f) => f.kind === 'push' && String(f.channel).startsWith('terminal.'));
    expect(seen).toEqual([]);
    expect(JSON.stringify(intruder.frames)).not.toContain('owner-42');
  });

  it('keeps a secret typed at a `read -s` prompt out of the transcript, as [hidden input, N characters]', async () => {
    const secret = `s3cr3t-${randomBytes(8).toString('hex')}`;
    await typeKeys("read -rs -p 'Secret: ' PA_SECRET\r");
    // The prompt itself, at the start of a line (the echoed command holds the word too).
    await owner.shows(/\rSecret: /);
    await typeKeys(`${secret}\r`);
    // The shell did get it: its digest (typed visibly, the secret's text never is) matches.
    await typeKeys('printf %s "$PA_SECRET" | sha256sum\r');
    await owner.shows(createHash('sha256').update(secret).digest('hex'));

    const text = transcriptText();
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice(7));
    const records = text.trim().split('\n').map((l) => JSON.parse(l) as { dir: string; data: string; hidden?: number; hiddenInput?: string });
    expect(records[0]).toMatchObject({ dir: 'meta', event: 'opened', hiddenInput: 'counted-not-kept' });
    expect(records[0]!.data).toMatch(/does not echo it.*\[hidden input, N characters\]/);
    expect(records).toContainEqual(expect.objectContaining({ dir: 'line', data: `[hidden input, ${secret.length} characters]` }));
    expect(records.filter((r) => r.dir === 'in' && r.hidden !== undefined)).toHaveLength(secret.length + 1);
    // Typing at the shell's own prompt is kept as typed.
    expect(records).toContainEqual(expect.objectContaining({ dir: 'line', data: "read -rs -p 'Secret: ' PA_SECRET", approximate: false }));
  });

  it('keeps a password pasted at sudo -S\'s prompt out of the transcript', async (context) => {
    // As root sudo asks nothing: ask it for another user, which makes it prompt for real.
    if (!isRoot() || !existsSync('/usr/bin/sudo') || !existsSync('/usr/sbin/runuser')) return context.skip();
    const password = `hunter2-${randomBytes(8).toString('hex')}`;
    await typeKeys('runuser -u nobody -- sudo -k -S -p "pa-sudo-prompt: " true\r');
    // sudo's own prompt at the start of a line (not the echoed command), then its second try.
    await owner.shows(/\rpa-sudo-prompt: /);
    valueOf(await owner.call('terminal.write', { terminalId: opened.terminalId, data: `${password}\r` }));
    await owner.shows(/\rpa-sudo-prompt: [^]*Sorry, try again\.\r\npa-sudo-prompt: /);
    valueOf(await owner.call('terminal.write', { terminalId: opened.terminalId, data: '\x03' }));
    await owner.shows(/Sorry, try again\.\r\npa-sudo-prompt: [^]*\[audit terminal\]/);

    const text = transcriptText();
    expect(text).not.toContain(password);
    expect(text).not.toContain(password.slice(8));
    expect(text).toContain(`[hidden input, ${password.length + 1} characters]`);
    expect(owner.screen()).not.toContain(password);
  });
});
