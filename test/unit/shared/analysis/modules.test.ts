import { describe, expect, it } from 'vitest';
import { analyseModules, modulesVerdict } from '../../../../shared/analysis/modules';
import { parseKernelConfig, parseSysctl } from '../../../../shared/parsers/kernelConfig';
import { parseModulesBuiltin, parseProcModules } from '../../../../shared/parsers/procModules';
import { readFixture } from '../parsers/readFixture';

const states = (r: ReturnType<typeof analyseModules>) =>
  Object.fromEntries(r.modules.map((m) => [m.module, m.state]));

describe('step 2 analysis', () => {
  it('lab guest: PPP stack loaded, gateway helpers only available as modules', () => {
    const report = analyseModules({
      loaded: parseProcModules(readFixture('lab/healthy/proc-modules.txt')).modules,
      builtin: parseModulesBuiltin(readFixture('modules/uml-6.1-modules.builtin')),
      config: parseKernelConfig(readFixture('modules/uml-6.1-config.txt')),
      helperSysctl: parseSysctl(
        readFixture('lab/healthy/sysctl-nf_conntrack_helper.txt'),
        'net.netfilter.nf_conntrack_helper',
      ),
    });
    expect(states(report)).toEqual({
      ppp_generic: 'loaded',
      ppp_mppe: 'loaded',
      ppp_async: 'loaded',
      pptp: 'loaded',
      gre: 'loaded',
      nf_conntrack_pptp: 'available',
      nf_nat_pptp: 'available',
    });
    expect(report.modules[1]?.evidence).toEqual([
      'loaded as ppp_mppe (refcount 4)',
      'CONFIG_PPP_MPPE=m',
    ]);
    expect(report.helperSysctl).toMatchObject({ present: false, value: null });
    expect(report.helperSysctl?.note).toMatch(/kernel 6\.1\.176.*removed in Linux 6\.0/s);
    expect(modulesVerdict(report)).toBe('pass');
    expect(modulesVerdict(report, 'gateway')).toBe('warn');
  });

  it('build host: built-in conntrack/NAT helpers count as present, PPP missing', () => {
    const report = analyseModules({
      loaded: null,
      builtin: null,
      config: parseKernelConfig(readFixture('modules/host-6.18-proc-config.txt')),
      helperSysctl: null,
    });
    expect(states(report)).toEqual({
      ppp_generic: 'missing',
      ppp_mppe: 'missing',
      ppp_async: 'missing',
      pptp: 'missing',
      gre: 'missing',
      nf_conntrack_pptp: 'built-in',
      nf_nat_pptp: 'built-in',
    });
    expect(report.modules.find((m) => m.module === 'nf_nat_pptp')?.present).toBe(true);
    expect(report.modules.find((m) => m.module === 'ppp_mppe')?.breaks).toMatch(
      /MPPE required but not available in kernel/,
    );
    expect(report.modules.find((m) => m.module === 'nf_conntrack_pptp')?.breaks).toMatch(/619/);
    expect(modulesVerdict(report)).toBe('fail');
  });

  it('an lsmod alone: anything not listed is missing; nothing given at all is unknown', () => {
    const only = analyseModules({ loaded: [], builtin: null, config: null, helperSysctl: null });
    expect(only.modules.every((m) => m.state === 'missing')).toBe(true);
    const none = analyseModules({ loaded: null, builtin: null, config: null, helperSysctl: null });
    expect(none.modules.every((m) => m.state === 'unknown')).toBe(true);
    expect(none.problems).toHaveLength(1);
  });

  it('helper sysctl 1 and 0', () => {
    const on = analyseModules({
      loaded: [],
      builtin: null,
      config: null,
      helperSysctl: parseSysctl(
        'net.netfilter.nf_conntrack_helper = 1',
        'net.netfilter.nf_conntrack_helper',
      ),
    });
    expect(on.helperSysctl).toMatchObject({ value: '1', present: true });
    const off = analyseModules({
      loaded: [],
      builtin: null,
      config: null,
      helperSysctl: parseSysctl('0', 'net.netfilter.nf_conntrack_helper'),
    });
    expect(off.helperSysctl?.note).toMatch(/CT --helper pptp/);
  });
});
