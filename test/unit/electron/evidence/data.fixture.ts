import type { BundleOptions } from '../../../../electron/evidence';
import type { ThroughputSample } from '../../../../shared/model/throughput';

/** Deterministic options: no version probing, no timer (tests flush explicitly). */
export function quietOptions(over: BundleOptions = {}): BundleOptions {
  return {
    tools: { tcpdump: 'tcpdump version 4.99.3', ip: 'ip utility, iproute2-6.1.0' },
    host: { hostname: 'auditor-01', kernel: '6.1.0-test', os: 'Debian GNU/Linux 12 (bookworm)', osRelease: { ID: 'debian' }, machineId: null },
    flushIntervalMs: 0,
    ...over,
  };
}

export const identity = { site: 'Waterworks North', asset: 'RTU-17 uplink', auditor: 'A. Auditor' };
export const target = { iface: 'ppp0', carrier: 'eth0', remoteIp: '10.8.0.1' };

export function pingOutcome(over: Record<string, unknown> = {}) {
  return {
    op: 'ping.run',
    argv: ['ping', '-n', '-i', '0.2', '-s', '1400', '-c', '5', '10.8.0.1'],
    startedAt: '2026-11-24T08:00:00.000Z',
    endedAt: '2026-11-24T08:00:01.000Z',
    exitCode: 0,
    signal: null,
    stdout: 'PING 10.8.0.1 (10.8.0.1) 1400(1428) bytes of data.\n1408 bytes from 10.8.0.1: icmp_seq=1 ttl=64 time=0.045 ms\n',
    stderr: '',
    ...over,
  };
}

export function sample(t: number, over: Partial<ThroughputSample> = {}): ThroughputSample {
  return {
    t,
    iface: 'ppp0',
    ifindex: 7,
    present: true,
    intervalMs: 500,
    rxBytes: t,
    txBytes: t,
    rxPackets: 1,
    txPackets: 1,
    rxBps: 8_000_000,
    txBps: 2_000_000,
    rxPps: 10,
    txPps: 10,
    rxErrors: 0,
    txErrors: 0,
    rxDropped: 0,
    txDropped: 0,
    gap: false,
    gapReason: null,
    ...over,
  };
}

