import type { Command } from 'commander';
import { addTargetOptions, type TargetCliOptions } from '../stepRun/targetOptions';

export function registerServe(program: Command): void {
  const command = program
    .command('serve')
    .description('start the backend and serve the app to a browser on 127.0.0.1 (URL with a token)')
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)')
    .option('--audits <dir>', 'where new audits are written (default: ~/.local/share/pptp-auditor/audits)')
    .option('--metrics-token-file <file>', 'serve the latest audit of each asset at /metrics (OpenMetrics) to a scrape with this bearer token')
    .option('--no-print', 'no PDF printing here (no usable Chromium): Finish and sign seals without the report, which `report` prints later');
  // --target: the served backend starts connected to that gateway (the GUI can change it).
  addTargetOptions(command)
    .action(async (options: { port?: string; audits?: string; metricsTokenFile?: string; print?: boolean } & TargetCliOptions) => {
      const { runServe } = await import('../actions/serve');
      await runServe(options);
    });
}
