import type { EvidenceRef } from '../../model/evidence';
import { ref } from '../evidence';
import type { LogEvent } from '../facts';
import { FLAP_MIN_TERMINATIONS, FLAP_WINDOW_SECONDS, THERMAL_HIGH_C, THERMAL_WARN_C } from '../thresholds';
import type { Rule, RuleFinding, Severity } from '../types';

/** The largest number of terminations inside any window of FLAP_WINDOW_SECONDS (all, if untimed). */
function terminationsInWindow(events: LogEvent[]): LogEvent[] {
  const timed = events.filter((e) => e.at !== null && Number.isFinite(Date.parse(e.at)));
  if (timed.length < events.length) return events;
  const sorted = [...timed].sort((a, b) => Date.parse(a.at!) - Date.parse(b.at!));
  let best: LogEvent[] = [];
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (Date.parse(sorted[end]!.at!) - Date.parse(sorted[start]!.at!) > FLAP_WINDOW_SECONDS * 1000) start++;
    if (end - start + 1 > best.length) best = sorted.slice(start, end + 1);
  }
  return best;
}

export const tunnelFlapping: Rule = {
  id: 'tunnel-flapping',
  title: 'Tunnel flapping',
  uses: ['logs', 'throughput'],
  troubleshooting: 'tunnel-flapping',
  evaluate({ logs, throughput }) {
    const evidence: EvidenceRef[] = [];
    const reasons: string[] = [];
    if (logs) {
      const window = terminationsInWindow(logs.events.filter((e) => e.kind === 'terminate'));
      if (window.length >= FLAP_MIN_TERMINATIONS) {
        reasons.push(`${window.length} connection terminations in the logs${window[0]?.at ? ` within ${FLAP_WINDOW_SECONDS / 3600} h` : ''}`);
        evidence.push(...window.slice(0, 10).map((e) => ref(e.file, e.text, { line: e.line })));
      }
    }
    if (throughput) {
      const recreated = throughput.discontinuities.filter((d) => d.reason === 'ifindex-changed' || d.reason === 'vanished');
      if (recreated.length >= FLAP_MIN_TERMINATIONS) {
        reasons.push(`${throughput.iface} vanished or was re-created ${recreated.length} times while sampling`);
        evidence.push(
          ...recreated.slice(0, 10).map((d) => ref(throughput.source, `${new Date(d.t).toISOString()} ${throughput.iface}: ${d.reason}`, { line: d.line })),
        );
      }
    }
    if (reasons.length === 0) {
      return { kind: 'clear', basis: `fewer than ${FLAP_MIN_TERMINATIONS} terminations/re-creations in ${[logs ? 'the logs' : null, throughput ? 'the samples' : null].filter(Boolean).join(' and ')}` };
    }
    return {
      kind: 'fired',
      findings: [
        {
          title: 'Tunnel flaps',
          severity: 'medium',
          summary: `${reasons.join('; ')}. Every reconnect drops telemetry and renegotiates MS-CHAPv2 on the wire.`,
          evidence,
          remediation: 'Read the lines around each termination (LCP timeouts, carrier loss, DHCP renewal on the controller) and fix the cause; set lcp-echo-interval/lcp-echo-failure to detect dead peers cleanly.',
        },
      ],
    };
  },
};

export const dynamicAddress: Rule = {
  id: 'dynamic-address',
  title: 'Dynamic address on the controller',
  uses: ['interfaces'],
  troubleshooting: 'dynamic-address',
  evaluate({ interfaces }) {
    if (!interfaces) return { kind: 'not-evaluated', reason: 'no interface list' };
    const names = [interfaces.tunnel, interfaces.carrier].filter((n): n is string => n !== null);
    const relevant = interfaces.interfaces.filter((i) => names.includes(i.name));
    if (relevant.length === 0) return { kind: 'not-evaluated', reason: `neither ${names.join(' nor ')} is in the interface list` };
    const dynamic = relevant.flatMap((i) => i.addresses.filter((a) => a.dynamic).map((a) => ({ iface: i.name, a })));
    if (dynamic.length === 0) return { kind: 'clear', basis: `${relevant.map((i) => i.name).join(', ')}: only static addresses` };
    return {
      kind: 'fired',
      findings: [
        {
          title: 'Dynamic (DHCP) address on the tunnel path',
          severity: 'medium',
          summary: `${dynamic.map(({ iface, a }) => `${iface} ${a.local}/${a.prefixlen} (valid ${a.validLifetime ?? 'forever'} s)`).join(', ')} ${dynamic.length > 1 ? 'are' : 'is'} leased: a DHCP renewal that changes the address collapses the tunnel.`,
          evidence: dynamic.map(({ iface, a }) => ref(interfaces.source, `${iface}: inet ${a.local}/${a.prefixlen} dynamic valid_lft ${a.validLifetime ?? 'forever'}`)),
          remediation: 'Configure a static internal address on the logic-controller (or a DHCP reservation that never changes).',
        },
      ],
    };
  },
};

export const thermalStress: Rule = {
  id: 'thermal-stress',
  title: 'Thermal stress on the gateway',
  uses: ['sensors'],
  troubleshooting: 'thermal',
  evaluate({ sensors }) {
    if (!sensors) return { kind: 'not-evaluated', reason: 'no sensors output' };
    if (sensors.readings.length === 0) return { kind: 'not-evaluated', reason: 'sensors reported no temperature' };
    const findings: RuleFinding[] = [];
    for (const r of sensors.readings) {
      const celsius = r.inputC;
      const critLimit = r.critC ?? THERMAL_HIGH_C;
      const warnLimit = r.highC ?? THERMAL_WARN_C;
      let severity: Severity | null = null;
      if (celsius >= critLimit) severity = 'high';
      else if (celsius >= warnLimit || r.alarm) severity = 'medium';
      if (!severity) continue;
      findings.push({
        qualifier: `${r.chip}:${r.label}`,
        title: `${r.label} at ${celsius} °C`,
        severity,
        summary: `${r.chip} ${r.label} reads ${celsius} °C, at or above its ${severity === 'high' ? 'critical' : 'high'} limit of ${severity === 'high' ? critLimit : warnLimit} °C${(severity === 'high' ? r.critC : r.highC) === null ? ' (our default)' : ''}: single-threaded MPPE on a hot network processor points at imminent hardware failure.`,
        evidence: [ref(sensors.source, `${r.chip} ${r.label}: +${celsius}°C (high = ${r.highC ?? '-'}, crit = ${r.critC ?? '-'})${r.alarm ? ' ALARM' : ''}`)],
        remediation: 'Restore cooling, reduce the PPTP load on this gateway, and prioritise its migration.',
      });
    }
    if (findings.length === 0) return { kind: 'clear', basis: `${sensors.readings.length} readings, all below their high limits` };
    return { kind: 'fired', findings };
  },
};
