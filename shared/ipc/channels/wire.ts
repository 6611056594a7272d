import { push } from '../define';
import type { WireReport } from '../../wire/report';

/**
 * Live wire analysis: while tcpdump writes a capture, the backend feeds the growing file to a
 * WireDecoder (push/snapshot) and sends a snapshot a few times a second. Stamped with
 * {sessionId, seq} so a stale or missing snapshot is visible; `final` marks the last one.
 */
export interface WireLiveSnapshot {
  sessionId: string;
  seq: number;
  /** The capture file being analysed (as the backend named it). */
  file: string;
  /** Bytes of the file decoded so far. */
  bytesRead: number;
  final: boolean;
  report: WireReport;
}

export const wirePush = {
  'wire.snapshot': push<WireLiveSnapshot>(),
};
