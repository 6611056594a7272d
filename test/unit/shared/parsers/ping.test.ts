import { describe, expect, it } from 'vitest';
import { parsePing } from '../../../../shared/parsers/ping';
import type { PingReply } from '../../../../shared/model/ping';
import { readFixture } from './readFixture';

const replies = (text: string) =>
  parsePing(text).events.filter((e): e is PingReply => e.kind === 'reply');

describe('parsePing on real iputils 20221126 output', () => {
  it('reads header, replies and summary of a clean IPv4 run', () => {
    const run = parsePing(readFixture('ping/loopback-v4-s1400.txt'));
    expect(run).toMatchObject({
      target: '127.0.0.1',
      address: '127.0.0.1',
      family: 'inet',
      payloadBytes: 1400,
    });
    expect(run.events).toHaveLength(10);
    expect(run.events[0]).toEqual({
      kind: 'reply',
      seq: 1,
      bytes: 1408,
      from: '127.0.0.1',
      ttl: 64,
      rttMs: 0.018,
      duplicate: false,
    });
    expect(run.summary).toEqual({
      transmitted: 10,
      received: 10,
      duplicates: 0,
      errors: 0,
      lossPercent: 0,
      timeMs: 1833,
      rtt: { minMs: 0.018, avgMs: 0.04, maxMs: 0.046, mdevMs: 0.007 },
    });
    expect(run.unparsed).toEqual([]);
  });

  it('reads the IPv6 header form "PING ::1(::1) 1400 data bytes"', () => {
    const run = parsePing(readFixture('ping/loopback-v6-s1400.txt'));
    expect(run).toMatchObject({
      target: '::1',
      address: '::1',
      family: 'inet6',
      payloadBytes: 1400,
    });
    expect(replies(readFixture('ping/loopback-v6-s1400.txt')).map((r) => r.from)).toEqual(
      Array(10).fill('::1'),
    );
    expect(run.summary?.rtt?.maxMs).toBe(0.051);
  });

  it('marks (DUP!) replies and reads "+N duplicates"', () => {
    const run = parsePing(readFixture('ping/duplicates-tee.txt'));
    const r = replies(readFixture('ping/duplicates-tee.txt'));
    expect(r).toHaveLength(11);
    expect(r.filter((x) => x.duplicate).map((x) => x.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(run.summary).toMatchObject({
      transmitted: 6,
      received: 6,
      duplicates: 5,
      errors: 0,
      lossPercent: 0,
    });
  });

  it('reads verbose lines with ident= and keeps ping diagnostics as warnings', () => {
    const run = parsePing(readFixture('ping/duplicates-broadcast-verbose.txt'));
    expect(run.events.filter((e) => e.kind === 'reply' && e.duplicate)).toHaveLength(3);
    expect(run.warnings.some((w) => w.startsWith('WARNING: pinging broadcast'))).toBe(true);
    expect(run.warnings.some((w) => w.startsWith('ping: sock4.fd'))).toBe(true);
  });

  it('reads "Frag needed and DF set (mtu = N)" and local "message too long, mtu=N"', () => {
    const run = parsePing(readFixture('ping/frag-needed.txt'));
    expect(run.events[0]).toEqual({
      kind: 'icmp-error',
      seq: 1,
      from: '10.77.1.1',
      reason: 'Frag needed and DF set (mtu = 1300)',
      mtu: 1300,
    });
    expect(run.events.slice(1)).toEqual(
      Array(5).fill({
        kind: 'local-error',
        message: 'local error: message too long, mtu=1300',
        mtu: 1300,
      }),
    );
    expect(run.summary).toMatchObject({
      transmitted: 6,
      received: 0,
      errors: 6,
      lossPercent: 100,
      rtt: null,
    });
  });

  it('reads Destination Host Unreachable and "+N errors" without an rtt line', () => {
    const run = parsePing(readFixture('ping/host-unreachable.txt'));
    expect(run.events).toHaveLength(8);
    expect(
      run.events.every(
        (e) => e.kind === 'icmp-error' && e.reason === 'Destination Host Unreachable',
      ),
    ).toBe(true);
    expect(run.summary).toMatchObject({
      transmitted: 8,
      received: 0,
      errors: 8,
      lossPercent: 100,
      rtt: null,
    });
    expect(run.unparsed).toEqual([]);
  });

  it('reads fractional loss and "no answer yet" lines (ping -O)', () => {
    expect(parsePing(readFixture('ping/loss-every-third.txt')).summary?.lossPercent).toBe(33.3333);
    const run = parsePing(readFixture('ping/loss-report-outstanding.txt'));
    expect(
      run.events.filter((e) => e.kind === 'no-answer').map((e) => ('seq' in e ? e.seq : 0)),
    ).toEqual([1, 4, 7]);
  });

  it('reads a mixed run: one Frag needed error then replies ("+1 errors, 5% loss")', () => {
    const run = parsePing(readFixture('ping/audit-default-mtu1300-path.txt'));
    expect(run.events[0]?.kind).toBe('icmp-error');
    expect(replies(readFixture('ping/audit-default-mtu1300-path.txt'))).toHaveLength(19);
    expect(run.summary).toMatchObject({ transmitted: 20, received: 19, errors: 1, lossPercent: 5 });
  });

  it('reads a run with 100% loss and no rtt line (oversized -s 70000)', () => {
    const run = parsePing(readFixture('ping/loopback-s70000-error.txt'));
    expect(run.payloadBytes).toBe(70000);
    expect(run.events).toEqual([]);
    expect(run.summary).toMatchObject({ transmitted: 3, received: 0, lossPercent: 100, rtt: null });
  });

  it('survives truncated and hostile input without throwing', () => {
    const full = readFixture('ping/loopback-v4.txt');
    const cut = parsePing(full.slice(0, 200));
    expect(cut.summary).toBeNull();
    expect(cut.events.length).toBeGreaterThan(0);
    const junk = parsePing('\u0000\u0001 rm -rf / ; 64 bytes from x: icmp_seq=NaN\n'.repeat(3));
    expect(junk.events).toEqual([]);
    expect(junk.unparsed).toHaveLength(3);
    expect(parsePing('').summary).toBeNull();
  });
});

describe('parsePing on pings through the real PPTP tunnel of the lab (ppp0 mtu 1496)', () => {
  it('ping -s 1400 across the tunnel', () => {
    const run = parsePing(readFixture('lab/healthy/ping-1400.txt'));
    expect(run).toMatchObject({ target: '192.168.47.1', payloadBytes: 1400 });
    expect(run.events).toHaveLength(20);
    expect(run.summary).toMatchObject({
      transmitted: 20,
      received: 20,
      rtt: { minMs: 0.531, maxMs: 1.308 },
    });
  });

  it('ping -M do -s 1472 fails locally with the ppp0 MTU', () => {
    const run = parsePing(readFixture('lab/healthy/ping-df-1472.txt'));
    expect(run.events).toEqual(
      Array(3).fill({
        kind: 'local-error',
        message: 'local error: message too long, mtu=1496',
        mtu: 1496,
      }),
    );
    expect(run.summary).toMatchObject({ received: 0, errors: 3, lossPercent: 100 });
  });
});
