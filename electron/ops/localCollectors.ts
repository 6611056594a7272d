/**
 * Whether this machine can run the collectors itself (ip, tcpdump, /proc and /sys, journalctl…):
 * Linux only. On Windows or macOS the auditor's laptop audits a Linux gateway over SSH or judges
 * files already collected there. The one answer the CLI's gate and the GUI's target state give;
 * `platform` is injectable for tests.
 */
export function localCollectorsUnsupported(platform: NodeJS.Platform = process.platform): string | null {
  return platform === 'linux' ? null : `the collectors run on Linux only and this machine runs ${platform}`;
}
