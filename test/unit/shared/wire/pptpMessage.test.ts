import { describe, expect, it } from 'vitest';
import { decodePptpMessage } from '../../../../shared/wire/pptpMessage';
import { printableField } from '../../../../shared/wire/bytes';

/**
 * Control messages laid out field by field as RFC 2637 §2 draws them. (The captures only hold
 * the messages a short session sends; these cover the other types' offsets.)
 */
function message(
  type: number,
  length: number,
  fields: Array<[offset: number, size: 1 | 2 | 4, value: number]>,
  strings: Array<[number, string]> = [],
) {
  const b = new Uint8Array(length);
  const v = new DataView(b.buffer);
  v.setUint16(0, length);
  v.setUint16(2, 1);
  v.setUint32(4, 0x1a2b3c4d);
  v.setUint16(8, type);
  for (const [o, size, value] of fields) {
    if (size === 1) v.setUint8(o, value);
    else if (size === 2) v.setUint16(o, value);
    else v.setUint32(o, value);
  }
  for (const [o, s] of strings) b.set(new TextEncoder().encode(s), o);
  return decodePptpMessage(b, 0, length, 1, 'a', 'b');
}

describe('PPTP control message fields (RFC 2637 offsets)', () => {
  it('SCCRP: version, result, error, capabilities, firmware, host name, vendor', () => {
    const m = message(
      2,
      156,
      [
        [12, 1, 1],
        [13, 1, 0],
        [14, 1, 2],
        [15, 1, 4],
        [16, 4, 3],
        [20, 4, 1],
        [24, 2, 0],
        [26, 2, 0x1234],
      ],
      [
        [28, 'gw-01'],
        [92, 'Acme VPN'],
      ],
    );
    expect(m).toMatchObject({
      type: 'SCCRP',
      protocolVersion: '1.0',
      resultCode: 2,
      result: 'General error',
      errorCode: 4,
      error: 'No-Resource',
      firmware: 0x1234,
      hostname: 'gw-01',
      vendor: 'Acme VPN',
      framingCapabilities: 3,
    });
    expect(m.lengthMismatch).toBeUndefined();
  });

  it('StopCCRQ reason, StopCCRP result, echo identifier and result', () => {
    expect(message(3, 16, [[12, 1, 3]])).toMatchObject({
      type: 'StopCCRQ',
      result: 'Stop-Local-Shutdown',
    });
    expect(message(4, 16, [[12, 1, 1]])).toMatchObject({
      type: 'StopCCRP',
      result: 'OK',
      error: 'None',
    });
    expect(message(5, 16, [[12, 4, 77]])).toMatchObject({ type: 'ECHORQ', identifier: 77 });
    expect(
      message(6, 20, [
        [12, 4, 77],
        [16, 1, 2],
        [17, 1, 1],
      ]),
    ).toMatchObject({
      type: 'ECHORP',
      identifier: 77,
      result: 'General error',
      error: 'Not-Connected',
    });
  });

  it('OCRQ / OCRP / ICRQ / ICRP / ICCN / CCRQ / CDN / WEN / SLI', () => {
    expect(
      message(
        7,
        168,
        [
          [12, 2, 500],
          [14, 2, 9],
          [32, 2, 64],
          [34, 2, 0],
          [36, 2, 4],
        ],
        [[40, '5551']],
      ),
    ).toMatchObject({
      type: 'OCRQ',
      callId: 500,
      callSerial: 9,
      recvWindow: 64,
      phoneNumber: '5551',
    });
    expect(
      message(8, 32, [
        [12, 2, 7],
        [14, 2, 500],
        [16, 1, 4],
        [17, 1, 0],
        [18, 2, 16],
        [20, 4, 100_000_000],
      ]),
    ).toMatchObject({
      type: 'OCRP',
      callId: 7,
      peerCallId: 500,
      result: 'Busy',
      cause: 16,
      connectSpeed: 100_000_000,
    });
    expect(
      message(
        9,
        220,
        [
          [12, 2, 600],
          [14, 2, 1],
        ],
        [
          [28, '100'],
          [92, '200'],
        ],
      ),
    ).toMatchObject({ type: 'ICRQ', callId: 600, dialedNumber: '100', dialingNumber: '200' });
    const icrp = message(10, 24, [
      [12, 2, 8],
      [14, 2, 600],
      [16, 1, 3],
      [17, 1, 5],
    ]);
    expect(icrp).toMatchObject({
      type: 'ICRP',
      callId: 8,
      peerCallId: 600,
      result: 'Do Not Accept',
      error: 'Bad-Call ID',
    });
    expect(icrp.lengthMismatch).toBeUndefined();
    expect(
      message(11, 28, [
        [12, 2, 8],
        [16, 4, 64000],
        [20, 2, 16],
      ]),
    ).toMatchObject({ type: 'ICCN', peerCallId: 8, connectSpeed: 64000, recvWindow: 16 });
    expect(message(12, 16, [[12, 2, 500]])).toMatchObject({ type: 'CCRQ', callId: 500 });
    expect(
      message(
        13,
        148,
        [
          [12, 2, 7],
          [14, 1, 3],
          [15, 1, 0],
          [16, 2, 0],
        ],
        [[20, 'bytes=42']],
      ),
    ).toMatchObject({
      type: 'CDN',
      callId: 7,
      result: 'Admin Shutdown',
      callStatistics: 'bytes=42',
    });
    expect(
      message(14, 40, [
        [12, 2, 7],
        [16, 4, 1],
        [20, 4, 2],
        [24, 4, 3],
        [28, 4, 4],
        [32, 4, 5],
        [36, 4, 6],
      ]),
    ).toMatchObject({
      type: 'WEN',
      peerCallId: 7,
      wanErrors: {
        crc: 1,
        framing: 2,
        hardwareOverruns: 3,
        bufferOverruns: 4,
        timeout: 5,
        alignment: 6,
      },
    });
    expect(
      message(15, 24, [
        [12, 2, 7],
        [16, 4, 0xffffffff],
        [20, 4, 0],
      ]),
    ).toMatchObject({ type: 'SLI', peerCallId: 7, sendAccm: 0xffffffff, receiveAccm: 0 });
  });

  it('unknown types and wrong lengths are reported, short messages do not read past their end', () => {
    expect(message(99, 16, [])).toMatchObject({ type: 'unknown(99)' });
    const short = message(8, 14, [[12, 2, 7]]);
    expect(short).toMatchObject({ type: 'OCRP', callId: 7, lengthMismatch: true });
    expect(short.result).toBeUndefined();
  });

  it('hostile strings are escaped, never printed raw', () => {
    const m = message(
      1,
      156,
      [],
      [
        [28, 'evil\u001b[2J\u0007host'],
        [92, 'back\\slash'],
      ],
    );
    expect(m.hostname).toBe('evil\\x1b[2J\\x07host');
    expect(m.vendor).toBe('back\\x5cslash');
    expect(printableField(new Uint8Array([0x41, 0xff, 0x00, 0x42]), 0, 4)).toBe('A\\xff');
  });
});
