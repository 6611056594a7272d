import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProcNetDev, parseSysfsStatistics } from '../../../../shared/parsers/procNetDev';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/throughput/${name}`, import.meta.url), 'utf8');

describe('parseProcNetDev', () => {
  it('reads every interface of a real table, skipping the two header lines', () => {
    const table = parseProcNetDev(fixture('proc-net-dev.before-recreate.txt'));
    expect([...table.keys()].sort()).toEqual(['lo', 'ppp0', 'ppp1']);
    expect(table.get('ppp0')).toEqual({
      rxBytes: 798n, rxPackets: 9n, rxErrors: 0n, rxDropped: 0n,
      txBytes: 798n, txPackets: 9n, txErrors: 0n, txDropped: 0n,
    });
  });

  it('reads the host table', () => {
    const table = parseProcNetDev(fixture('proc-net-dev.host.txt'));
    expect(table.has('eth0')).toBe(true);
    expect(table.get('eth0')!.rxBytes).toBeGreaterThan(0n);
  });

  it('keeps 64-bit counters exact', () => {
    const table = parseProcNetDev(fixture('proc-net-dev.near-64bit-wrap.txt'));
    expect(table.get('ppp0')!.rxBytes).toBe(18446744073709551000n);
  });

  it('accepts a name glued to the first number and ignores garbage lines', () => {
    const table = parseProcNetDev(
      'eth1:123 4 0 0 0 0 0 0 567 8 0 0 0 0 0 0\nbogus: 1 2 3\nppp9: x 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n',
    );
    expect([...table.keys()]).toEqual(['eth1']);
    expect(table.get('eth1')!.txBytes).toBe(567n);
  });
});

describe('parseSysfsStatistics', () => {
  const files = Object.fromEntries(
    fixture('sysfs-statistics.ppp0.txt').trim().split('\n').map((l) => l.split(' ') as [string, string]),
  );

  it('agrees with /proc/net/dev read at the same moment', () => {
    const sysfs = parseSysfsStatistics(files)!;
    const proc = parseProcNetDev(fixture('proc-net-dev.before-recreate.txt')).get('ppp0')!;
    expect(sysfs).toEqual(proc);
  });

  it('refuses a partial or non-numeric reading rather than inventing zeros', () => {
    const { rx_bytes: _, ...partial } = files;
    expect(parseSysfsStatistics(partial)).toBeNull();
    expect(parseSysfsStatistics({ ...files, tx_bytes: 'oops\n' })).toBeNull();
  });
});
