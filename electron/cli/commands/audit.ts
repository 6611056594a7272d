import type { Command } from 'commander';
import type { AuditCliOptions } from '../actions/audit';
import { DEFAULT_PING_COUNT, MAX_PING_COUNT, MIN_PING_COUNT } from '../../../shared/steps/specs/pingLimits';
import { addTargetOptions } from '../stepRun/targetOptions';

export function registerAudit(program: Command): void {
  const command = program
    .command('audit')
    .description('run all six audit steps without the GUI and write the evidence bundle and PDF report')
    .requiredOption('--iface <name>', 'tunnel interface, e.g. ppp0')
    .requiredOption('--carrier <name>', 'physical interface carrying the tunnel, e.g. eth0')
    .requiredOption('--remote <ip>', 'internal address of the far end of the tunnel (pinged in step 6)')
    .requiredOption('--site <name>', 'site name for the report cover')
    .requiredOption('--out <dir>', 'new, empty folder for the evidence bundle')
    .option('--auditor <name>', 'auditor name', '')
    .option('--asset <name>', 'audited asset (gateway, controller)', '')
    .option('--duration <seconds>', 'sampling and capture window, 5 to 3600 s', '30')
    .option('--ping-count <n>', `echo requests of step 6 at 0.2 s, ${MIN_PING_COUNT} to ${MAX_PING_COUNT} (exactly this many are sent)`, String(DEFAULT_PING_COUNT))
    .option('--link-speed <mbps>', 'carrier capacity in Mbit/s (default: sysfs speed)')
    .option('--paper <size>', 'A4 or Letter', 'A4')
    .option('--no-pdf', 'write the bundle only')
    .option('--from <dir>', 'offline audit: judge the files a site engineer sent (a folder; each file recognised by content) instead of running the steps')
    .option('--baseline-file <file>', 'keep a long-term baseline from Prometheus (written by pptp-auditor baseline --out) as evidence of this audit, and print it in the report')
    .option('--metrics-file <file.prom>', "also write the findings as OpenMetrics for node_exporter's textfile collector (atomically)")
    .option('--json', 'print a JSON summary');
  addTargetOptions(command)
    .action(async (o: AuditCliOptions) => {
      const { runAuditCommand } = await import('../actions/audit');
      await runAuditCommand(o);
    });
}
