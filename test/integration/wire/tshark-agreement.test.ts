import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../../electron/cli/actions/analyze';
import { findCaptures, tsharkAvailable, tsharkCounts } from './tsharkReference';

// Every real capture we hold: the lab's (full pppd tunnels in User-Mode Linux) and ours
// (pptp-linux against pptpd between namespaces). The decoder must count exactly what tshark counts.
const captures = findCaptures(['test/fixtures/lab', 'test/fixtures/wire']);
const haveTshark = tsharkAvailable();

describe.skipIf(!haveTshark)('wire decoder agrees with tshark on real captures', () => {
  it('has real captures to compare', () => {
    expect(captures.length).toBeGreaterThan(0);
  });

  for (const file of captures) {
    it(file, () => {
      const ours = analyzeFile(file);
      const theirs = tsharkCounts(file);
      const ourCalls = ours.gre.calls
        .map((c) => ({
          src: c.src,
          callId: c.callId,
          packets: c.packets,
          payloadBytes: c.payloadBytes,
          withAck: c.withAck,
          lost: c.lost,
          reordered: c.reordered,
          duplicates: c.duplicates,
        }))
        .sort((a, b) => (a.src + a.callId).localeCompare(b.src + b.callId));
      const theirPpp = theirs.pppProtocols;
      const ourResults: Record<string, number> = {};
      const ourCallIds: number[] = [];
      for (const m of ours.pptp.log) {
        if (m.resultCode !== undefined)
          ourResults[`${m.type}:${m.resultCode}`] =
            (ourResults[`${m.type}:${m.resultCode}`] ?? 0) + 1;
        if (m.errorCode !== undefined)
          ourResults[`error:${m.errorCode}`] = (ourResults[`error:${m.errorCode}`] ?? 0) + 1;
        if (m.callId !== undefined) ourCallIds.push(m.callId);
        if (m.peerCallId !== undefined) ourCallIds.push(m.peerCallId);
      }
      ourCallIds.sort((a, b) => a - b);
      expect({
        packets: ours.packets,
        pptpMessages: ours.pptp.messages,
        grePackets: ours.gre.packets,
        pppProtocols: ours.ppp.protocols,
        calls: ourCalls,
        pptpResults: ourResults,
        pptpCallIds: ourCallIds,
        encryptedFrames: ours.encryption.encryptedFrames,
        cleartextFrames: ours.encryption.cleartextFrames,
      }).toEqual({
        packets: theirs.packets,
        pptpMessages: theirs.pptpMessages,
        grePackets: theirs.grePackets,
        pppProtocols: theirPpp,
        calls: theirs.calls,
        pptpResults: theirs.pptpResults,
        pptpCallIds: theirs.pptpCallIds,
        encryptedFrames: theirPpp['0x00fd'] ?? 0,
        cleartextFrames: (theirPpp['0x0021'] ?? 0) + (theirPpp['0x0057'] ?? 0),
      });
      const msgs = Object.entries(ours.pptp.messages)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${k}=${n}`)
        .join(' ');
      console.log(
        `agree ${file}: packets=${ours.packets} gre=${ours.gre.packets} ppp=${ours.ppp.frames} [${msgs}] ` +
          `calls=${ourCalls.map((c) => `${c.callId}:${c.packets}/lost${c.lost}/reord${c.reordered}/dup${c.duplicates}`).join(',')} ` +
          `verdict=${ours.encryption.verdict} auth=${ours.auth.protocol} blockage=${ours.blockage}`,
      );
    });
  }
});
