import { describe, expect, it, vi } from 'vitest';

// The tools directory lookup says nothing is installed.
vi.mock('../../../../electron/ops/tools', async (orig) => ({
  ...(await orig<typeof import('../../../../electron/ops/tools')>()),
  resolveTool: () => null,
}));

const { runOperation } = await import('../../../../electron/ops/run');

describe('a missing tool', () => {
  it('gives "<tool> is not installed (apt install <pkg>)" for each tool', async () => {
    const cases = [
      [{ op: 'sensors.read' }, 'sensors is not installed (apt install lm-sensors)'],
      [{ op: 'ip.addr' }, 'ip is not installed (apt install iproute2)'],
      [{ op: 'firewall.nft' }, 'nft is not installed (apt install nftables)'],
      [{ op: 'firewall.iptables' }, 'iptables-save is not installed (apt install iptables)'],
      [{ op: 'firewall.iptablesLegacy' }, 'iptables-legacy-save is not installed (apt install iptables)'],
      [{ op: 'logs.journal', unit: 'pptpd' }, 'journalctl is not installed (apt install systemd)'],
      [{ op: 'ping.run', target: '127.0.0.1', count: 1, intervalS: 1, size: 1, dontFragment: false, deadlineS: 1 }, 'ping is not installed (apt install iputils-ping)'],
      [{ op: 'capture.start', iface: 'lo', durationS: 1, maxBytes: 65536, dir: '/tmp' }, 'tcpdump is not installed (apt install tcpdump)'],
    ] as const;
    for (const [req, message] of cases) {
      const r = await runOperation(req);
      expect(r.error).toBe(message);
      expect(r.exitCode).toBeNull();
      expect(r.argv).toContain(message.split(' ')[0]);
    }
  });
});
