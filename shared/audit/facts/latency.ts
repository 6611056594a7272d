import type { LatencyFacts, PathMtuFacts } from '../../findings/facts';
import { latencyReport } from '../../analysis/jitter';
import { echoOverhead, type IpFamily, type ProbeOutcome } from '../../analysis/mtuProbe';
import { parsePing, splitPingRuns } from '../../parsers/ping';
import { FactsInputError } from './errors';
import { firstLine } from './lines';
import { requireKind } from './recognised';

/**
 * Step 6: `ping` output across the tunnel → LatencyFacts. A file holding several runs keeps
 * each run's figures apart (`runs`); `report` is the main run, the one that sent the most
 * requests (the last of equals): never a blend of two runs' counts and RTTs.
 */
export function latencyFacts(pingText: string, file: string): LatencyFacts {
  if (pingText.trim() === '') throw new FactsInputError(file, 'ping printed nothing');
  // Ping's own error lines alone ("ping: connect: Network is unreachable") are a real answer
  // of the collected command; only text that is no ping output at all is refused.
  if (!/^ping: /m.test(pingText)) requireKind(pingText, file, ['ping'] as const);
  const slices = splitPingRuns(pingText);
  const runs = slices
    .filter((s) => s.run.summary !== null || s.run.events.length > 0)
    .map((s) => ({ report: latencyReport(s.run), line: s.startLine }));
  const main = runs.reduce<(typeof runs)[number] | null>((best, r) => (best === null || r.report.transmitted >= best.report.transmitted ? r : best), null);
  if (main === null) {
    const unparsed = slices[0]?.run.unparsed[0];
    throw new FactsInputError(file, `no ping output recognised${unparsed ? ` (first line: ${unparsed.slice(0, 80)})` : ''}`);
  }
  const facts: LatencyFacts = { source: file, report: main.report };
  if (runs.length > 1) facts.runs = runs;
  return facts;
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
 * A file of several DF probe runs (`ping -M do -s SIZE` one after the other, as a site
 * engineer runs them by hand) → one cited probe per run. A probe lost without any error line
 * (a black hole that drops "frag needed") is a failure like any other: pathMtuFacts then gives
 * the largest size that passed.
 */
export function probesFromDfPingRuns(pingText: string, file: string): CitedProbe[] {
  if (pingText.trim() === '') throw new FactsInputError(file, 'ping printed nothing');
  requireKind(pingText, file, ['ping'] as const);
  return splitPingRuns(pingText).map((slice) => {
    const probe = probeFromDfPing(slice.text, file);
    if (probe.line !== undefined) probe.line += slice.startLine - 1;
    return probe;
  });
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
