import { afterEach, describe, expect, it, vi } from 'vitest';
import { runAuditCommand } from '../../../../electron/cli/actions/audit';
import { runInterfaces } from '../../../../electron/cli/actions/interfaces';
import { runHardening, runLogs, runModules, runPing } from '../../../../electron/cli/actions/stepCommands';
import { runWatch } from '../../../../electron/cli/actions/watch';
import { UsageError } from '../../../../electron/cli/errors';
import { LOCAL_COLLECTORS_LINUX_ONLY, requireLocalCollectors } from '../../../../electron/cli/stepRun/localCollectors';

const FIXTURES = new URL('../../../fixtures/', import.meta.url).pathname;
const REAL_PLATFORM = Object.getOwnPropertyDescriptor(process, 'platform')!;

/** This process as if it ran on another system (only process.platform changes). */
function pretendPlatform(platform: NodeJS.Platform): void {
  Object.defineProperty(process, 'platform', { ...REAL_PLATFORM, value: platform });
}

afterEach(() => {
  Object.defineProperty(process, 'platform', REAL_PLATFORM);
  vi.restoreAllMocks();
});

describe('requireLocalCollectors: local collectors on Linux only', () => {
  it('lets Linux through', () => {
    expect(() => requireLocalCollectors('linux')).not.toThrow();
  });

  it.each(['win32', 'darwin', 'freebsd'] as const)('refuses %s in one plain line (a usage error: exit 2, no stack)', (platform) => {
    let error: unknown;
    try {
      requireLocalCollectors(platform);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`${LOCAL_COLLECTORS_LINUX_ONLY} (this machine runs ${platform})`);
    expect((error as Error).message).not.toContain('\n');
  });
});

/**
 * Every CLI command that would collect on this machine asks the one gate first: on a laptop
 * running Windows or macOS it refuses before touching ip, /proc or tcpdump; judging files
 * (--from) still works there.
 */
describe.each(['win32', 'darwin'] as const)('the CLI on %s', (platform) => {
  const refused = async (run: () => Promise<unknown>) => {
    pretendPlatform(platform);
    await expect(run()).rejects.toThrow(new UsageError(`${LOCAL_COLLECTORS_LINUX_ONLY} (this machine runs ${platform})`));
  };

  it('refuses local interfaces, modules, logs, hardening, ping, watch and audit', async () => {
    await refused(() => runInterfaces({ from: [], iface: 'ppp0' }));
    await refused(() => runModules({ from: [] }));
    await refused(() => runLogs({ from: [] }));
    await refused(() => runHardening({ from: [] }));
    await refused(() => runPing('10.0.0.1', { count: '5', from: [] }));
    await refused(() => runWatch({ iface: 'ppp0', duration: '1' }));
    await refused(() => runAuditCommand({ iface: 'ppp0', carrier: 'eth0', remote: '10.0.0.1', site: 'Site', out: '/nonexistent/audit', pdf: false }));
  });

  it('still judges files a site engineer sent (--from)', async () => {
    pretendPlatform(platform);
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    await runInterfaces({ from: [`${FIXTURES}inputs/ip-j-d-addr.veth-ppp0.json`], iface: 'ppp0', json: true });
    expect(JSON.parse(written.join('')).inputs).toHaveLength(1);
  });
});
