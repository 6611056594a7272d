import type { Command } from 'commander';

/**
 * `pptp-auditor verify DIR`: exit 0 when every file matches the manifest, 1 when anything was
 * changed, added or removed (or the manifest itself is damaged), 2 on usage errors.
 */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('Check an evidence bundle against its manifest: names every file changed, added or missing (exit 0 intact, 1 tampered, 2 usage)')
    .argument('<dir>', 'evidence bundle folder')
    .option('--json', 'print the report as JSON')
    .action(async (dir: string, options: { json?: boolean }) => {
      const { runVerify } = await import('../actions/verify');
      runVerify(dir, options);
    });
}
