import type { LatencyFacts, PathMtuFacts } from '../../findings/facts';
import { latencyReport } from '../../analysis/jitter';
import { echoOverhead, type IpFamily, type ProbeOutcome } from '../../analysis/mtuProbe';
import { parsePing } from '../../parsers/ping';
import { FactsInputError } from './errors';
import { firstLine } from './lines';

/** Step 6: one `ping` run across the tunnel → LatencyFacts. */
export function latencyFacts(pingText: string, file: string): LatencyFacts {
  if (pingText.trim() === '') throw new FactsInputError(file, 'ping printed nothing');
  const run = parsePing(pingText);
  if (run.summary === null && run.events.length === 0) {
    throw new FactsInputError(file, `no ping output recognised${run.unparsed[0] ? ` (first line: ${run.unparsed[0].slice(0, 80)})` : ''}`);
  }
  return { source: file, report: latencyReport(run) };
}

/** A DF probe outcome, with where its ping output sits in the bundle. */
export interface CitedProbe extends ProbeOutcome {
  file?: string;
  line?: number;
}

/**
 * One `ping -M do -s SIZE` run → a probe outcome: passed when any reply came back; the MTU a
 * "Frag needed"/"message too long" line reported; cited at its first error line (or the
 * statistics when it passed).
 */
export function probeFromDfPing(pingText: string, file: string): CitedProbe {
  const run = parsePing(pingText);
  if (run.payloadBytes === null) throw new FactsInputError(file, 'no "PING ... bytes of data" header: the probe size is unknown');
  const report = latencyReport(run);
  const passed = report.received > 0;
  const line = passed
    ? firstLine(pingText, (l) => /packets transmitted/.test(l))
    : (firstLine(pingText, (l) => /^ping: |^From \S+ icmp_seq=/.test(l.trim())) ?? firstLine(pingText, (l) => /packets transmitted/.test(l)));
  const probe: CitedProbe = { payload: run.payloadBytes, passed, reportedMtu: report.reportedPathMtu, file };
  if (line !== undefined) probe.line = line;
  return probe;
}

/**
 * Step 6, DF bisection: probe outcomes → PathMtuFacts. Sizes are IP packets (payload + IP and
 * ICMP headers). A failure smaller than a size that passed is noise (a lost probe), not a
 * limit, and is ignored, as the probe state machine does. The fact cites the failing probe
 * that sets the limit (else the largest passing one), falling back to `file`.
 */
export function pathMtuFacts(probeResults: readonly CitedProbe[], file: string, family: IpFamily = 'inet'): PathMtuFacts {
  if (probeResults.length === 0) throw new FactsInputError(file, 'no path-MTU probe was run');
  const overhead = echoOverhead(family);
  let pass: CitedProbe | null = null;
  for (const p of probeResults) if (p.passed && (pass === null || p.payload > pass.payload)) pass = p;
  let fail: CitedProbe | null = null;
  for (const p of probeResults) {
    if (p.passed || (pass !== null && p.payload <= pass.payload)) continue;
    if (fail === null || p.payload < fail.payload) fail = p;
  }
  const cited = fail ?? pass;
  const facts: PathMtuFacts = {
    source: cited?.file ?? file,
    largestPassingPacket: pass ? pass.payload + overhead : null,
    smallestFailingPacket: fail ? fail.payload + overhead : null,
  };
  if (cited?.line !== undefined) facts.line = cited.line;
  return facts;
}
