import { cpSync, linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Backend } from '../../../../electron/backend/backend';
import { readEvidencePage } from '../../../../electron/evidence/evidencePage';
import { EVIDENCE_PAGE_BYTES } from '../../../../shared/ipc/channels/evidence';
import { tempDir } from './tmp.fixture';

const GOLDEN = join(__dirname, '../../../fixtures/evidence/golden-lo');
/** A real tcpdump capture of a PPTP control exchange on lo (test/fixtures/ops). */
const PCAP = join(__dirname, '../../../fixtures/ops/pptp-control-lo.pcap');

function bundle(): string {
  const dir = join(tempDir(), 'bundle');
  cpSync(GOLDEN, dir, { recursive: true });
  mkdirSync(join(dir, 'captures'));
  cpSync(PCAP, join(dir, 'captures/control.pcap'));
  return dir;
}

async function read(dir: string, request: Record<string, unknown>) {
  const backend = new Backend(() => {});
  const auditId = backend.audits.register(dir);
  try {
    return await backend.dispatch('evidence.read', { auditId, ...request }, { binding: 'loopback', clientId: 'test' });
  } finally {
    backend.dispose();
  }
}

describe('evidence.read (the viewer’s channel)', () => {
  it('serves a text file with its first line number, whole', async () => {
    const dir = bundle();
    const answer = await read(dir, { file: 'outputs/0003-ping.run.stdout' });
    expect(answer.ok).toBe(true);
    const page = (answer as { value: { kind: string; text: string; firstLine: number; nextOffset: number | null } }).value;
    expect(page.kind).toBe('text');
    expect(page.firstLine).toBe(1);
    expect(page.nextOffset).toBeNull();
    expect(page.text).toBe(readFileSync(join(dir, 'outputs/0003-ping.run.stdout'), 'utf8'));
  });

  it('shows a capture as the decoded summary, not bytes', () => {
    const page = readEvidencePage(bundle(), 'captures/control.pcap');
    expect(page.kind).toBe('pcap');
    expect(page.text).toMatch(/^Capture captures\/control\.pcap: pcap/);
    expect(page.text).toContain('PPTP control (TCP 1723)');
  });

  it('pages a big file in whole lines, with the line numbers carried on', () => {
    const dir = bundle();
    const line = 'x'.repeat(99);
    const lines = Math.ceil((EVIDENCE_PAGE_BYTES * 2.5) / 100);
    writeFileSync(join(dir, 'outputs/big.log'), Array.from({ length: lines }, (_, i) => `${i + 1} ${line}`.slice(0, 99)).join('\n') + '\n');
    let offset: number | null = 0;
    let seen = 0;
    let pages = 0;
    while (offset !== null) {
      const page = readEvidencePage(dir, 'outputs/big.log', offset);
      expect(page.text!.length).toBeLessThanOrEqual(EVIDENCE_PAGE_BYTES);
      expect(page.firstLine).toBe(seen + 1);
      expect(page.text!.startsWith(`${seen + 1} `)).toBe(true);
      seen += page.text!.split('\n').length - 1;
      offset = page.nextOffset;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toBe(lines);
  });

  it('says a file is empty', () => {
    const dir = bundle();
    writeFileSync(join(dir, 'outputs/empty.stdout'), '');
    expect(readEvidencePage(dir, 'outputs/empty.stdout').kind).toBe('empty');
  });

  it.each([
    ['an absolute path', '/etc/passwd'],
    ['a climb out of the bundle', '../../../../etc/passwd'],
    ['a climb hidden in the middle', 'outputs/../../../etc/passwd'],
    ['a NUL byte', 'outputs/0003-ping.run.stdout\0'],
  ])('refuses %s, in one line, without reading it', async (_what, file) => {
    const answer = await read(bundle(), { file });
    expect(answer.ok).toBe(false);
    const message = (answer as { error: { message: string } }).error.message;
    expect(message).toMatch(/refused .* in the evidence bundle: is not a plain path inside the bundle/);
    expect(message).not.toContain('root:');
    expect(message.split('\n')).toHaveLength(1);
  });

  it('refuses a symbolic link and a hard link to a file outside the bundle', async () => {
    const dir = bundle();
    symlinkSync('/etc/passwd', join(dir, 'outputs/passwd.stdout'));
    const outside = join(tempDir(), 'secret');
    writeFileSync(outside, 'root-only secret\n');
    linkSync(outside, join(dir, 'outputs/secret.stdout'));
    for (const file of ['outputs/passwd.stdout', 'outputs/secret.stdout']) {
      const answer = await read(dir, { file });
      expect(answer.ok).toBe(false);
      const message = (answer as { error: { message: string } }).error.message;
      expect(message).toMatch(/refused/);
      expect(message).not.toMatch(/root|secret\n/);
    }
  });

  it('refuses an audit id the backend never opened', async () => {
    const backend = new Backend(() => {});
    const answer = await backend.dispatch('evidence.read', { auditId: 'nope', file: 'audit.json' }, { binding: 'loopback', clientId: 'test' });
    backend.dispose();
    expect(answer).toMatchObject({ ok: false, error: { message: 'no open audit with id nope' } });
  });
});
