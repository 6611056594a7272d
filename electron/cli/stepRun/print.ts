import type { AuditFacts } from '../../../shared/findings/facts';
import type { Finding } from '../../../shared/findings/types';
import { STEP_SPECS } from '../../../shared/steps/index';
import { terminalSafe } from '../terminalText';
import type { StepJudgement } from './judge';

const ms = (v: number | null | undefined) => (v === null || v === undefined ? '-' : `${v.toFixed(3)} ms`);

/** What the step's facts say, in the words of the tool an engineer would have run. */
function factLines(facts: AuditFacts): string[] {
  const out: string[] = [];
  if (facts.interfaces) {
    for (const i of facts.interfaces.interfaces) {
      out.push(`${i.name.padEnd(10)} ${i.operState.padEnd(8)} link/${i.linkType.padEnd(6)} mtu ${String(i.mtu).padEnd(5)} <${i.flags.join(',')}>`);
    }
  }
  if (facts.processes) {
    const daemons = facts.processes.pptp;
    out.push(`PPTP daemons running: ${daemons.length > 0 ? daemons.map((d) => `${d.name}[${d.pid}]`).join(', ') : 'none'} (of ${facts.processes.total} processes)`);
  }
  if (facts.listeners) {
    const control = facts.listeners.pptpControl;
    out.push(`TCP 1723: ${control ? `listening on ${control.address}${control.processes.length ? ` (${control.processes.join(', ')})` : ''}` : 'nothing listens'}`);
  }
  if (facts.modules) {
    const m = facts.modules;
    out.push(`${'MODULE'.padEnd(20)} HOW        WHERE`);
    for (const p of m.present) out.push(`${p.name.padEnd(20)} ${p.how.padEnd(10)} ${p.file}${p.line ? `:${p.line}` : ''}`);
    if (m.undetermined?.length) out.push(`undetermined (an input was missing): ${m.undetermined.join(', ')}`);
    if (m.conntrackHelperSysctl) out.push(`net.netfilter.nf_conntrack_helper = ${m.conntrackHelperSysctl.value}`);
    if (m.gateway) out.push(`gateway: ${m.gateway.isGateway ? 'yes' : 'no'} (${m.gateway.basis})`);
  }
  if (facts.logs) {
    const counts = new Map<string, number>();
    for (const e of facts.logs.events) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
    out.push(`log sources: ${facts.logs.sources.join(', ')}`);
    out.push(`events: ${counts.size > 0 ? [...counts].map(([k, n]) => `${k} ${n}`).join(', ') : 'none recognised'}`);
  }
  if (facts.pppOptions) {
    const p = facts.pppOptions.posture;
    out.push(
      `${facts.pppOptions.file}: MPPE ${p.mppeDisabled ? 'disabled' : p.mppeRequired ? `required ${p.mppeAllowed.join('/')}-bit` : 'optional'}, ${p.statefulAllowed ? 'stateful allowed' : 'stateless'}, auth ${p.authRequired ? p.authAccepted.join('+') || 'none left' : 'NOT required'}`,
    );
  }
  if (facts.chapSecrets) {
    const s = facts.chapSecrets.summary;
    out.push(`chap-secrets: mode ${s.mode}, ${s.entries.length} entr${s.entries.length === 1 ? 'y' : 'ies'} (lengths only, never the secrets)`);
  }
  if (facts.firewall?.notEvaluated !== undefined) out.push(`firewall: not evaluated: ${facts.firewall.notEvaluated}`);
  if (facts.firewall?.audit) {
    const a = facts.firewall.audit;
    out.push(`firewall (${a.source}): TCP 1723 ${a.controlPort.status}${a.controlPort.allowlist.length ? ` [${a.controlPort.allowlist.join(', ')}]` : ''}; GRE input ${a.gre.status}, forward ${a.gre.forwardStatus}; pptp helper ${a.helper.assigned ? 'assigned' : 'not assigned'}; MSS clamp ${a.mssClamp ? 'yes' : 'no'}`);
    for (const w of a.warnings) out.push(`  warning: ${w}`);
  }
  if (facts.sensors) out.push(`sensors: ${facts.sensors.readings.length} temperature reading(s)`);
  if (facts.latency) {
    const r = facts.latency.report;
    out.push(`target ${r.target ?? '-'}  payload ${r.payloadBytes ?? '-'} bytes`);
    out.push(`sent ${r.transmitted}  received ${r.received}  lost ${r.lost} (${r.lossPercent}%)  duplicates ${r.duplicates}  errors ${r.errors}`);
    out.push(`rtt min/avg/max/mdev ${r.rtt ? `${r.rtt.minMs}/${r.rtt.avgMs}/${r.rtt.maxMs}/${r.rtt.mdevMs} ms` : '-'}`);
    out.push(`jitter (RFC 3550) ${ms(r.jitterMs)}  mean |ΔRTT| ${ms(r.meanDeltaMs)}`);
    if (r.reportedPathMtu !== null) out.push(`path MTU reported by ICMP/local errors: ${r.reportedPathMtu}`);
  }
  if (facts.pathMtu) {
    const p = facts.pathMtu;
    out.push(`DF probe: largest packet passing ${p.largestPassingPacket ?? 'none'}, smallest failing ${p.smallestFailingPacket ?? 'none'}`);
  }
  return out;
}

function findingLines(f: Finding): string[] {
  return [
    `  [${f.severity}] ${f.title}`,
    `      ${f.summary}`,
    ...f.evidence.map((e) => `      evidence: ${e.file}${e.line ? `:${e.line}` : ''}${e.packet ? ` packet ${e.packet}` : ''}  ${e.excerpt}`),
    `      fix: ${f.remediation}`,
  ];
}

/** The text a per-step command prints: facts, the step's rules, then every finding. */
export function judgementText(j: StepJudgement, inputs: Array<{ file: string; kind: string }>): string {
  const spec = STEP_SPECS[j.step];
  const out = [`step ${spec.number}: ${spec.title}`];
  for (const i of inputs) out.push(`input ${i.file}: ${i.kind}`);
  out.push(...factLines(j.facts));
  for (const p of j.problems) out.push(`not read: ${p}`);
  out.push('', 'rules of this step:');
  for (const r of j.rules) out.push(`  ${r.status.padEnd(13)} ${r.ruleId}: ${r.detail}`);
  out.push('', j.findings.length > 0 ? 'findings:' : 'findings: none');
  for (const f of j.findings) out.push(...findingLines(f));
  return `${out.map(terminalSafe).join('\n')}\n`;
}
