import { describe, expect, it } from 'vitest';
import { parsePing } from '../../../../shared/parsers/ping';
import { readFixture } from './readFixture';

// `ping -I IFACE` (the path-MTU probe is bound to the tunnel) names source and interface in its header.
describe('ping bound to an interface (-I)', () => {
  it('reads the payload size from "PING a (a) from SRC IFACE: 56(84) bytes of data."', () => {
    const run = parsePing(readFixture('ping/loopback-v4-bound-iface.txt'));
    expect(run.payloadBytes).toBe(56);
    expect(run.summary).toMatchObject({ transmitted: 1, received: 1 });
    expect(run.unparsed).toEqual([]);
  });

  it('and from the IPv6 form "PING ::1(::1) from ::1 lo: 56 data bytes"', () => {
    const run = parsePing(readFixture('ping/loopback-v6-bound-iface.txt'));
    expect(run.payloadBytes).toBe(56);
    expect(run.unparsed).toEqual([]);
  });
});
