// The wire analysis room: pcap/pcapng → PPTP control, enhanced GRE, PPP, MPPE → verdicts.
export { WireDecoder, type SkipCounters } from './wireDecoder';
export { LiveWireAnalysis } from './liveAnalysis';
export { formatWireSummary } from './summaryText';
export type { WireReport, GreCallReport, MppeReport, OverheadBucket } from './report';
export type { EncryptionVerdict } from './verdicts/encryption';
export type { CaptureDamage, CaptureFormat } from './captureReader';
export type { PptpMessage } from './pptpMessage';
export type { AuthUser, PppEvent } from './pppNegotiation';
export { PPTP_MESSAGE_NAMES, type PptpMessageName, type AuthProtocol } from './names';
