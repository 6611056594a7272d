import { excerpt, type EvidenceRef } from '../model/evidence';

/** Builds an evidence reference with its excerpt trimmed to one short line. */
export function ref(file: string, text: string, at: { line?: number | undefined; packet?: number | undefined } = {}): EvidenceRef {
  const out: EvidenceRef = { file, excerpt: excerpt(text) };
  if (at.line !== undefined && at.line > 0) out.line = at.line;
  if (at.packet !== undefined && at.packet > 0) out.packet = at.packet;
  return out;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function mbps(bitsPerSecond: number): string {
  return `${round(bitsPerSecond / 1e6, 1)} Mbit/s`;
}
