import type { StepId } from '../../../../shared/checklist/steps';
import type { AuditFacts } from '../../../../shared/findings/facts';
import { formatBps, formatBytes } from '../../../../shared/format/units';

function Kv({ rows }: { rows: Array<[string, string]> }) {
  return (
    <table className="kv-table">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The parsed result of a step, from the facts the backend derived (never from raw output). */
export function StepResult({ step, facts }: { step: StepId; facts: AuditFacts }) {
  switch (step) {
    case 'identify-interfaces': {
      const f = facts.interfaces;
      if (!f) return null;
      return (
        <table className="data-table">
          <thead>
            <tr>
              <th>interface</th>
              <th>flags</th>
              <th>MTU</th>
              <th>qlen</th>
              <th>addresses</th>
            </tr>
          </thead>
          <tbody>
            {f.interfaces.map((i) => (
              <tr key={i.name} className={i.name === f.tunnel ? 'highlight' : ''}>
                <td className="mono">{i.name}</td>
                <td className="mono small">{i.flags.join(' ')}</td>
                <td className="num">{i.mtu}</td>
                <td className="num">{i.txqueuelen ?? '—'}</td>
                <td className="mono small">
                  {i.addresses.map((a) => `${a.local}${a.peer ? ` peer ${a.peer}` : `/${a.prefixlen}`}${a.dynamic ? ' (dynamic)' : ''}`).join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    case 'kernel-modules': {
      const f = facts.modules;
      if (!f) return null;
      return (
        <Kv
          rows={[
            ['present', f.present.filter((m) => /ppp|pptp|gre|mppe|nf_/.test(m.name)).map((m) => `${m.name} (${m.how})`).join(', ') || 'none of the PPTP modules'],
            ['nf_conntrack_helper', f.conntrackHelperSysctl ? String(f.conntrackHelperSysctl.value) : 'not read'],
            ['gateway', f.gateway ? `${f.gateway.isGateway ? 'yes' : 'no'} (${f.gateway.basis})` : 'unknown'],
          ]}
        />
      );
    }
    case 'throughput': {
      const f = facts.throughput;
      if (!f) return null;
      return (
        <Kv
          rows={[
            ['in (rx) avg / max', `${formatBps(f.stats.rx.avgBps)} / ${formatBps(f.stats.rx.maxBps)}`],
            ['out (tx) avg / max', `${formatBps(f.stats.tx.avgBps)} / ${formatBps(f.stats.tx.maxBps)}`],
            ['moved', `${formatBytes(f.stats.rx.totalBytes)} in, ${formatBytes(f.stats.tx.totalBytes)} out in ${f.stats.measuredSeconds.toFixed(1)} s`],
            ['discontinuities', `${f.discontinuities.length}${f.discontinuities.length ? ` (${f.discontinuities.map((d) => d.reason).join(', ')})` : ''}`],
            ['link capacity', f.linkSpeedMbps ? `${f.linkSpeedMbps} Mbit/s (${f.linkSpeedSource})` : 'unknown'],
          ]}
        />
      );
    }
    case 'capture': {
      const f = facts.wire;
      if (!f) return null;
      return (
        <Kv
          rows={[
            ['packets', String(f.packets)],
            ['control channel', `${f.control.connections} TCP 1723 connection(s); control ${f.control.controlEstablished ? 'up' : 'not up'}; call ${f.control.callEstablished ? 'set up' : 'not set up'}`],
            ['GRE', `${f.gre.toServer} to server, ${f.gre.toClient} to client`],
            ['data channel', `${f.encryption.verdict} (${f.encryption.encryptedFrames} MPPE, ${f.encryption.cleartextFrames} cleartext frames)`],
            ['MPPE', f.mppe.length ? f.mppe.map((m) => `${m.bits.join('/')}-bit ${m.stateless ? 'stateless' : 'stateful'}`).join('; ') : 'not negotiated in the capture'],
            ['authentication', f.auth ? `${f.auth.protocol}${f.auth.msChapV2 ? ' — MS-CHAPv2 handshake on the wire' : ''}` : 'not in the capture'],
            ['payload / wire', f.payloadRatio === null ? '—' : `${(f.payloadRatio * 100).toFixed(1)} %`],
          ]}
        />
      );
    }
    case 'logs': {
      const f = facts.logs;
      if (!f) return null;
      const counts = new Map<string, number>();
      for (const e of f.events) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
      return (
        <>
          <Kv rows={[...counts.entries()].map(([k, n]) => [k, String(n)])} />
          <pre className="output small">{f.events.slice(0, 12).map((e) => `${e.file}:${e.line}  ${e.text}`).join('\n')}</pre>
        </>
      );
    }
    case 'latency': {
      const r = facts.latency?.report;
      const mtu = facts.pathMtu;
      if (!r && !mtu) return null;
      return (
        <Kv
          rows={[
            ['sent / received / lost', r ? `${r.transmitted} / ${r.received} / ${r.lossPercent} %` : '—'],
            ['RTT min / avg / max / mdev', r?.rtt ? `${r.rtt.minMs} / ${r.rtt.avgMs} / ${r.rtt.maxMs} / ${r.rtt.mdevMs} ms` : '—'],
            ['jitter (RFC 3550)', r?.jitterMs === null || r?.jitterMs === undefined ? '—' : `${r.jitterMs.toFixed(2)} ms`],
            ['largest unfragmented packet', mtu?.largestPassingPacket ? `${mtu.largestPassingPacket} bytes` : '—'],
          ]}
        />
      );
    }
  }
}
