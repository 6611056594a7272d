import { describe, expect, it } from 'vitest';
import type { WireLiveSnapshot } from '../../../../shared/ipc/channels/wire';
import { LiveWireAnalysis } from '../../../../shared/wire/liveAnalysis';
import { decode, LAB_HEALTHY, readCapture } from './helpers';

describe('live analysis of a growing capture', () => {
  it('snapshots grow with the file, are throttled and stamped, and end equal to the whole-file report', () => {
    const bytes = readCapture(LAB_HEALTHY);
    const whole = decode(bytes);
    const live = new LiveWireAnalysis('s1', 'capture.pcap', 100);
    const snapshots: WireLiveSnapshot[] = [];
    // tcpdump -U flushes whole packets, but a reader can still catch a half-written record.
    for (let pos = 0, now = 0; pos < bytes.length; pos += 997, now += 40) {
      const snap = live.push(bytes.subarray(pos, pos + 997), now);
      if (snap) snapshots.push(snap);
    }
    const last = live.finish();
    expect(snapshots.length).toBeGreaterThan(5);
    expect(snapshots.length).toBeLessThan(Math.ceil(bytes.length / 997)); // throttled
    snapshots.forEach((s, i) => {
      expect(s.seq).toBe(i);
      expect(s.final).toBe(false);
      expect(s.report.status.damage).toBeNull(); // a record still being written is not damage
      if (i > 0)
        expect(s.report.packets).toBeGreaterThanOrEqual(
          (snapshots[i - 1] as WireLiveSnapshot).report.packets,
        );
    });
    expect(last.final).toBe(true);
    expect(last.seq).toBe(snapshots.length);
    expect(last.bytesRead).toBe(bytes.length);
    expect(JSON.stringify(last.report)).toBe(JSON.stringify(whole));
  });

  it('says when the bytes are not a capture so the follower can stop', () => {
    const live = new LiveWireAnalysis('s2', 'x', 0);
    live.push(new TextEncoder().encode('this is not a pcap at all'), 0);
    expect(live.broken).toBe(true);
    expect(live.finish().report.status.damage?.kind).toBe('not-a-capture');
  });
});
