// The committed lab fixtures: complete, small, and really what the lab produced.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAB_FIXTURES_DIR, labFixture, readLabFixture } from './fixtures';
import { SCENARIOS } from './scenarios';
import { pppProtocols, pptpControlTypes } from './tshark';

const ALWAYS = [
  'capture.pcap',
  'client-pppd.log',
  'server-pppd.log',
  'syslog.txt',
  'client-ip-addr-end.json',
  'server-ip-addr-end.json',
  'client-ip-addr-end.txt',
  'client-proc-net-dev-end.txt',
  'proc-modules.txt',
  'lsmod.txt',
  'sysctl-nf_conntrack_helper.txt',
  'server-iptables-save.txt',
  'chap-secrets',
  'options.pptpd',
  'scenario.json',
];

describe('committed lab fixtures', () => {
  it.each([...SCENARIOS])('%s has the core artefacts, each pcap under 2 MB', (name) => {
    const files = readdirSync(path.join(LAB_FIXTURES_DIR, name));
    for (const f of ALWAYS) expect(files, `${name}/${f}`).toContain(f);
    for (const f of files.filter((x) => x.endsWith('.pcap'))) {
      expect(statSync(path.join(LAB_FIXTURES_DIR, name, f)).size).toBeLessThan(2 * 1024 * 1024);
    }
    const manifest = JSON.parse(readLabFixture(name, 'scenario.json')) as {
      scenario: string;
      exitCode: number;
    };
    expect(manifest.scenario).toBe(name);
    expect(manifest.exitCode).toBe(0);
  });

  it('stay under 15 MB in total', () => {
    let total = 0;
    for (const name of SCENARIOS) {
      for (const f of readdirSync(path.join(LAB_FIXTURES_DIR, name)))
        total += statSync(path.join(LAB_FIXTURES_DIR, name, f)).size;
    }
    expect(total).toBeLessThan(15 * 1024 * 1024);
  });

  it('healthy is an encrypted PPTP session; cleartext is not', () => {
    expect(pptpControlTypes(labFixture('healthy', 'capture.pcap')).slice(0, 4)).toEqual([
      1, 2, 7, 8,
    ]);
    expect(pppProtocols(labFixture('healthy', 'capture.pcap')).get('0x00fd')).toBeGreaterThan(40);
    expect(pppProtocols(labFixture('cleartext', 'capture.pcap')).get('0x0021')).toBeGreaterThan(40);
    expect(readLabFixture('healthy', 'client-pppd.log')).toContain(
      'MPPE 128-bit stateless compression enabled',
    );
  });

  it('refuses paths outside the fixture folders', () => {
    expect(() => labFixture('healthy', '../cleartext/chap-secrets')).toThrow(
      /bad fixture file name/,
    );
    expect(() => labFixture('nope', 'capture.pcap')).toThrow(/unknown lab scenario/);
  });
});
