import { describe, expect, it } from 'vitest';
import { parsePing } from '../../../../shared/parsers/ping';
import { parseIptablesSave } from '../../../../shared/parsers/iptablesSave';
import { parseIptablesList } from '../../../../shared/parsers/iptablesList';
import { parseNftRuleset } from '../../../../shared/parsers/nftRuleset';
import { parsePppOptions } from '../../../../shared/parsers/pppOptions';
import { parseSensorsJson } from '../../../../shared/parsers/sensors';
import { parseLoadedModules, parseModulesBuiltin } from '../../../../shared/parsers/procModules';
import { parseKernelConfig, parseSysctl } from '../../../../shared/parsers/kernelConfig';
import { parseLogText } from '../../../../shared/parsers/logLines';
import { logsReport } from '../../../../shared/analysis/logsSessions';
import { auditFirewall } from '../../../../shared/analysis/hardeningFirewall';
import { readFixture } from './readFixture';

// Truncated and mangled real outputs must never throw: a site engineer's file can be anything.
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mangle(text: string, rnd: () => number): string {
  const chars = [...text];
  for (let i = 0; i < 40; i++) {
    const at = Math.floor(rnd() * chars.length);
    const op = rnd();
    if (op < 0.3) chars.splice(at, Math.floor(rnd() * 20));
    else if (op < 0.6) chars.splice(at, 0, String.fromCharCode(Math.floor(rnd() * 0x2ff)));
    else chars.splice(at, 0, ...'{}[]"\\ ;!#*:-'.charAt(Math.floor(rnd() * 14)));
  }
  return chars.join('').slice(0, Math.floor(rnd() * chars.length) + 1);
}

const cases: Array<[string, (t: string) => unknown]> = [
  ['ping/duplicates-tee.txt', parsePing],
  ['lab/lossy/ping-1400.txt', parsePing],
  ['iptables/hardened.save.txt', (t) => auditFirewall(parseIptablesSave(t))],
  ['iptables/hardened.list.txt', (t) => auditFirewall(parseIptablesList(t))],
  ['nft/hardened.nft.txt', (t) => auditFirewall(parseNftRuleset(t))],
  ['pppoptions/debian12-pptpd-options', (t) => parsePppOptions(t, 'x')],
  ['sensors/example-desktop-public.json', parseSensorsJson],
  ['lab/healthy/proc-modules.txt', parseLoadedModules],
  ['modules/uml-6.1-modules.builtin', parseModulesBuiltin],
  ['modules/uml-6.1-config.txt', parseKernelConfig],
  [
    'lab/healthy/sysctl-nf_conntrack_helper.txt',
    (t) => parseSysctl(t, 'net.netfilter.nf_conntrack_helper'),
  ],
  [
    'lab/link-flap/syslog.txt',
    (t) => logsReport(parseLogText(t, { source: 's', year: 2026 }).lines),
  ],
  [
    'logs/journal-auth-failed.jsonl',
    (t) => logsReport(parseLogText(t, { source: 's', year: 2026 }).lines),
  ],
];

describe('parsers survive mangled real input', () => {
  it.each(cases)('%s', (fixture, parse) => {
    const text = readFixture(fixture);
    const rnd = mulberry32(fixture.length);
    for (let i = 0; i < 60; i++) expect(() => parse(mangle(text, rnd))).not.toThrow();
    expect(() => parse('')).not.toThrow();
    expect(() => parse('\u0000'.repeat(1000))).not.toThrow();
  });
});
