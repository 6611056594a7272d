/**
 * The CHAP Failure packets of a real capture (lab auth-failed: one wrong password), each cited
 * at its packet; checked against the independent pcap reader, as wireFacts.test.ts does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wireFacts } from '../../../../shared/audit/facts/index';
import { LAB_FIXTURES } from './labFacts';
import { ipv4Frames, pppOfGre } from './pcapIndex';

const lab = (s: string) => new Uint8Array(readFileSync(join(LAB_FIXTURES, s, 'capture.pcap')));

describe('wireFacts: CHAP Failure packets', () => {
  it('auth-failed: the server refusing 10.47.0.2, E=691 kept, the challenge (C=) dropped', () => {
    const bytes = lab('auth-failed');
    const f = wireFacts(bytes, 'capture.pcap');
    expect(f.authFailures?.count).toBe(1);
    const [p] = f.authFailures?.packets ?? [];
    expect(p).toMatchObject({ from: '10.47.0.1', to: '10.47.0.2', message: 'E=691 M=Access denied' });
    expect(p?.at).toMatch(/^2026-11-24T09:00:40\./);
    const frame = ipv4Frames(bytes).find((x) => x.number === p?.packet);
    expect(frame && pppOfGre(frame)).toEqual({ protocol: 0xc223, code: 4 });
  });

  it('healthy: none, and counted as none (not unknown)', () => {
    expect(wireFacts(lab('healthy'), 'capture.pcap').authFailures).toEqual({ count: 0, packets: [] });
  });
});
