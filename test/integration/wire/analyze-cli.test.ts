import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const HEALTHY = 'test/fixtures/lab/healthy/capture.pcap';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('pptp-auditor analyze', () => {
  it('--json prints one object with the documented fields', () => {
    const r = cli('analyze', HEALTHY, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(typeof j.packets).toBe('number');
    for (const name of [
      'SCCRQ',
      'SCCRP',
      'StopCCRQ',
      'StopCCRP',
      'ECHORQ',
      'ECHORP',
      'OCRQ',
      'OCRP',
      'ICRQ',
      'ICRP',
      'ICCN',
      'CCRQ',
      'CDN',
      'WEN',
      'SLI',
    ]) {
      expect(typeof j.pptp.messages[name]).toBe('number');
    }
    expect(j.gre.packets).toBeGreaterThan(0);
    expect(typeof j.gre.bytes).toBe('number');
    for (const c of j.gre.calls)
      for (const k of ['callId', 'packets', 'bytes', 'lost', 'reordered', 'duplicates'])
        expect(typeof c[k]).toBe('number');
    expect(Object.keys(j.ppp.protocols).every((k) => /^0x[0-9a-f]{4}$/.test(k))).toBe(true);
    expect(j.ppp.protocols['0xc021']).toBeGreaterThan(0);
    expect(j.encryption).toMatchObject({ verdict: 'encrypted', cleartextFrames: 0 });
    expect(j.auth).toMatchObject({ protocol: 'MS-CHAPv2', mschapv2Handshake: true });
    expect(j.mppe).toMatchObject({ bits: [128], stateless: true });
    expect(typeof j.overhead.payloadBytes).toBe('number');
    expect(typeof j.overhead.overheadBytes).toBe('number');
    expect(typeof j.overhead.ratio).toBe('number');
    expect(j.blockage).toBe(false);
  });

  it('prints a human summary by default', () => {
    const r = cli('analyze', HEALTHY);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Capture .*healthy\/capture\.pcap: pcap, 124 packets/);
    expect(r.stdout).toMatch(/Encryption: ENCRYPTED/);
    expect(r.stdout).toMatch(/user "labuser" via MS-CHAPv2/);
  });

  it('a file that is not a capture: one clear line, exit 2', () => {
    const r = cli('analyze', 'test/fixtures/lab/healthy/syslog.txt', '--json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(/^pptp-auditor: .*syslog\.txt: not a packet capture/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a missing file: exit 2', () => {
    const r = cli('analyze', 'no/such/file.pcap');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot open "no\/such\/file\.pcap": no such file/);
  });

  it('a truncated capture: the results up to the damage, and a warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-wire-'));
    const cut = join(dir, 'cut.pcap');
    const bytes = readFileSync(HEALTHY);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const r = cli('analyze', cut, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.packets).toBeGreaterThan(10);
    expect(j.packets).toBeLessThan(124);
    expect(j.status.damage.kind).toBe('truncated');
    expect(r.stderr).toMatch(/warning: capture truncated/);
  });
});
