import { useEffect, useState } from 'react';
import type { WireLiveSnapshot } from '../../../../shared/ipc/channels/wire';
import { auditor } from '../../api/auditor';
import { captureSessionId, isCaptureOfAudit } from '../../../../shared/steps/specs/capture';
import { OverheadChart } from '../../components/OverheadChart';

/** Step 4 while it runs: the capture decoded as it grows (snapshots a few times a second). */
export function LiveWirePanel({ auditId, runId }: { auditId: string; runId: number }) {
  const [snapshot, setSnapshot] = useState<WireLiveSnapshot | null>(null);
  useEffect(
    () =>
      auditor().on('wire.snapshot', (s) => {
        if (!isCaptureOfAudit(s.sessionId, auditId)) return;
        setSnapshot((prev) => (prev && prev.sessionId === s.sessionId && prev.seq > s.seq && !s.final ? prev : s));
      }),
    [auditId],
  );
  // Only this run's capture is shown: a re-run starts empty instead of showing the last run's state.
  if (!snapshot || snapshot.sessionId !== captureSessionId(auditId, runId)) return null;
  const r = snapshot.report;
  const t0 = r.capture.firstTime ?? 0;
  return (
    <div className="live-wire" data-testid="live-wire" data-final={snapshot.final} data-packets={r.packets}>
      <h3>
        Capture analysis {snapshot.final ? '(final)' : '(live)'} · {r.packets} packets · {(snapshot.bytesRead / 1024).toFixed(0)} KiB
      </h3>
      <div className="wire-verdicts">
        <span className={`verdict verdict-${r.encryption.verdict === 'encrypted' ? 'warn' : r.encryption.verdict === 'cleartext' ? 'fail' : 'pending'}`}>
          data: {r.encryption.verdict}
        </span>
        <span className="verdict">auth: {r.auth.protocol ?? 'not seen'}{r.auth.mschapv2Handshake ? ' (MS-CHAPv2 on the wire)' : ''}</span>
        <span className="verdict">MPPE: {r.mppe ? `${r.mppe.bits.join('/')}-bit ${r.mppe.stateless ? 'stateless' : 'stateful'}` : 'not negotiated'}</span>
        <span className={`verdict ${r.blockage ? 'verdict-fail' : ''}`}>{r.blockage ? `GRE blockage: ${r.blockageReasons.join('; ')}` : 'no GRE blockage'}</span>
      </div>
      <div className="wire-grid">
        <div>
          <h4>Control messages</h4>
          <ol className="timeline small mono">
            {r.pptp.log.slice(-14).map((m, i) => (
              <li key={`${m.time}-${i}`}>
                +{(m.time - t0).toFixed(3)} s {m.src} → {m.dst} <strong>{m.type}</strong>
                {m.result ? ` ${m.result}` : ''}
                {m.error ? ` (${m.error})` : ''}
                {m.hostname ? ` host=${m.hostname}` : ''}
              </li>
            ))}
            {r.pptp.log.length === 0 && <li>no PPTP control message yet</li>}
          </ol>
        </div>
        <div>
          <h4>GRE per call and direction</h4>
          <table className="data-table">
            <thead>
              <tr>
                <th>call</th>
                <th>direction</th>
                <th className="num">packets</th>
                <th className="num">lost</th>
                <th className="num">reordered</th>
                <th className="num">dup</th>
              </tr>
            </thead>
            <tbody>
              {r.gre.calls.map((c) => (
                <tr key={`${c.callId}-${c.src}`}>
                  <td>{c.callId}</td>
                  <td className="mono small">
                    {c.src} → {c.dst}
                  </td>
                  <td className="num">{c.packets}</td>
                  <td className="num">{c.lost}</td>
                  <td className="num">{c.reordered}</td>
                  <td className="num">{c.duplicates}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {r.overhead.buckets.some((b) => b.packets > 0) && <OverheadChart buckets={r.overhead.buckets} height={180} />}
    </div>
  );
}
