import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureFollower } from '../../../../electron/collectors/capture/followCapture';
import type { WireLiveSnapshot } from '../../../../shared/ipc/channels/wire';
import { WireDecoder } from '../../../../shared/wire/wireDecoder';

const PCAP = new URL('../../../fixtures/lab/healthy/capture.pcap', import.meta.url);

describe('CaptureFollower (live analysis of a growing pcap)', () => {
  it('decodes a capture while it is written, and its final snapshot equals a one-shot decode', async () => {
    const bytes = readFileSync(PCAP);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'pa-follow-')), 'growing.pcap');
    writeFileSync(file, '');
    const snapshots: WireLiveSnapshot[] = [];
    const follower = new CaptureFollower(file, 'audit-1', (s) => snapshots.push(s), 20);
    follower.start();
    // Written as tcpdump -U would: in pieces, cutting records anywhere.
    const pieces = 12;
    for (let i = 0; i < pieces; i++) {
      appendFileSync(file, bytes.subarray(Math.floor((i * bytes.length) / pieces), Math.floor(((i + 1) * bytes.length) / pieces)));
      await new Promise((r) => setTimeout(r, 300));
    }
    follower.stop();

    const live = snapshots.filter((s) => !s.final);
    const final = snapshots.at(-1)!;
    expect(live.length).toBeGreaterThan(3);
    expect(final.final).toBe(true);
    expect(snapshots.map((s) => s.seq)).toEqual(snapshots.map((_, i) => i));
    expect(live.map((s) => s.report.packets)).toEqual([...live.map((s) => s.report.packets)].sort((a, b) => a - b));
    expect(live[0]!.report.packets).toBeLessThan(final.report.packets);

    const oneShot = new WireDecoder();
    oneShot.push(bytes);
    const expected = oneShot.finish();
    expect(final.bytesRead).toBe(bytes.length);
    expect(final.report.packets).toBe(expected.packets);
    expect(final.report.pptp.messages).toEqual(expected.pptp.messages);
    expect(final.report.gre.calls).toEqual(expected.gre.calls);
    expect(final.report.encryption.verdict).toBe('encrypted');
  });

  it('waits for a file that does not exist yet and sends nothing for it', () => {
    const snapshots: WireLiveSnapshot[] = [];
    const follower = new CaptureFollower('/nonexistent/pa/capture.pcap', 'audit-2', (s) => snapshots.push(s), 20);
    follower.start();
    follower.stop();
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.report.packets).toBe(0);
  });
});
