import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIpAddrJson } from '../../../../shared/parsers/ipAddr';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/interfaces/${name}`, import.meta.url), 'utf8');

describe('parseIpAddrJson (ip -j -d addr show)', () => {
  const list = parseIpAddrJson(fixture('ip-j-d-addr.ppp.json'));

  it('puts ppp interfaces first, in number order', () => {
    expect(list.map((i) => i.name)).toEqual(['ppp0', 'ppp1', 'lo']);
    expect(list.filter((i) => i.isTunnel).map((i) => i.name)).toEqual(['ppp0', 'ppp1']);
  });

  it('reads flags, MTU, txqueuelen and the point-to-point peer', () => {
    const ppp1 = list.find((i) => i.name === 'ppp1')!;
    expect(ppp1.flags).toContain('POINTOPOINT');
    expect(ppp1.mtu).toBe(1400);
    expect(ppp1.txqueuelen).toBe(500);
    expect(ppp1.addresses[0]).toMatchObject({ local: '192.168.77.1', peer: '192.168.77.2', prefixlen: 32, dynamic: false, validLifetime: null });
  });

  it('flags a dynamic (leased) address with its lifetime', () => {
    const ppp0 = list.find((i) => i.name === 'ppp0')!;
    const leased = ppp0.addresses.find((a) => a.local === '10.98.0.5')!;
    expect(leased).toMatchObject({ dynamic: true, validLifetime: 3600, preferredLifetime: 1800, peer: null });
  });

  it('reads the host table', () => {
    const host = parseIpAddrJson(fixture('ip-j-d-addr.host.json'));
    expect(host.some((i) => i.name === 'lo' && i.addresses.some((a) => a.local === '127.0.0.1'))).toBe(true);
  });

  it('refuses text that is not the JSON list, and skips odd entries', () => {
    expect(() => parseIpAddrJson('1: lo: <LOOPBACK>')).toThrow(/not JSON/);
    expect(() => parseIpAddrJson('{}')).toThrow(/not print a list/);
    expect(parseIpAddrJson('[{"ifname":"x"},{"ifindex":3,"ifname":"ppp2","addr_info":[]}]').map((i) => i.name)).toEqual(['ppp2']);
  });
});
