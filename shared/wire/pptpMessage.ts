import { printableField, u16, u32 } from './bytes';
import {
  PPTP_GENERAL_ERRORS,
  PPTP_MESSAGE_LENGTHS,
  PPTP_MESSAGE_NAMES,
  pptpResultName,
  type PptpMessageName,
} from './names';

export const PPTP_MAGIC = 0x1a2b3c4d;

/** One decoded PPTP control message (RFC 2637 §2). Only the fields a message carries are set. */
export interface PptpMessage {
  time: number;
  src: string;
  dst: string;
  type: PptpMessageName | `unknown(${number})`;
  typeCode: number;
  length: number;
  /** Set when the length differs from the RFC's fixed size for the type. */
  lengthMismatch?: true;
  /** Set when the capture holds only part of the message (snap length): later fields absent. */
  truncated?: true;
  protocolVersion?: string;
  resultCode?: number;
  result?: string;
  errorCode?: number;
  error?: string;
  cause?: number;
  callId?: number;
  peerCallId?: number;
  callSerial?: number;
  hostname?: string;
  vendor?: string;
  firmware?: number;
  maxChannels?: number;
  framingCapabilities?: number;
  bearerCapabilities?: number;
  identifier?: number;
  connectSpeed?: number;
  recvWindow?: number;
  processingDelay?: number;
  phoneNumber?: string;
  dialedNumber?: string;
  dialingNumber?: string;
  callStatistics?: string;
  wanErrors?: {
    crc: number;
    framing: number;
    hardwareOverruns: number;
    bufferOverruns: number;
    timeout: number;
    alignment: number;
  };
  sendAccm?: number;
  receiveAccm?: number;
}

/**
 * Decodes a control message at `o`; `len` bytes of it were captured (the caller checked the
 * magic cookie). Its declared length may be larger when the capture cut it.
 */
export function decodePptpMessage(
  b: Uint8Array,
  o: number,
  len: number,
  time: number,
  src: string,
  dst: string,
): PptpMessage {
  const typeCode = u16(b, o + 8);
  const name = PPTP_MESSAGE_NAMES[typeCode];
  const m: PptpMessage = {
    time,
    src,
    dst,
    type:
      typeCode >= 1 && typeCode <= 15 && name ? (name as PptpMessageName) : `unknown(${typeCode})`,
    typeCode,
    length: u16(b, o),
  };
  if (m.length > len) m.truncated = true;
  const expected = PPTP_MESSAGE_LENGTHS[typeCode];
  if (expected !== undefined && expected !== 0 && expected !== m.length) m.lengthMismatch = true;
  // Fields are read only when the message is long enough to hold them.
  const has = (end: number) => len >= end;
  const p = o + 12; // body starts after length, message type, magic, control type, reserved
  const setResult = (resAt: number, errAt: number | null) => {
    if (has(resAt + 1 - o)) {
      m.resultCode = b[resAt] as number;
      m.result = pptpResultName(typeCode, m.resultCode);
    }
    if (errAt !== null && has(errAt + 1 - o)) {
      m.errorCode = b[errAt] as number;
      m.error = PPTP_GENERAL_ERRORS[m.errorCode] ?? `unknown (${m.errorCode})`;
    }
  };
  switch (typeCode) {
    case 1: // SCCRQ
    case 2: // SCCRP
      if (has(14)) m.protocolVersion = `${b[p]}.${b[p + 1]}`;
      if (typeCode === 2) setResult(p + 2, p + 3);
      if (has(24)) m.framingCapabilities = u32(b, p + 4);
      if (has(28)) m.bearerCapabilities = u32(b, p + 8);
      if (has(30)) m.maxChannels = u16(b, p + 12);
      if (has(32)) m.firmware = u16(b, p + 14);
      if (has(33)) m.hostname = printableField(b, p + 16, Math.min(64, len - 28));
      if (has(97)) m.vendor = printableField(b, p + 80, Math.min(64, len - 92));
      break;
    case 3: // StopCCRQ: reason
      setResult(p, null);
      break;
    case 4: // StopCCRP
      setResult(p, p + 1);
      break;
    case 5:
      if (has(16)) m.identifier = u32(b, p);
      break;
    case 6:
      if (has(16)) m.identifier = u32(b, p);
      setResult(p + 4, p + 5);
      break;
    case 7: // OCRQ
      if (has(14)) m.callId = u16(b, p);
      if (has(16)) m.callSerial = u16(b, p + 2);
      if (has(34)) m.recvWindow = u16(b, p + 20);
      if (has(36)) m.processingDelay = u16(b, p + 22);
      if (has(41))
        m.phoneNumber = printableField(
          b,
          p + 28,
          Math.min(64, len - 40, has(38) ? u16(b, p + 24) : 64),
        );
      break;
    case 8: // OCRP
      if (has(14)) m.callId = u16(b, p);
      if (has(16)) m.peerCallId = u16(b, p + 2);
      setResult(p + 4, p + 5);
      if (has(20)) m.cause = u16(b, p + 6);
      if (has(24)) m.connectSpeed = u32(b, p + 8);
      if (has(26)) m.recvWindow = u16(b, p + 12);
      if (has(28)) m.processingDelay = u16(b, p + 14);
      break;
    case 9: // ICRQ
      if (has(14)) m.callId = u16(b, p);
      if (has(16)) m.callSerial = u16(b, p + 2);
      if (has(29)) m.dialedNumber = printableField(b, p + 16, Math.min(64, len - 28));
      if (has(93)) m.dialingNumber = printableField(b, p + 80, Math.min(64, len - 92));
      break;
    case 10: // ICRP
      if (has(14)) m.callId = u16(b, p);
      if (has(16)) m.peerCallId = u16(b, p + 2);
      setResult(p + 4, p + 5);
      if (has(20)) m.recvWindow = u16(b, p + 6);
      break;
    case 11: // ICCN
      if (has(14)) m.peerCallId = u16(b, p);
      if (has(20)) m.connectSpeed = u32(b, p + 4);
      if (has(22)) m.recvWindow = u16(b, p + 8);
      break;
    case 12: // CCRQ
      if (has(14)) m.callId = u16(b, p);
      break;
    case 13: // CDN
      if (has(14)) m.callId = u16(b, p);
      setResult(p + 2, p + 3);
      if (has(18)) m.cause = u16(b, p + 4);
      if (has(21)) m.callStatistics = printableField(b, p + 8, Math.min(128, len - 20));
      break;
    case 14: // WEN
      if (has(14)) m.peerCallId = u16(b, p);
      if (has(40))
        m.wanErrors = {
          crc: u32(b, p + 4),
          framing: u32(b, p + 8),
          hardwareOverruns: u32(b, p + 12),
          bufferOverruns: u32(b, p + 16),
          timeout: u32(b, p + 20),
          alignment: u32(b, p + 24),
        };
      break;
    case 15: // SLI
      if (has(14)) m.peerCallId = u16(b, p);
      if (has(24)) {
        m.sendAccm = u32(b, p + 4);
        m.receiveAccm = u32(b, p + 8);
      }
      break;
  }
  return m;
}
