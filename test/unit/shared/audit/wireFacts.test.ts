import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FactsInputError, WireFactsBuilder, unansweredLcpRequests, wireFacts } from '../../../../shared/audit/facts/index';
import { LAB_FIXTURES } from './labFacts';
import { ipProto, ipTotalLength, ipv4Frames, isFragment, pppOfGre, tcpPorts, type Frame } from './pcapIndex';

const lab = (s: string) => new Uint8Array(readFileSync(join(LAB_FIXTURES, s, 'capture.pcap')));
const wire = (f: string) => new Uint8Array(readFileSync(new URL(`../../../fixtures/wire/${f}`, import.meta.url)));

// The lab re-exports its fixtures with fresh runs (frame numbers move), so every cited packet
// is checked against an independent little pcap reader rather than pinned: "packet N" must be
// the packet the fact names. (On the fixtures first committed, tshark 4.0 agreed: first GRE
// frame 12, CHAP 17, CCP Acks 25/26, first cleartext 31, first fragment 87.)
describe('wireFacts on the real lab captures', () => {
  const frameOf = (frames: Frame[], n: number | undefined) => frames.find((f) => f.number === n);

  it('healthy: control up, GRE both ways, 128-bit stateless MPPE, MS-CHAPv2, each cited at its packet', () => {
    const bytes = lab('healthy');
    const frames = ipv4Frames(bytes);
    const f = wireFacts(bytes, 'capture.pcap');
    expect(f.source).toBe('capture.pcap');
    expect(f.packets).toBe(frames.length);
    expect(f.control).toMatchObject({ connections: 1, controlEstablished: true, callEstablished: true, failures: [] });
    expect(f.control.firstPacket).toBe(frames.find((x) => tcpPorts(x)?.includes(1723))?.number);
    expect(f.gre.firstPacket).toBe(frames.find((x) => ipProto(x) === 47)?.number);
    expect(f.gre.toServer).toBe(frames.filter((x) => ipProto(x) === 47 && x.ip[19] === 1).length);
    expect(f.gre.toClient).toBe(frames.filter((x) => ipProto(x) === 47 && x.ip[19] === 2).length);
    expect(f.gre.calls).toHaveLength(2);
    for (const c of f.gre.calls) {
      expect(c.lost).toBe(0);
      const first = frameOf(frames, c.firstPacket);
      expect(first && ipProto(first)).toBe(47);
    }
    expect(f.encryption.verdict).toBe('encrypted');
    expect(f.encryption.cleartextFrames).toBe(0);
    expect(f.encryption.firstCleartextPacket).toBeUndefined();
    expect(f.mppe.map((m) => [m.bits, m.stateless])).toEqual([
      [[128], true],
      [[128], true],
    ]);
    for (const m of f.mppe) expect(pppOfGre(frameOf(frames, m.packet) as Frame)).toEqual({ protocol: 0x80fd, code: 2 });
    expect(f.auth).toMatchObject({ protocol: 'MS-CHAPv2', msChapV2: true });
    expect(pppOfGre(frameOf(frames, f.auth?.packet) as Frame)?.protocol).toBe(0xc223);
    expect(f.lcpUnansweredConfigureRequests).toBe(0);
    expect(f.fragments).toEqual({ count: 0 });
    expect(f.largestGrePacket).toBe(Math.max(...frames.filter((x) => ipProto(x) === 47).map(ipTotalLength)));
    expect(f.payloadRatio).toBeGreaterThan(0.9);
    expect(f.payloadRatio).toBeLessThanOrEqual(1);
  });

  it('cleartext: the first readable frame and the first outer fragment are cited', () => {
    const bytes = lab('cleartext');
    const frames = ipv4Frames(bytes);
    const f = wireFacts(bytes, 'capture.pcap');
    expect(f.encryption.verdict).toBe('cleartext');
    expect(f.encryption.encryptedFrames).toBe(0);
    expect(f.encryption.cleartextFrames).toBeGreaterThan(0);
    const firstClear = frames.find((x) => [0x0021, 0x0057].includes(pppOfGre(x)?.protocol ?? -1));
    expect(f.encryption.firstCleartextPacket).toBe(firstClear?.number);
    expect(f.mppe).toEqual([]);
    const fragments = frames.filter((x) => ipProto(x) === 47 && isFragment(x));
    expect(f.fragments).toEqual({ count: fragments.length, firstPacket: fragments[0]?.number });
    expect(fragments.length).toBeGreaterThan(0);
    // ppp0 MTU 1500 without MPPE: the reassembled GRE packet is larger than any single frame.
    expect(f.largestGrePacket).toBeGreaterThan(1500);
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
