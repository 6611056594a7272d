export { WireDecoder, type SkipCounters } from './wireDecoder';
export type { WireReport, GreCallReport, MppeReport, OverheadBucket } from './report';
export type { EncryptionVerdict } from './verdicts/encryption';
export type { CaptureDamage, CaptureFormat } from './captureReader';
export type { PptpMessage } from './pptpMessage';
export { PPTP_MESSAGE_NAMES, type PptpMessageName, type AuthProtocol } from './names';
