import { describe, it, expect } from 'vitest';
import { iface, interfaces, latency, throughput, wire } from './facts.fixture';
import { detailOf, findingsOf, one, statusOf } from './helpers.fixture';
import { JITTER_WARN_MS, LATENCY_AVG_WARN_MS, LOSS_WARN_PERCENT } from '../../../../shared/findings';

describe('rule throughput-ceiling', () => {
  it('fires when the tunnel saturates its carrier', () => {
    const [f] = findingsOf(one('throughput-ceiling', { throughput: throughput({}, 85) }), 'throughput-ceiling');
    expect(f).toMatchObject({ id: 'throughput-ceiling:saturation', severity: 'medium' });
    expect(f?.evidence[0]?.excerpt).toContain('link 100 Mbit/s (sysfs)');
  });

  it('fires at the PPTP single-thread ceiling on a gigabit link', () => {
    const [f] = findingsOf(one('throughput-ceiling', { throughput: throughput({ linkSpeedMbps: 1000 }, 96) }), 'throughput-ceiling');
    expect(f?.id).toBe('throughput-ceiling:pptp-ceiling');
  });

  it('does not fire at low utilisation', () => {
    expect(statusOf(one('throughput-ceiling', { throughput: throughput({ linkSpeedMbps: 1000 }, 20) }), 'throughput-ceiling')).toBe('clear');
  });

  it('is not evaluated with an unknown link and low peak, or without valid rates', () => {
    const r = one('throughput-ceiling', { throughput: throughput({ linkSpeedMbps: null, linkSpeedSource: null }, 20) });
    expect(statusOf(r, 'throughput-ceiling')).toBe('not-evaluated');
    expect(detailOf(r, 'throughput-ceiling')).toMatch(/link capacity is unknown/);
    const t = throughput();
    t.stats = { ...t.stats, measuredSeconds: 0, rx: { ...t.stats.rx, maxBps: null }, tx: { ...t.stats.tx, maxBps: null } };
    expect(statusOf(one('throughput-ceiling', { throughput: t }), 'throughput-ceiling')).toBe('not-evaluated');
  });
});

describe('rules latency-high, jitter-high, loss-high', () => {
  it('fire over their named thresholds and not under them', () => {
    expect(statusOf(one('latency-high', { latency: latency() }), 'latency-high')).toBe('clear');
    const slow = latency({ rtt: { minMs: 90, avgMs: LATENCY_AVG_WARN_MS + 20, maxMs: 200, mdevMs: 10 } });
    expect(findingsOf(one('latency-high', { latency: slow }), 'latency-high')[0]?.severity).toBe('medium');
    const verySlow = latency({ rtt: { minMs: 300, avgMs: 450, maxMs: 600, mdevMs: 10 } });
    expect(findingsOf(one('latency-high', { latency: verySlow }), 'latency-high')[0]?.severity).toBe('high');

    expect(statusOf(one('jitter-high', { latency: latency() }), 'jitter-high')).toBe('clear');
    expect(findingsOf(one('jitter-high', { latency: latency({ jitterMs: JITTER_WARN_MS + 5 }) }), 'jitter-high')[0]?.summary).toContain('RFC 3550 jitter');
    // Falls back to mdev when jitter could not be computed.
    expect(findingsOf(one('jitter-high', { latency: latency({ jitterMs: null, rtt: { minMs: 10, avgMs: 60, maxMs: 200, mdevMs: 45 } }) }), 'jitter-high')[0]?.summary).toContain('RTT mdev');

    expect(statusOf(one('loss-high', { latency: latency({ lossPercent: LOSS_WARN_PERCENT }) }), 'loss-high')).toBe('clear');
    const lossy = latency({ lossPercent: 12, received: 88, lost: 12 });
    const [f] = findingsOf(one('loss-high', { latency: lossy }), 'loss-high');
    expect(f?.severity).toBe('high');
    expect(f?.evidence[0]?.excerpt).toContain('100 transmitted, 88 received, 12% loss');
  });

  it('treat a dead tunnel as 100% loss and latency as not evaluated', () => {
    const dead = latency({ received: 0, lost: 100, lossPercent: 100, rtt: null, jitterMs: null });
    expect(findingsOf(one('loss-high', { latency: dead }), 'loss-high')[0]?.title).toBe('No echo reply across the tunnel');
    expect(statusOf(one('latency-high', { latency: dead }), 'latency-high')).toBe('not-evaluated');
    expect(statusOf(one('jitter-high', { latency: dead }), 'jitter-high')).toBe('not-evaluated');
  });

  it('are not evaluated without ping statistics', () => {
    for (const id of ['latency-high', 'jitter-high', 'loss-high']) expect(statusOf(one(id, {}), id)).toBe('not-evaluated');
  });
});

describe('rule gre-sequence-loss', () => {
  it('fires per call direction over the loss threshold', () => {
    const w = wire();
    w.gre.calls = [{ callId: 4, src: '198.51.100.1', dst: '192.0.2.10', packets: 1000, lost: 30, reordered: 0, duplicates: 0, firstPacket: 10 }];
    const [f] = findingsOf(one('gre-sequence-loss', { wire: w }), 'gre-sequence-loss');
    expect(f).toMatchObject({ id: 'gre-sequence-loss:loss:call-4:198.51.100.1>192.0.2.10', severity: 'high' });
    expect(f?.evidence[0]).toMatchObject({ packet: 10 });
  });

  it('flags reordering as low', () => {
    const w = wire();
    w.gre.calls = [{ callId: 4, src: 'a', dst: 'b', packets: 1000, lost: 0, reordered: 30, duplicates: 0 }];
    expect(findingsOf(one('gre-sequence-loss', { wire: w }), 'gre-sequence-loss')[0]?.severity).toBe('low');
  });

  it('does not fire under the threshold and is not evaluated on tiny flows', () => {
    expect(statusOf(one('gre-sequence-loss', { wire: wire() }), 'gre-sequence-loss')).toBe('clear');
    const w = wire();
    w.gre.calls = [{ callId: 4, src: 'a', dst: 'b', packets: 3, lost: 1, reordered: 0, duplicates: 0 }];
    expect(statusOf(one('gre-sequence-loss', { wire: w }), 'gre-sequence-loss')).toBe('not-evaluated');
  });
});

describe('rule txqueuelen-bufferbloat', () => {
  it('fires low on a long queue on a high-latency link', () => {
    const i = interfaces();
    i.interfaces[0] = iface({ txqueuelen: 1000 });
    const r = one('txqueuelen-bufferbloat', { interfaces: i, latency: latency({ rtt: { minMs: 140, avgMs: 150, maxMs: 170, mdevMs: 5 } }) });
    const [f] = findingsOf(r, 'txqueuelen-bufferbloat');
    expect(f).toMatchObject({ severity: 'low', title: 'txqueuelen 1000 on a high-latency link' });
    expect(f?.remediation).toContain('ip link set dev ppp0 txqueuelen 100');
  });

  it('fires medium on an RTT spread that points at a standing queue', () => {
    const r = one('txqueuelen-bufferbloat', { latency: latency({ rtt: { minMs: 30, avgMs: 120, maxMs: 400, mdevMs: 80 } }) });
    expect(findingsOf(r, 'txqueuelen-bufferbloat')[0]?.severity).toBe('medium');
  });

  it('does not fire on a short queue or a low-latency link', () => {
    const i = interfaces();
    i.interfaces[0] = iface({ txqueuelen: 1000 });
    expect(statusOf(one('txqueuelen-bufferbloat', { interfaces: i, latency: latency() }), 'txqueuelen-bufferbloat')).toBe('clear');
    expect(statusOf(one('txqueuelen-bufferbloat', { interfaces: interfaces() }), 'txqueuelen-bufferbloat')).toBe('not-evaluated');
  });
});
