import { describe, expect, it } from 'vitest';
import { PppNegotiation } from '../../../../shared/wire/pppNegotiation';

/** A control-protocol packet (code, identifier, length, data) as it follows the PPP protocol field. */
function cp(code: number, id: number, data: number[]): Uint8Array {
  const len = 4 + data.length;
  return new Uint8Array([code, id, len >> 8, len & 255, ...data]);
}
const ascii = (s: string) => [...new TextEncoder().encode(s)];

function feed(
  n: PppNegotiation,
  proto: number,
  pkt: Uint8Array,
  src = '10.0.0.2',
  dst = '10.0.0.1',
) {
  n.frame(proto, pkt, 0, pkt.length, 1, src, dst, 7);
}

describe('PPP negotiation decode (RFC 1661, 1334, 1994, 2759, 3078, 1332)', () => {
  it('PAP: keeps the peer-id, notes the cleartext password, never stores it', () => {
    const n = new PppNegotiation();
    feed(n, 0xc021, cp(1, 1, [3, 4, 0xc0, 0x23]), '10.0.0.1', '10.0.0.2');
    feed(n, 0xc021, cp(2, 1, [3, 4, 0xc0, 0x23]));
    feed(n, 0xc023, cp(1, 1, [5, ...ascii('alice'), 7, ...ascii('hunter2')]));
    feed(n, 0xc023, cp(2, 1, [0]), '10.0.0.1', '10.0.0.2');
    expect(n.authAgreed).toBe('PAP');
    expect(n.papCleartextPassword).toBe(true);
    expect(n.users).toMatchObject([{ protocol: 'PAP', name: 'alice', result: 'success' }]);
    expect(JSON.stringify(n)).not.toContain('hunter2');
  });

  it('CHAP-MD5 and MS-CHAPv1 are told apart by the LCP algorithm byte', () => {
    const md5 = new PppNegotiation();
    feed(md5, 0xc021, cp(2, 1, [3, 5, 0xc2, 0x23, 5]));
    expect(md5.authAgreed).toBe('CHAP-MD5');
    const v1 = new PppNegotiation();
    feed(v1, 0xc021, cp(2, 1, [3, 5, 0xc2, 0x23, 0x80]));
    expect(v1.authAgreed).toBe('MS-CHAPv1');
  });

  it('MS-CHAPv2 failure: user and error kept, challenge dropped', () => {
    const n = new PppNegotiation();
    feed(n, 0xc021, cp(2, 1, [3, 5, 0xc2, 0x23, 0x81]));
    feed(
      n,
      0xc223,
      cp(1, 9, [16, ...new Array(16).fill(0xaa), ...ascii('srv')]),
      '10.0.0.1',
      '10.0.0.2',
    );
    feed(n, 0xc223, cp(2, 9, [49, ...new Array(49).fill(0xbb), ...ascii('bob')]));
    feed(
      n,
      0xc223,
      cp(4, 9, ascii('E=691 R=1 C=0123456789ABCDEF0123456789ABCDEF V=3 M=Authentication failed')),
      '10.0.0.1',
      '10.0.0.2',
    );
    expect(n.users).toMatchObject([
      {
        protocol: 'MS-CHAPv2',
        name: 'bob',
        result: 'failure',
        message: 'E=691 M=Authentication failed',
      },
    ]);
    expect(n.chapFailure).toBe(1);
    expect(JSON.stringify(n)).not.toContain('0123456789ABCDEF');
    expect(JSON.stringify(n)).not.toContain('bbbb');
  });

  it('CCP MPPE: offered bits, agreement, rejection', () => {
    const n = new PppNegotiation();
    feed(n, 0x80fd, cp(1, 1, [18, 6, 0x01, 0, 0, 0xe0]));
    expect(n.mppeOffered).toEqual([{ bits: [40, 56, 128], stateless: true, compression: false }]);
    feed(n, 0x80fd, cp(4, 1, [18, 6, 0x01, 0, 0, 0xe0]), '10.0.0.1', '10.0.0.2');
    expect(n.mppeRejected).toBe(true);
    expect(n.mppeAgreed).toBeNull();
    const p = new PppNegotiation();
    feed(p, 0xc021, cp(8, 3, [0x80, 0xfd, 1, 1, 0, 10]));
    expect(p.ccpProtocolRejected).toBe(true);
  });

  it('IPCP: the address and DNS servers the peer accepted', () => {
    const n = new PppNegotiation();
    feed(n, 0x8021, cp(2, 1, [3, 6, 192, 168, 47, 10, 129, 6, 9, 9, 9, 9]), '10.0.0.1', '10.0.0.2');
    expect(n.ipcpAddresses).toEqual([{ peer: '10.0.0.2', address: '192.168.47.10' }]);
    expect([...n.dnsServers]).toEqual(['9.9.9.9']);
  });

  it('malformed options and short packets do not throw', () => {
    const n = new PppNegotiation();
    feed(n, 0xc021, new Uint8Array([1, 1, 0, 40, 3, 0, 3, 255]));
    feed(n, 0x80fd, new Uint8Array([1]));
    feed(n, 0xc223, cp(2, 1, [200]));
    expect(n.events.length).toBe(3);
  });
});
