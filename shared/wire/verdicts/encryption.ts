import type { WireDecoder } from '../wireDecoder';

export type EncryptionVerdict = 'encrypted' | 'cleartext' | 'mixed' | 'unknown';

/**
 * Is the tunnel's data encrypted? Counts PPP frames of protocol 0x00FD (MPPE/MPPC) against
 * cleartext network protocols (0x0021 IPv4, 0x0057 IPv6). An 0x00FD frame whose MPPE header
 * lacks the encrypted bit is only compressed, so it counts on the cleartext side of the verdict.
 */
export function judgeEncryption(d: WireDecoder): {
  verdict: EncryptionVerdict;
  encryptedFrames: number;
  cleartextFrames: number;
  mppeFramesWithoutEncryptedBit: number;
  explanation: string;
} {
  let fdWithE = 0;
  let fdTotalWithHeader = 0;
  for (const f of d.flowList) {
    fdWithE += f.mppeEncryptedBit;
    fdTotalWithHeader += f.mppeHeaders;
  }
  const withoutE = fdTotalWithHeader - fdWithE;
  const secret = d.encryptedFrames - withoutE;
  const readable = d.cleartextFrames + withoutE;
  let verdict: EncryptionVerdict;
  let explanation: string;
  if (secret > 0 && readable === 0) {
    verdict = 'encrypted';
    explanation = `all ${secret} data frames are MPPE-encrypted (PPP 0x00FD)`;
  } else if (readable > 0 && secret === 0) {
    verdict = 'cleartext';
    explanation = `${readable} data frames cross the wire unencrypted (PPP 0x0021/0x0057${withoutE > 0 ? ', or 0x00FD without the encrypted bit' : ''}); none is encrypted`;
  } else if (readable > 0 && secret > 0) {
    verdict = 'mixed';
    explanation = `${secret} encrypted and ${readable} cleartext data frames`;
  } else {
    verdict = 'unknown';
    explanation = 'no PPP data frames in the capture';
  }
  return {
    verdict,
    encryptedFrames: d.encryptedFrames,
    cleartextFrames: d.cleartextFrames,
    mppeFramesWithoutEncryptedBit: withoutE,
    explanation,
  };
}
