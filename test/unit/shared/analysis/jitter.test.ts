import { describe, expect, it } from 'vitest';
import { interarrivalJitter, latencyReport } from '../../../../shared/analysis/jitter';
import { parsePing } from '../../../../shared/parsers/ping';
import type { PingReply } from '../../../../shared/model/ping';
import { readFixture } from '../parsers/readFixture';

const reply = (seq: number, rttMs: number, duplicate = false): PingReply => ({
  kind: 'reply',
  seq,
  bytes: 64,
  from: '10.0.0.1',
  ttl: 64,
  rttMs,
  duplicate,
});

describe('RFC 3550 interarrival jitter', () => {
  it('follows J += (|D| - J)/16 over consecutive replies', () => {
    const points = interarrivalJitter([reply(1, 10), reply(2, 26), reply(3, 10)]);
    // D=16 -> J=1; D=16 -> J = 1 + 15/16
    expect(points.map((p) => p.jitterMs)).toEqual([0, 1, 1 + 15 / 16]);
  });

  it('is zero for constant RTT and ignores duplicates', () => {
    const points = interarrivalJitter([reply(1, 5), reply(1, 50, true), reply(2, 5), reply(3, 5)]);
    expect(points).toHaveLength(3);
    expect(points.at(-1)?.jitterMs).toBe(0);
  });
});

describe('latencyReport on real runs', () => {
  it('uses ping summary figures and computes jitter on a queueing (tbf) path', () => {
    const report = latencyReport(parsePing(readFixture('ping/tbf-jitter.txt')));
    expect(report).toMatchObject({
      transmitted: 30,
      received: 30,
      lost: 0,
      lossPercent: 0,
      duplicates: 0,
      source: 'summary',
      rtt: { minMs: 0.052, avgMs: 2.586, maxMs: 9.514, mdevMs: 3.582 },
    });
    expect(report.jitterMs).toBeGreaterThan(0.5);
    expect(report.meanDeltaMs).toBeGreaterThan(report.jitterMs ?? 0);
  });

  it('counts loss, duplicates and the reported path MTU', () => {
    expect(latencyReport(parsePing(readFixture('ping/loss-every-third.txt')))).toMatchObject({
      lost: 5,
      lossPercent: 33.3333,
    });
    expect(latencyReport(parsePing(readFixture('ping/duplicates-tee.txt'))).duplicates).toBe(5);
    expect(latencyReport(parsePing(readFixture('ping/frag-needed.txt'))).reportedPathMtu).toBe(
      1300,
    );
  });

  it('recomputes from replies when the summary is missing (ping killed)', () => {
    const text = readFixture('ping/loopback-v4.txt').split('\n').slice(0, 6).join('\n');
    const report = latencyReport(parsePing(text));
    expect(report.source).toBe('replies');
    expect(report.received).toBe(5);
    expect(report.rtt?.minMs).toBe(0.034);
    expect(report.rtt?.maxMs).toBe(0.057);
  });
});
