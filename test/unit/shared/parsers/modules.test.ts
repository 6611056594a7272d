import { describe, expect, it } from 'vitest';
import { parseKernelConfig, parseSysctl } from '../../../../shared/parsers/kernelConfig';
import {
  parseLoadedModules,
  parseLsmod,
  parseModulesBuiltin,
  parseProcModules,
} from '../../../../shared/parsers/procModules';
import { readFixture } from './readFixture';

describe('/proc/modules and lsmod (UML lab guest, kernel 6.1)', () => {
  it('reads /proc/modules with deps, [permanent] and state', () => {
    const { modules, unparsed } = parseProcModules(readFixture('lab/healthy/proc-modules.txt'));
    expect(unparsed).toEqual([]);
    expect(modules).toHaveLength(14);
    expect(modules[0]).toEqual({
      name: 'ipv6',
      sizeBytes: 429085,
      refcount: 30,
      usedBy: [],
      state: 'Live',
      line: 1,
    });
    expect(modules.find((m) => m.name === 'ppp_generic')?.usedBy).toEqual([
      'pptp',
      'pppox',
      'bsd_comp',
      'ppp_deflate',
      'ppp_mppe',
      'ppp_synctty',
      'ppp_async',
    ]);
    expect(modules.find((m) => m.name === 'ppp_mppe')).toMatchObject({ refcount: 4, usedBy: [] });
  });

  it('reads lsmod and gives the same module set', () => {
    const lsmod = parseLsmod(readFixture('lab/healthy/lsmod.txt'));
    const proc = parseProcModules(readFixture('lab/healthy/proc-modules.txt'));
    expect(lsmod.unparsed).toEqual([]);
    expect(lsmod.modules.map((m) => m.name).sort()).toEqual(proc.modules.map((m) => m.name).sort());
    expect(lsmod.modules.find((m) => m.name === 'crc_ccitt')).toMatchObject({
      refcount: 2,
      usedBy: ['ipv6', 'ppp_async'],
      state: null,
      line: 13,
    });
  });

  it('detects the format', () => {
    expect(parseLoadedModules(readFixture('lab/healthy/lsmod.txt')).format).toBe('lsmod');
    expect(parseLoadedModules(readFixture('lab/healthy/proc-modules.txt')).format).toBe('proc');
    // lsmod on a kernel without module support prints nothing on stdout.
    expect(parseLoadedModules(readFixture('modules/host-lsmod.stdout.txt')).modules).toEqual([]);
  });

  it('reads modules.builtin (UML package)', () => {
    const names = parseModulesBuiltin(readFixture('modules/uml-6.1-modules.builtin'));
    expect(names).toContain('ext4');
    expect(names).toContain('binfmt_elf');
    expect(names).not.toContain('ppp_generic');
  });
});

describe('kernel config and sysctl', () => {
  it('reads y/m/not set and the release of the host and UML configs', () => {
    const host = parseKernelConfig(readFixture('modules/host-6.18-proc-config.txt'));
    expect(host.release).toBe('6.18.44');
    expect(host.values).toMatchObject({
      CONFIG_PPP: 'n',
      CONFIG_NF_CONNTRACK_PPTP: 'y',
      CONFIG_NF_NAT_PPTP: 'y',
      CONFIG_NET_IPGRE_DEMUX: 'n',
      CONFIG_MODULES: 'n',
    });
    expect(host.values.CONFIG_CC_VERSION_TEXT).toBe('gcc (GCC) 15.3.0');
    const uml = parseKernelConfig(readFixture('modules/uml-6.1-config.txt'));
    expect(uml.release).toBe('6.1.176');
    expect(uml.values).toMatchObject({
      CONFIG_PPP: 'm',
      CONFIG_PPP_MPPE: 'm',
      CONFIG_PPTP: 'm',
      CONFIG_NF_NAT_PPTP: 'm',
    });
  });

  it('reads sysctl values and the "cannot stat" error of a removed key', () => {
    expect(
      parseSysctl(readFixture('modules/host-sysctl-other.txt'), 'net.ipv4.ip_forward'),
    ).toEqual({ key: 'net.ipv4.ip_forward', value: '0', error: null });
    const gone = parseSysctl(
      readFixture('modules/host-sysctl-helper.stderr.txt'),
      'net.netfilter.nf_conntrack_helper',
    );
    expect(gone.value).toBeNull();
    expect(gone.error).toMatch(/cannot stat/);
    expect(
      parseSysctl(
        readFixture('lab/healthy/sysctl-nf_conntrack_helper.txt'),
        'net.netfilter.nf_conntrack_helper',
      ).value,
    ).toBeNull();
    expect(parseSysctl('1\n', 'net.netfilter.nf_conntrack_helper').value).toBe('1');
  });
});
