import { describe, expect, it } from 'vitest';
import { STEP_IDS } from '../../../../shared/checklist/steps';
import { RULES } from '../../../../shared/findings/rules/index';
import { RULE_IDS } from '../../../../shared/findings/rules/ids';
import { planArgv, planOperation } from '../../../../shared/ops/plan';
import { boundedOptions, DEFAULT_STEP_OPTIONS, planStep, STEP_SPECS, type PlanContext } from '../../../../shared/steps/index';

const target = { iface: 'ppp3', carrier: 'enp1s0', remoteIp: '192.168.50.2' };
const ready: PlanContext = {
  target,
  options: DEFAULT_STEP_OPTIONS,
  kernelRelease: '6.1.0-28-amd64',
  captureDir: '/srv/audits/site-1/captures',
};
const displays = (context: PlanContext) => Object.fromEntries(STEP_IDS.map((id) => [id, planStep(id, context).map((c) => c.display)]));

describe('step plans (one definition of what is shown, run and recorded)', () => {
  it('pins the exact commands of every step for a target', () => {
    const d = displays(ready);
    expect(d['identify-interfaces']).toEqual([
      'ip -j -d addr show',
      'ip -j -s -d link show dev ppp3',
      'ip -j -s -d link show dev enp1s0',
      'ps -e -o pid,ppid,comm',
      'ss -l -t -n -p',
    ]);
    expect(d['kernel-modules']).toEqual([
      'cat /proc/modules',
      'cat /lib/modules/6.1.0-28-amd64/modules.builtin',
      'zcat /proc/config.gz',
      'cat /proc/sys/net/netfilter/nf_conntrack_helper',
      'cat /proc/sys/net/ipv4/ip_forward',
    ]);
    expect(d.throughput).toEqual([
      "cat /proc/net/dev /sys/class/net/ppp3/ifindex  # every 500 ms for 30 s",
      'cat /sys/class/net/enp1s0/speed',
      'sensors -j',
    ]);
    expect(d.capture).toEqual([
      "timeout -s INT -k 5 70 tcpdump -i enp1s0 --immediate-mode -U -n -s 0 -w - 'tcp port 1723 or ip proto 47'",
    ]);
    expect(d.logs).toContain('journalctl -u pptpd -o json --no-pager -n 5000');
    expect(d.logs).toContain('cat /var/log/syslog');
    expect(d.logs).toContain('cat /var/log/ppp-connect-errors');
    expect(d.logs).toContain('cat /etc/ppp/options.pptpd');
    expect(d.logs).toContain('iptables-save');
    // x_tables rules loaded with iptables-legacy: applied by the kernel, unseen by iptables-save (nft).
    expect(d.logs).toContain('iptables-legacy-save');
    expect(planStep('logs', ready).find((c) => c.key === 'iptables-legacy')).toMatchObject({ privileged: true, request: { op: 'firewall.iptablesLegacy', family: 'ipv4' } });
    expect(d.logs).toContain('nft list ruleset');
    expect(d.latency).toEqual([
      'ping -n -c 50 -i 0.2 -s 1400 -W 2 192.168.50.2',
      'ping -n -c 2 -i 0.2 -s 1472 -W 2 -M do -I ppp3 192.168.50.2',
    ]);
  });

  it('hands the runner the request whose planned argv it shows', () => {
    for (const id of STEP_IDS) {
      for (const c of planStep(id, ready)) {
        if (!c.request) continue;
        expect(planArgv(planOperation(c.request, { kernelRelease: ready.kernelRelease! })), `${id} ${c.key}`).toEqual(c.argv);
      }
    }
  });

  it('follows the options the auditor typed, bounded, and never sends more echoes than asked', () => {
    const d = displays({ ...ready, options: { ...DEFAULT_STEP_OPTIONS, pingCount: 100, windowS: 60 } });
    expect(d.latency?.[0]).toBe('ping -n -c 100 -i 0.2 -s 1400 -W 2 192.168.50.2');
    expect(d.latency?.[0]).not.toMatch(/ -w /);
    expect(d.capture?.[0]).toContain(' 100 tcpdump');
    expect(boundedOptions({ windowS: Number.NaN, pingCount: 99999, intervalMs: 1 })).toEqual({ windowS: 30, pingCount: 1000, intervalMs: 100 });
    expect(planStep('latency', { ...ready, options: { ...DEFAULT_STEP_OPTIONS, pingCount: Number.NaN } })[0]?.request).toMatchObject({ count: 50 });
  });

  it('shows, but does not run, a command whose value is known only once the audit runs', () => {
    const early: PlanContext = { target, options: DEFAULT_STEP_OPTIONS };
    const capture = planStep('capture', early)[0]!;
    expect(capture.request).toBeNull();
    expect(capture.unavailable).toMatch(/capture folder/);
    const builtin = planStep('kernel-modules', early)[1]!;
    expect(builtin.request).toBeNull();
    expect(builtin.unavailable).toMatch(/kernel release/);
  });

  it('names only rules that exist, and every rule speaks to at most one step', () => {
    const seen = new Map<string, string>();
    for (const id of STEP_IDS) {
      for (const rule of STEP_SPECS[id].rules) {
        expect(RULE_IDS).toContain(rule);
        expect(seen.get(rule), `${rule} in ${id} and ${seen.get(rule)}`).toBeUndefined();
        seen.set(rule, id);
      }
    }
    expect(RULES.map((r) => r.id).sort()).toEqual([...RULE_IDS].sort());
  });
});
