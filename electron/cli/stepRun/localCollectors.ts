import { localCollectorsUnsupported } from '../../ops/localCollectors';
import { UsageError } from '../errors';

/** What the CLI says when a command would collect on a machine that is not Linux. */
export const LOCAL_COLLECTORS_LINUX_ONLY = 'the collectors run on Linux only; use --target ssh://… or --from DIR';

/**
 * The one gate in front of every local collector the CLI starts (ip, tcpdump, /proc and /sys,
 * journalctl…): they exist on Linux only. On Windows or macOS the auditor's laptop audits a
 * gateway over SSH or judges files already collected; a local run is refused in one line
 * instead of failing later on a missing /proc. `platform` is injectable for tests.
 */
export function requireLocalCollectors(platform: NodeJS.Platform = process.platform): void {
  if (localCollectorsUnsupported(platform) !== null) throw new UsageError(`${LOCAL_COLLECTORS_LINUX_ONLY} (this machine runs ${platform})`);
}
