import type { Command } from 'commander';
import {
  collectHardening,
  hardeningFromFiles,
  type HardeningResult,
} from '../../collectors/hardening/collectHardening';
import { InputFileError } from '../../collectors/logs/inputFile';
import { runOperation } from '../../ops/run';
import { UsageError } from '../errors';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function printText(result: HardeningResult): void {
  const out: string[] = [];
  for (const f of result.firewalls) {
    const a = f.audit;
    out.push(`firewall ${f.source} (${a.source}):`);
    out.push(
      `  TCP 1723: ${a.controlPort.status}${a.controlPort.allowlist.length ? ` [${a.controlPort.allowlist.join(', ')}]` : ''}`,
    );
    out.push(
      `  GRE (47): input ${a.gre.status}, forward ${a.gre.forwardStatus}${a.gre.shadowed.length ? `, ${a.gre.shadowed.length} ACCEPT rule(s) after a catch-all` : ''}`,
    );
    out.push(
      `  pptp conntrack helper: ${a.helper.assigned ? 'assigned' : 'not assigned'}   MSS clamp: ${a.mssClamp ? 'yes' : 'no'}`,
    );
    for (const w of a.warnings) out.push(`  warning: ${w}`);
  }
  if (result.firewalls.length === 0) out.push('firewall: no ruleset found');
  for (const p of result.ppp) {
    const s = p.posture;
    out.push(
      `${p.file} (${p.kind}): ${p.kind === 'pptpd.conf' ? `pppd options file ${s.optionFile ?? '(default)'}` : `MPPE ${s.mppeDisabled ? 'disabled' : s.mppeRequired ? `required ${s.mppeAllowed.join('/')}-bit` : 'optional'}, ${s.statefulAllowed ? 'stateful allowed' : 'stateless'}, auth ${s.authRequired ? s.authAccepted.join('+') || 'none left' : 'NOT required'}`}`,
    );
  }
  if (result.thermal)
    out.push(
      `thermal: ${result.thermal.status}${result.thermal.hottest ? ` (hottest ${result.thermal.hottest.chip} ${result.thermal.hottest.label} ${result.thermal.hottest.inputC} °C)` : ''}`,
    );
  out.push('', result.findings.length ? 'findings:' : 'findings: none');
  for (const f of result.findings)
    out.push(`  [${f.severity}] ${f.title}\n      ${f.detail}\n      fix: ${f.remediation}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

export function registerHardening(program: Command): void {
  program
    .command('hardening')
    .description(
      'hardening checks: TCP 1723 allowlist, GRE accept order, conntrack helper, pppd MPPE/auth options, thermal',
    )
    .option(
      '--from <file>',
      'analyse a file instead of this machine (iptables-save, iptables -L -n -v, nft list ruleset, pppd options, pptpd.conf, sensors -j); repeatable',
      collect,
      [],
    )
    .option('--json', 'print JSON')
    .action(async (options: { from: string[]; json?: boolean }) => {
      let result: HardeningResult;
      try {
        result =
          options.from.length > 0
            ? await hardeningFromFiles(options.from)
            : await collectHardening((r) => runOperation(r));
      } catch (e) {
        if (e instanceof InputFileError) throw new UsageError(e.message);
        throw e;
      }
      if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else printText(result);
    });
}
