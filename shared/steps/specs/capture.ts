import { notYetPlannable, opCommand } from '../planned';
import type { StepSpec } from '../types';
import { FactsCollector } from '../adapt';

/** Cap of one capture: enough for an hour of a busy telemetry tunnel, small enough for a laptop. */
export const CAPTURE_MAX_BYTES = 256 * 1024 * 1024;
/**
 * The audit stops the capture at the end of its window; the helper's own bound is this much
 * later, so it only acts if the audit's stop never comes (a crash).
 */
export const CAPTURE_STOP_GRACE_S = 30;

/** The id stamped on a capture run's live snapshots: a re-run never shows the previous run's. */
export function captureSessionId(auditId: string, runId: number): string {
  return `${auditId}#${runId}`;
}

export function isCaptureOfAudit(sessionId: string, auditId: string): boolean {
  return sessionId.startsWith(`${auditId}#`);
}

export const captureSpec: StepSpec = {
  id: 'capture',
  number: 4,
  title: 'Capture control and data channels',
  guideCommand: 'tcpdump -i eth0 port 1723 or proto 47 -vv',
  purpose: 'Record PPTP control (TCP 1723) and GRE data (protocol 47) on the carrier and decode them.',
  essential: true,
  facts: ['wire'],
  rules: ['data-unencrypted', 'weak-mppe', 'mschapv2-observable', 'gre-blockage', 'gre-sequence-loss', 'tunnel-fragmentation'],
  plan: ({ target, options, captureDir }) => {
    const command = opCommand('capture', `passive capture of control and data channels for ${options.windowS} s (the helper writes the pcap)`, {
      op: 'capture.start',
      iface: target.carrier,
      durationS: Math.min(3600, options.windowS + CAPTURE_STOP_GRACE_S),
      maxBytes: CAPTURE_MAX_BYTES,
      dir: captureDir ?? '/audit-folder/captures',
    });
    return [captureDir === undefined ? notYetPlannable(command, 'the capture folder exists once the audit is started') : command];
  },
  adapt(outputs) {
    const c = new FactsCollector();
    // The pcap is decoded by streaming I/O before it reaches here (electron/audit, analyze).
    const capture = outputs.find((o) => o.key === 'capture' && o.decoded?.wire);
    if (capture?.decoded?.wire) {
      const wire = capture.decoded.wire;
      c.take('wire', () => wire);
    }
    return c.result();
  },
};
