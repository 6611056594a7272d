import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FactsInputError, WireFactsBuilder, unansweredLcpRequests, wireFacts } from '../../../../shared/audit/facts/index';

const lab = (s: string) => new Uint8Array(readFileSync(new URL(`../../../fixtures/lab/${s}/capture.pcap`, import.meta.url)));
const wire = (f: string) => new Uint8Array(readFileSync(new URL(`../../../fixtures/wire/${f}`, import.meta.url)));

// Packet numbers below were checked against tshark 4.0 on the same files (frame.number of the
// first "gre", first "chap", the "ccp.code==2" frames, first ppp.protocol 0x0021/0x0057, and
// the outer IP fragments), so a citation opens the right frame in Wireshark.
describe('wireFacts on the real lab captures', () => {
  it('healthy: control up, GRE both ways, 128-bit stateless MPPE, MS-CHAPv2, all cited by packet', () => {
    const f = wireFacts(lab('healthy'), 'capture.pcap');
    expect(f.source).toBe('capture.pcap');
    expect(f.packets).toBe(124);
    expect(f.control).toMatchObject({ connections: 1, controlEstablished: true, callEstablished: true, firstPacket: 1, failures: [] });
    expect(f.gre.firstPacket).toBe(12);
    expect(f.gre.toServer).toBe(58);
    expect(f.gre.toClient).toBe(49);
    expect(f.gre.calls.map((c) => [c.src, c.dst, c.lost, c.firstPacket])).toEqual([
      ['10.47.0.2', '10.47.0.1', 0, 12],
      ['10.47.0.1', '10.47.0.2', 0, 13],
    ]);
    expect(f.encryption).toEqual({ verdict: 'encrypted', encryptedFrames: 52, cleartextFrames: 0 });
    expect(f.mppe).toEqual([
      { bits: [128], stateless: true, packet: 25 },
      { bits: [128], stateless: true, packet: 26 },
    ]);
    expect(f.auth).toEqual({ protocol: 'MS-CHAPv2', msChapV2: true, packet: 17 });
    expect(f.lcpUnansweredConfigureRequests).toBe(0);
    expect(f.fragments).toEqual({ count: 0 });
    expect(f.largestGrePacket).toBe(1469);
    expect(f.payloadRatio).toBeGreaterThan(0.9);
    expect(f.payloadRatio).toBeLessThanOrEqual(1);
  });

  it('cleartext: the first readable frame (IPv6 router solicitation, frame 31) and the fragmented GRE (frame 87)', () => {
    const f = wireFacts(lab('cleartext'), 'capture.pcap');
    expect(f.encryption.verdict).toBe('cleartext');
    expect(f.encryption.encryptedFrames).toBe(0);
    expect(f.encryption.cleartextFrames).toBeGreaterThan(0);
    expect(f.encryption.firstCleartextPacket).toBe(31);
    expect(f.mppe).toEqual([]);
    expect(f.fragments).toEqual({ count: 12, firstPacket: 87 });
    // ppp0 MTU 1500 without MPPE: a 1500-byte inner packet + PPP/GRE/IP is 1557 bytes before fragmentation.
    expect(f.largestGrePacket).toBe(1557);
  });

  it('streams in small chunks with the same result as one buffer', () => {
    const bytes = lab('healthy');
    const builder = new WireFactsBuilder('capture.pcap');
    for (let o = 0; o < bytes.length; o += 333) builder.push(bytes.subarray(o, o + 333));
    expect(builder.finish().facts).toEqual(wireFacts(bytes, 'capture.pcap'));
  });
});

describe('wireFacts on the one-way wire fixtures', () => {
  it('GRE flows client → server only: toClient 0 and the unanswered LCP requests counted', () => {
    const f = wireFacts(wire('oneway-encrypted.pcap'), 'w/oneway.pcap');
    expect(f.control.controlEstablished).toBe(true);
    expect(f.gre.toServer).toBeGreaterThan(100);
    expect(f.gre.toClient).toBe(0);
    expect(f.lcpUnansweredConfigureRequests).toBeGreaterThan(0);
  });

  it('real sequence gaps of the lossy capture reach the call direction', () => {
    const f = wireFacts(wire('oneway-lossy.pcap'), 'lossy.pcap');
    const lost = f.gre.calls.reduce((a, c) => a + c.lost, 0);
    expect(lost).toBeGreaterThan(0);
  });

  it('pcapng cleartext capture', () => {
    const f = wireFacts(wire('oneway-cleartext.pcapng'), 'c.pcapng');
    expect(f.encryption.verdict).toBe('cleartext');
    expect(f.encryption.firstCleartextPacket).toBeGreaterThan(0);
  });

  it('outer IPv4 fragments on a Linux cooked capture', () => {
    const f = wireFacts(wire('oneway-fragmented-sll.pcap'), 'frag.pcap');
    expect(f.fragments.count).toBeGreaterThan(0);
    expect(f.fragments.firstPacket).toBeGreaterThan(0);
    expect(f.largestGrePacket).toBeGreaterThan(1000);
  });
});

describe('wireFacts on bad input', () => {
  it('refuses bytes that are not a capture, with the file named', () => {
    expect(() => wireFacts(new TextEncoder().encode('hello, not a pcap at all'), 'bundle/capture.pcap')).toThrow(FactsInputError);
    expect(() => wireFacts(new TextEncoder().encode('hello, not a pcap at all'), 'bundle/capture.pcap')).toThrow(/^bundle\/capture\.pcap: /);
  });

  it('refuses an empty file', () => {
    expect(() => wireFacts(new Uint8Array(0), 'capture.pcap')).toThrow(/empty/);
  });

  it('a truncated capture still gives the facts of what was read', () => {
    const bytes = lab('healthy');
    const f = wireFacts(bytes.subarray(0, Math.floor(bytes.length / 2)), 'capture.pcap');
    expect(f.packets).toBeGreaterThan(10);
    expect(f.packets).toBeLessThan(124);
    expect(f.control.controlEstablished).toBe(true);
  });
});

describe('unansweredLcpRequests', () => {
  const ev = (src: string, dst: string, code: string, identifier: number) => ({ time: 0, src, dst, callId: 0, protocol: 'LCP', code, identifier, detail: '' });
  it('counts every retransmission of a request no Ack/Nak/Reject answered from the other side', () => {
    expect(
      unansweredLcpRequests([
        ev('c', 's', 'Configure-Request', 1),
        ev('c', 's', 'Configure-Request', 1),
        ev('s', 'c', 'Configure-Request', 1),
        ev('c', 's', 'Configure-Ack', 1),
        ev('c', 's', 'Configure-Request', 1),
      ]),
    ).toBe(3);
  });
  it('an answer in the same direction does not count', () => {
    expect(unansweredLcpRequests([ev('c', 's', 'Configure-Request', 7), ev('c', 's', 'Configure-Ack', 7)])).toBe(1);
  });
});
