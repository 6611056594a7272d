import type { StepId } from '../checklist/steps';
import type { AuditFacts, WireFacts } from '../findings/facts';
import type { AuditTarget } from '../model/audit';
import type { ThroughputSample } from '../model/throughput';
import type { InputKind } from '../parsers/recognise';

/**
 * One raw output a step produced, as kept in the bundle: the planned command's key, the
 * bundle-relative file that holds it and its text. Collected live, run over SSH or supplied as
 * a file by a site engineer, it is the same thing to the step's fact adapter.
 */
export interface RawOutput {
  step: StepId;
  /** The planned command's key (shared/steps/specs), e.g. "addr", "loaded", "ping". */
  key: string;
  /** Bundle-relative file cited as evidence. */
  file: string;
  text: string;
  /**
   * What the command printed on stderr, when it ran live. Read only where stderr carries a fact
   * stdout lacks: iptables-save (nft) warns there that iptables-legacy tables are loaded.
   */
  stderr?: string;
  /** What recognition found the text to be (supplied files); live outputs are known by their key. */
  inputKind?: InputKind;
  /** The path on the audited host, where the text is a file's content (pppd options). */
  hostPath?: string;
  /** Outputs decoded by I/O-bound code before they reach a pure adapter (the pcap, the sample stream). */
  decoded?: { samples?: readonly ThroughputSample[]; wire?: WireFacts };
}

export interface AdaptContext {
  target: AuditTarget;
  /** Carrier capacity entered by the auditor; null: sysfs speed (link-speed output) or unknown. */
  linkSpeedMbps: number | null;
  /** The auditor's word on the host's role, used when net.ipv4.ip_forward was not read. */
  role?: { isGateway: boolean; basis: string };
}

/** What a step's adapter made of its outputs: fact sections, and why any section is missing. */
export interface Adapted {
  facts: AuditFacts;
  problems: string[];
}

export function outputsOf(outputs: readonly RawOutput[], key: string): RawOutput[] {
  return outputs.filter((o) => o.key === key);
}

/** The first non-empty output of a key (a missing optional file reads as empty). */
export function firstOutput(outputs: readonly RawOutput[], key: string): RawOutput | undefined {
  return outputs.find((o) => o.key === key && o.text.trim() !== '');
}
