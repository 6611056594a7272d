import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { wireFacts } from '../../../../shared/audit/facts';
import type { WireFacts } from '../../../../shared/findings';
import { MATERIAL_FRAGMENTED_SHARE } from '../../../../shared/findings/rules/fragmentation';
import { wire } from './facts.fixture';
import { detailOf, findingsOf, one, statusOf } from './helpers.fixture';

const RULE = 'tunnel-fragmentation';
const labWire = (scenario: string): WireFacts =>
  wireFacts(new Uint8Array(readFileSync(`test/fixtures/lab/${scenario}/capture.pcap`)), 'captures/capture.pcap');

describe('tunnel-fragmentation', () => {
  it('is not evaluated without a capture', () => {
    const report = one(RULE, {});
    expect(statusOf(report, RULE)).toBe('not-evaluated');
    expect(detailOf(report, RULE)).toContain('step 4 capture');
  });

  it('is not evaluated on capture facts recorded without fragmentation accounting, nor without GRE', () => {
    const old = wire();
    delete old.fragmentation;
    expect(statusOf(one(RULE, { wire: old }), RULE)).toBe('not-evaluated');
    const empty = wire({ fragmentation: { fragmentedDatagrams: 0, reassembled: 0, expired: 0, incomplete: 0, greFragmented: 0, grePackets: 0, share: null } });
    expect(detailOf(one(RULE, { wire: empty }), RULE)).toBe('no PPTP GRE packets in the capture');
  });

  it('is clear on a real capture with nothing fragmented (lab healthy: 1400-byte pings)', () => {
    const report = one(RULE, { wire: labWire('healthy') });
    expect(statusOf(report, RULE)).toBe('clear');
    expect(detailOf(report, RULE)).toBe('none of 107 GRE packets arrived in IP fragments');
  });

  it('fires medium on the real fragmented tunnel (1500 over a 1500 carrier), citing the first fragment', () => {
    const facts = labWire('fragmented');
    expect(facts.fragmentation).toMatchObject({ fragmentedDatagrams: 180, reassembled: 180, expired: 0, incomplete: 0, greFragmented: 180, grePackets: 505 });
    const [f] = findingsOf(one(RULE, { wire: facts }), RULE);
    expect(f?.severity).toBe('medium');
    expect(f?.summary).toContain('180 of 505 GRE packets (35.6%) crossed the carrier as outer IP fragments');
    expect(f?.evidence[0]?.file).toBe('captures/capture.pcap');
    expect(f?.evidence[0]?.packet).toBe(facts.fragmentation?.firstPacket);
    expect(f?.evidence[0]?.excerpt).toContain('largest GRE datagram');
    expect(f?.remediation).toContain('"mtu 1400" and "mru 1400"');
    expect(f?.remediation).toContain('TCPMSS --clamp-mss-to-pmtu');
  });

  it('fires medium on the real snap-length-cut capture (shaped): reassembled, not expired', () => {
    const [f] = findingsOf(one(RULE, { wire: labWire('shaped') }), RULE);
    expect(f?.severity).toBe('medium');
    expect(f?.summary).toContain('1376 of 2472 GRE packets (55.7%)');
    expect(f?.summary).not.toContain('never completed');
  });

  it('the remedy follows a smaller probed path MTU', () => {
    const pathMtu = { source: 'outputs/mtu.txt', largestPassingPacket: 1372, smallestFailingPacket: 1400, line: 3 };
    const [f] = findingsOf(one(RULE, { wire: labWire('fragmented'), pathMtu }), RULE);
    expect(f?.remediation).toContain('"mtu 1372" and "mru 1372"');
    expect(f?.remediation).toContain('(the probed path MTU)');
  });

  it('is low below the material share, and names datagrams that never completed', () => {
    const share = MATERIAL_FRAGMENTED_SHARE / 2;
    const grePackets = 10_000;
    const greFragmented = Math.round(grePackets * share);
    const facts = wire({
      fragmentation: { fragmentedDatagrams: greFragmented + 2, reassembled: greFragmented, expired: 1, incomplete: 1, greFragmented, grePackets, share: greFragmented / grePackets, firstPacket: 40 },
    });
    const [f] = findingsOf(one(RULE, { wire: facts }), RULE);
    expect(f?.severity).toBe('low');
    expect(f?.summary).toContain('2 fragmented datagram(s) never completed (1 given up after 60 s, 1 still missing a piece');
    expect(f?.evidence[0]?.packet).toBe(40);
  });
});
