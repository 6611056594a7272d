import { chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureRegistry } from '../../../../electron/ops/capture';
import { sha256Hex } from '../../../../electron/ops/result';
import { runOperation } from '../../../../electron/ops/run';

const isRoot = process.getuid?.() === 0;

/** Opens and closes a few TCP connections to the PPTP control port on loopback. */
async function knock(times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    await new Promise<void>((resolve) => {
      const s = connect(1723, '127.0.0.1', () => s.end(Buffer.alloc(200, 7)));
      s.resume();
      s.on('close', () => resolve());
      s.on('error', () => resolve());
    });
  }
}

describe.skipIf(!isRoot)('capture.start / capture.stop (tcpdump on loopback)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pa-ops-capture-'));
  let listener: Server;
  beforeAll(async () => {
    listener = createServer((s) => {
      s.resume();
      s.end(Buffer.alloc(300, 9));
    });
    await new Promise<void>((r) => listener.listen(1723, '127.0.0.1', r));
  });
  afterAll(() => {
    listener.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands over a valid pcap by path with its SHA-256', async () => {
    const captures = new CaptureRegistry();
    const start = await runOperation({ op: 'capture.start', iface: 'lo', durationS: 60, maxBytes: 1024 * 1024, dir }, { captures });
    expect(start).toMatchObject({ exitCode: null, files: [expect.stringMatching(/capture-\d{8}T\d{6}Z-lo-[0-9a-f]{8}\.pcap$/)] });
    expect(start.error).toBeUndefined();
    await knock(3);
    const stop = await runOperation({ op: 'capture.stop', captureId: start.captureId! }, { captures });
    expect(stop).toMatchObject({ op: 'capture.stop', exitCode: 0, truncated: false });
    expect(stop.error).toBeUndefined();
    const file = readFileSync(stop.files![0]!);
    expect(file.readUInt32LE(0)).toBe(0xa1b2c3d4);
    expect(stop.outputSha256).toBe(sha256Hex(file));
    expect(stop.stderr).toMatch(/\d+ packets captured/);
    expect(statSync(stop.files![0]!).mode & 0o777).toBe(0o640);
    // Once stopped, the id is gone.
    expect((await runOperation({ op: 'capture.stop', captureId: start.captureId! }, { captures })).error).toMatch(/unknown capture id/);
  });

  it('ends by itself at the byte cap, on a record boundary', async () => {
    const captures = new CaptureRegistry();
    const cap = 64 * 1024;
    const start = await runOperation({ op: 'capture.start', iface: 'lo', durationS: 60, maxBytes: cap, dir }, { captures });
    // Knock until the capture ends by itself at the cap (bounded).
    for (let i = 0; i < 200 && captures.runningCount() > 0; i++) await knock(5);
    expect(captures.runningCount()).toBe(0);
    const stop = await runOperation({ op: 'capture.stop', captureId: start.captureId! }, { captures });
    expect(stop.truncated).toBe(true);
    const file = readFileSync(stop.files![0]!);
    expect(file.length).toBeLessThanOrEqual(cap);
    let p = 24;
    while (p < file.length) p += 16 + file.readUInt32LE(p + 8);
    expect(p).toBe(file.length);
  });

  it('ends by itself after its duration', async () => {
    const captures = new CaptureRegistry();
    const start = await runOperation({ op: 'capture.start', iface: 'lo', durationS: 1, maxBytes: 65536, dir }, { captures });
    await new Promise((r) => setTimeout(r, 1600));
    expect(captures.runningCount()).toBe(0);
    const stop = await runOperation({ op: 'capture.stop', captureId: start.captureId! }, { captures });
    expect(stop.exitCode).toBe(0);
    expect(stop.error).toBeUndefined();
  });

  it('reports tcpdump refusing a missing interface', async () => {
    const r = await runOperation({ op: 'capture.start', iface: 'pa-ops-none', durationS: 5, maxBytes: 65536, dir }, { captures: new CaptureRegistry() });
    expect(r.error).toMatch(/^tcpdump exited with status 1: tcpdump: pa-ops-none: .*(No such device|doesn't exist)/i);
  });

  it('refuses a directory that is a symlink, missing, or not the auditor\'s', async () => {
    const link = join(dir, 'link');
    symlinkSync('/etc', link);
    const owned = mkdtempSync(join(tmpdir(), 'pa-ops-capture-other-'));
    chownSync(owned, 65534, 65534);
    const captures = new CaptureRegistry({ uid: 1234, gid: 1234 });
    const ask = (d: string) => runOperation({ op: 'capture.start', iface: 'lo', durationS: 1, maxBytes: 65536, dir: d }, { captures });
    expect((await ask(link)).error).toBe(`capture directory ${link} is a symbolic link; refused`);
    expect((await ask(join(dir, 'missing'))).error).toBe(`capture directory ${join(dir, 'missing')} does not exist`);
    expect((await ask(owned)).error).toBe(`capture directory ${owned} must belong to the auditor (uid 1234), not uid 65534`);
    rmSync(owned, { recursive: true, force: true });
  });

  it('refuses a Windows folder name (admitted by the catalogue for a laptop\'s remote capture) before touching the disk', async () => {
    // On Linux "C:\x" is a relative name: without the check, a folder of that name in the working
    // folder would receive the capture.
    const decoy = join(process.cwd(), `C:\\pa-capture-decoy-${process.pid}`);
    mkdirSync(decoy);
    try {
      const result = await runOperation({ op: 'capture.start', iface: 'lo', durationS: 1, maxBytes: 65536, dir: `C:\\pa-capture-decoy-${process.pid}` });
      expect(result.error).toBe(`capture directory C:\\pa-capture-decoy-${process.pid} is not an absolute path of this machine`);
      expect(readdirSync(decoy)).toEqual([]);
    } finally {
      rmSync(decoy, { recursive: true, force: true });
    }
  });
});
