import { describe, expect, it } from 'vitest';
import type { OpRequest, OpResult } from '../../../../shared/ops/catalogue';
import { collectModules } from '../../../../electron/collectors/modules/collectModules';
import { collectLogs } from '../../../../electron/collectors/logs/collectLogs';
import { collectHardening } from '../../../../electron/collectors/hardening/collectHardening';
import { runPing } from '../../../../electron/collectors/ping/runPing';
import { probeMtu } from '../../../../electron/collectors/mtu/probeMtu';
import { readFixture } from '../../shared/parsers/readFixture';

// The live paths of the commands, fed through a fake runner that answers with REAL outputs
// (the fixtures) the way runOperation would: stdout, exit code, error line.
function result(request: OpRequest, stdout: string, extra: Partial<OpResult> = {}): OpResult {
  return {
    op: request.op,
    argv: [request.op],
    startedAt: '2026-11-24T08:00:00.000Z',
    endedAt: '2026-11-24T08:00:01.000Z',
    exitCode: 0,
    signal: null,
    stdout,
    stderr: '',
    outputSha256: 'x',
    truncated: false,
    ...extra,
  };
}
const missing = (request: OpRequest, path: string) =>
  result(request, '', { exitCode: null, error: `${path} does not exist` });

describe('modules live path', () => {
  it('a kernel without /proc/modules: nothing loaded, built-ins from the config', async () => {
    const asked: string[] = [];
    const out = await collectModules(async (r) => {
      asked.push(r.op);
      if (r.op === 'kernel.config')
        return result(r, readFixture('modules/host-6.18-proc-config.txt'));
      if (r.op === 'sysctl.read') return missing(r, '/proc/sys/net/netfilter/nf_conntrack_helper');
      if (r.op === 'modules.list') return missing(r, '/proc/modules');
      return missing(r, '/lib/modules/6.18.44/modules.builtin');
    }, 'gateway');
    expect(asked.sort()).toEqual([
      'kernel.config',
      'modules.builtin',
      'modules.list',
      'sysctl.read',
    ]);
    expect(out.report.modules.find((m) => m.module === 'nf_conntrack_pptp')?.state).toBe(
      'built-in',
    );
    expect(out.report.modules.find((m) => m.module === 'ppp_generic')?.state).toBe('missing');
    expect(out.report.helperSysctl?.present).toBe(false);
    expect(out.evidence).toHaveLength(4);
    // No /proc/modules = a kernel without module support: "nothing loaded" is known, not unknown.
    expect(out.report.inputs).toMatchObject({ loaded: true, builtin: false, config: true });
  });

  it('the lab guest: /proc/modules read, config not available', async () => {
    const out = await collectModules(async (r) =>
      r.op === 'modules.list'
        ? result(r, readFixture('lab/healthy/proc-modules.txt'))
        : missing(r, 'x'),
    );
    expect(out.report.modules.filter((m) => m.state === 'loaded')).toHaveLength(5);
    expect(out.verdict).toBe('pass');
  });
});

describe('logs live path', () => {
  it('journal and syslog files together, missing files reported, journal repeats merged', async () => {
    const syslog = readFixture('lab/healthy/syslog.txt');
    const out = await collectLogs(
      async (r) => {
        if (r.op === 'logs.journal')
          return result(
            r,
            r.identifier === 'pppd' ? readFixture('logs/journal-healthy-pppd.jsonl') : '',
          );
        if (r.op === 'logs.file' && r.path === '/var/log/syslog') return result(r, syslog);
        return missing(r, r.op === 'logs.file' ? r.path : '?');
      },
      { year: 2026 },
    );
    const src = Object.fromEntries(out.sources.map((s) => [s.source, s]));
    expect(src['/var/log/syslog']).toMatchObject({ format: 'syslog-iso', lines: 127 });
    expect(src['journal -t pppd']).toMatchObject({ format: 'journal-json', lines: 103 });
    expect(src['/var/log/messages']?.error).toMatch(/does not exist/);
    // The journal replay happened minutes later: its lines are other events, not repeats.
    expect(out.report.sessions).toHaveLength(4);
  });
});

describe('hardening live path', () => {
  it('iptables-save + options files + sensors without chips', async () => {
    const out = await collectHardening(async (r) => {
      if (r.op === 'firewall.iptables')
        return result(r, readFixture('iptables/gre-after-reject.save.txt'));
      if (r.op === 'firewall.nft') return result(r, '');
      if (r.op === 'sensors.read')
        return result(r, readFixture('sensors/empty-vm.stdout.json'), {
          exitCode: 1,
          error: 'sensors exited with status 1: No sensors found!',
        });
      if (r.op === 'ppp.options' && r.path === '/etc/ppp/pptpd-options')
        return result(r, readFixture('pppoptions/debian12-pptpd-options'));
      if (r.op === 'ppp.options' && r.path === '/etc/pptpd.conf')
        return result(r, readFixture('pppoptions/debian12-pptpd.conf'));
      return missing(r, r.op === 'ppp.options' ? r.path : '?');
    });
    expect(out.firewalls).toHaveLength(1);
    expect(out.firewalls[0]?.audit.gre.status).toBe('dropped');
    expect(out.ppp.map((p) => [p.file, p.kind])).toEqual([
      ['/etc/ppp/pptpd-options', 'pppd'],
      ['/etc/pptpd.conf', 'pptpd.conf'],
    ]);
    expect(out.thermal?.status).toBe('unknown');
    expect(out.findings.map((f) => f.id)).toEqual(
      expect.arrayContaining([
        'pptp-control-open',
        'gre-accept-after-catch-all',
        'gre-blocked',
        'ppp-mschapv2',
      ]),
    );
  });

  it('no rules anywhere means no filtering', async () => {
    const out = await collectHardening(async (r) =>
      r.op.startsWith('firewall') ? result(r, '') : missing(r, 'x'),
    );
    expect(out.firewalls[0]?.audit.controlPort.status).toBe('no-filter');
  });
});

describe('ping and mtu live paths', () => {
  it('ping hands the bounded request to the runner and parses its output', async () => {
    let seen: OpRequest | null = null;
    const out = await runPing(
      async (r) => {
        seen = r;
        return result(r, readFixture('lab/healthy/ping-1400.txt'));
      },
      { target: '192.168.47.1', count: 20, intervalS: 0.2, size: 1400 },
    );
    expect(seen).toEqual({
      op: 'ping.run',
      target: '192.168.47.1',
      count: 20,
      intervalS: 0.2,
      size: 1400,
      dontFragment: false,
      deadlineS: 9,
    });
    expect(out.report).toMatchObject({ received: 20, lossPercent: 0 });
    await expect(
      runPing(async (r) => result(r, ''), { target: 'evil; id', count: 1, intervalS: 1, size: 1 }),
    ).rejects.toThrow(/invalid HOST/);
  });

  it('mtu drives DF probes from real lab answers (ppp0 mtu 1496)', async () => {
    const sizes: number[] = [];
    const out = await probeMtu(
      async (r) => {
        if (r.op !== 'ping.run') throw new Error('unexpected');
        sizes.push(r.size);
        expect(r.dontFragment).toBe(true);
        // Above 1468 bytes the lab tunnel answers with its local error, at or below with replies.
        return r.size > 1468
          ? result(r, readFixture('lab/healthy/ping-df-1472.txt'), { exitCode: 1 })
          : result(r, readFixture('lab/healthy/ping-df-1400.txt'));
      },
      { target: '192.168.47.1' },
    );
    expect(sizes).toEqual([1472, 1468, 1469]);
    expect(out.result).toMatchObject({
      pathMtu: 1496,
      recommendedMtu: 1400,
      smallestFailingPacket: 1497,
    });
  });
});
