/** Names of protocol numbers and codes, from RFC 2637 (PPTP), RFC 1661/1334/1994/2433/2759 (PPP). */

export const PPTP_MESSAGE_NAMES = [
  '',
  'SCCRQ',
  'SCCRP',
  'StopCCRQ',
  'StopCCRP',
  'ECHORQ',
  'ECHORP',
  'OCRQ',
  'OCRP',
  'ICRQ',
  'ICRP',
  'ICCN',
  'CCRQ',
  'CDN',
  'WEN',
  'SLI',
] as const;

export type PptpMessageName = Exclude<(typeof PPTP_MESSAGE_NAMES)[number], ''>;

/** Fixed length of each control message (RFC 2637 §2), indexed by type. */
export const PPTP_MESSAGE_LENGTHS = [
  0, 156, 156, 16, 16, 16, 20, 168, 32, 220, 24, 28, 16, 148, 40, 24,
];

export const PPTP_GENERAL_ERRORS: Record<number, string> = {
  0: 'None',
  1: 'Not-Connected',
  2: 'Bad-Format',
  3: 'Bad-Value',
  4: 'No-Resource',
  5: 'Bad-Call ID',
  6: 'PAC-Error',
};

const SCCRP_RESULTS: Record<number, string> = {
  1: 'Successful channel establishment',
  2: 'General error',
  3: 'Command channel already exists',
  4: 'Requester is not authorized',
  5: 'Protocol version not supported',
};
const OK_OR_ERROR: Record<number, string> = { 1: 'OK', 2: 'General error' };
const STOP_REASONS: Record<number, string> = {
  1: 'None',
  2: 'Stop-Protocol',
  3: 'Stop-Local-Shutdown',
};
const OCRP_RESULTS: Record<number, string> = {
  1: 'Connected',
  2: 'General Error',
  3: 'No Carrier',
  4: 'Busy',
  5: 'No Dial Tone',
  6: 'Time-out',
  7: 'Do Not Accept',
};
const ICRP_RESULTS: Record<number, string> = {
  1: 'Connect',
  2: 'General error',
  3: 'Do Not Accept',
};
const CDN_RESULTS: Record<number, string> = {
  1: 'Lost Carrier',
  2: 'General Error',
  3: 'Admin Shutdown',
  4: 'Request',
};

/** The result-code table that applies to a message type, if it carries one. */
export function pptpResultName(type: number, code: number): string {
  const table =
    type === 2
      ? SCCRP_RESULTS
      : type === 3
        ? STOP_REASONS
        : type === 4 || type === 6
          ? OK_OR_ERROR
          : type === 8
            ? OCRP_RESULTS
            : type === 10
              ? ICRP_RESULTS
              : type === 13
                ? CDN_RESULTS
                : {};
  return table[code] ?? `unknown (${code})`;
}

export const PPP_PROTOCOL_NAMES: Record<number, string> = {
  0x0021: 'IPv4',
  0x0057: 'IPv6',
  0x002d: 'VJ compressed TCP/IP',
  0x002f: 'VJ uncompressed TCP/IP',
  0x003d: 'Multilink',
  0x00fd: 'MPPE/MPPC (compressed or encrypted datagram)',
  0x00fb: 'Individual-link compressed datagram',
  0x0053: 'Encrypted datagram (ECP)',
  0x8021: 'IPCP',
  0x8057: 'IPV6CP',
  0x80fd: 'CCP',
  0x80fb: 'Individual-link CCP',
  0x8053: 'ECP',
  0xc021: 'LCP',
  0xc023: 'PAP',
  0xc223: 'CHAP',
  0xc227: 'EAP',
  0xc025: 'Link Quality Report',
  0xc029: 'Callback Control Protocol',
};

export const CP_CODE_NAMES: Record<number, string> = {
  1: 'Configure-Request',
  2: 'Configure-Ack',
  3: 'Configure-Nak',
  4: 'Configure-Reject',
  5: 'Terminate-Request',
  6: 'Terminate-Ack',
  7: 'Code-Reject',
  8: 'Protocol-Reject',
  9: 'Echo-Request',
  10: 'Echo-Reply',
  11: 'Discard-Request',
  12: 'Identification',
  13: 'Time-Remaining',
  14: 'Reset-Request',
  15: 'Reset-Ack',
};

export type AuthProtocol = 'PAP' | 'CHAP-MD5' | 'MS-CHAPv1' | 'MS-CHAPv2' | 'EAP' | 'other';

export function authProtocolName(protocol: number, algorithm: number): AuthProtocol {
  if (protocol === 0xc023) return 'PAP';
  if (protocol === 0xc227) return 'EAP';
  if (protocol === 0xc223) {
    if (algorithm === 5) return 'CHAP-MD5';
    if (algorithm === 0x80) return 'MS-CHAPv1';
    if (algorithm === 0x81) return 'MS-CHAPv2';
  }
  return 'other';
}
