import { mbps, ref, round } from '../evidence';
import type { LatencyFacts } from '../facts';
import {
  BUFFERBLOAT_RTT_RATIO,
  BUFFERBLOAT_RTT_SPREAD_MS,
  CEILING_PROXIMITY_RATIO,
  GRE_LOSS_HIGH_PERCENT,
  GRE_LOSS_WARN_PERCENT,
  GRE_MIN_PACKETS_FOR_LOSS,
  GRE_REORDER_WARN_PERCENT,
  HIGH_LATENCY_LINK_MS,
  JITTER_HIGH_MS,
  JITTER_WARN_MS,
  LATENCY_AVG_HIGH_MS,
  LATENCY_AVG_WARN_MS,
  LINK_SATURATION_RATIO,
  LOSS_HIGH_PERCENT,
  LOSS_WARN_PERCENT,
  PPTP_PRACTICAL_CEILING_HIGH_MBPS,
  PPTP_PRACTICAL_CEILING_MBPS,
  RECOMMENDED_TXQUEUELEN,
} from '../thresholds';
import type { Rule, RuleFinding } from '../types';

function pingSummaryText(latency: LatencyFacts): string {
  const r = latency.report;
  const rtt = r.rtt ? `rtt min/avg/max/mdev = ${r.rtt.minMs}/${r.rtt.avgMs}/${r.rtt.maxMs}/${r.rtt.mdevMs} ms` : 'no RTT';
  return `${r.transmitted} transmitted, ${r.received} received, ${r.lossPercent}% loss, ${rtt}${r.jitterMs !== null ? `, jitter ${round(r.jitterMs, 2)} ms` : ''}`;
}

export const throughputCeiling: Rule = {
  id: 'throughput-ceiling',
  title: 'Throughput ceiling versus link capacity',
  uses: ['throughput'],
  troubleshooting: 'throughput-ceiling',
  evaluate({ throughput }) {
    if (!throughput) return { kind: 'not-evaluated', reason: 'no throughput samples' };
    const { rx, tx, measuredSeconds } = throughput.stats;
    const peaks = [rx.maxBps, tx.maxBps].filter((v): v is number => v !== null);
    if (measuredSeconds <= 0 || peaks.length === 0) return { kind: 'not-evaluated', reason: 'no valid rate was measured (only gaps)' };
    const peakBps = Math.max(...peaks);
    const peakMbps = peakBps / 1e6;
    const link = throughput.linkSpeedMbps;
    const evidenceText = `peak ${mbps(peakBps)} (rx max ${rx.maxBps !== null ? mbps(rx.maxBps) : '-'}, tx max ${tx.maxBps !== null ? mbps(tx.maxBps) : '-'}) over ${round(measuredSeconds)} s on ${throughput.iface}; link ${link !== null ? `${link} Mbit/s (${throughput.linkSpeedSource})` : 'unknown'}`;
    const evidence = [ref(throughput.source, evidenceText)];
    const findings: RuleFinding[] = [];
    if (link !== null && link > 0 && peakMbps >= LINK_SATURATION_RATIO * link) {
      findings.push({
        qualifier: 'saturation',
        title: 'Tunnel saturates its carrier link',
        severity: 'medium',
        summary: `The tunnel peaked at ${round(peakMbps)} Mbit/s, ${round((peakMbps / link) * 100)}% of the ${link} Mbit/s link: at this load telemetry queues behind bulk traffic.`,
        evidence,
        remediation: 'Shape or prioritise telemetry on the carrier, or raise the link capacity; the migration to WireGuard also reduces per-packet overhead.',
        troubleshooting: 'throughput-ceiling',
      });
    } else if ((link === null || link > PPTP_PRACTICAL_CEILING_MBPS) && peakMbps >= CEILING_PROXIMITY_RATIO * PPTP_PRACTICAL_CEILING_MBPS) {
      findings.push({
        qualifier: 'pptp-ceiling',
        title: 'Throughput at the PPTP single-thread ceiling',
        severity: 'medium',
        summary: `The tunnel peaked at ${round(peakMbps)} Mbit/s, in the ${PPTP_PRACTICAL_CEILING_MBPS}-${PPTP_PRACTICAL_CEILING_HIGH_MBPS} Mbit/s band where single-threaded PPTP stops scaling${link !== null ? `, while the link offers ${link} Mbit/s` : ''}.`,
        evidence,
        remediation: 'Distribute tunnels over several addresses with sticky sessions, or migrate to WireGuard/IKEv2, which scale across cores.',
      });
    }
    if (findings.length > 0) return { kind: 'fired', findings };
    if (link === null) return { kind: 'not-evaluated', reason: `peak ${round(peakMbps)} Mbit/s, below the PPTP ceiling; the link capacity is unknown, so utilisation cannot be judged` };
    return { kind: 'clear', basis: `peak ${round(peakMbps)} Mbit/s = ${round((peakMbps / link) * 100)}% of ${link} Mbit/s, below the PPTP ceiling` };
  },
};

export const latencyHigh: Rule = {
  id: 'latency-high',
  title: 'Latency over threshold',
  uses: ['latency'],
  troubleshooting: 'packet-loss',
  evaluate({ latency }) {
    if (!latency) return { kind: 'not-evaluated', reason: 'no ping statistics' };
    const rtt = latency.report.rtt;
    if (!rtt) return { kind: 'not-evaluated', reason: 'no reply, so no RTT (see loss)' };
    if (rtt.avgMs <= LATENCY_AVG_WARN_MS) return { kind: 'clear', basis: `average RTT ${rtt.avgMs} ms ≤ ${LATENCY_AVG_WARN_MS} ms` };
    const high = rtt.avgMs > LATENCY_AVG_HIGH_MS;
    return {
      kind: 'fired',
      findings: [
        {
          title: `Average RTT ${rtt.avgMs} ms across the tunnel`,
          severity: high ? 'high' : 'medium',
          summary: `The average round trip of ${latency.report.payloadBytes ?? 1400}-byte packets is ${rtt.avgMs} ms, above the ${high ? LATENCY_AVG_HIGH_MS : LATENCY_AVG_WARN_MS} ms threshold for telemetry and control traffic.`,
          evidence: [ref(latency.source, pingSummaryText(latency))],
          remediation: 'Find where the delay builds (carrier, queues, gateway CPU under MPPE); check txqueuelen and the gateway load; compare with the WireGuard overhead in the migration section.',
        },
      ],
    };
  },
};

export const jitterHigh: Rule = {
  id: 'jitter-high',
  title: 'Jitter over threshold',
  uses: ['latency'],
  troubleshooting: 'packet-loss',
  evaluate({ latency }) {
    if (!latency) return { kind: 'not-evaluated', reason: 'no ping statistics' };
    const jitter = latency.report.jitterMs ?? latency.report.rtt?.mdevMs ?? null;
    if (jitter === null) return { kind: 'not-evaluated', reason: 'too few replies to compute jitter' };
    const label = latency.report.jitterMs !== null ? 'RFC 3550 jitter' : 'RTT mdev';
    if (jitter <= JITTER_WARN_MS) return { kind: 'clear', basis: `${label} ${round(jitter, 2)} ms ≤ ${JITTER_WARN_MS} ms` };
    const high = jitter > JITTER_HIGH_MS;
    return {
      kind: 'fired',
      findings: [
        {
          title: `Jitter ${round(jitter, 1)} ms across the tunnel`,
          severity: high ? 'high' : 'medium',
          summary: `${label} is ${round(jitter, 2)} ms, above the ${high ? JITTER_HIGH_MS : JITTER_WARN_MS} ms threshold: periodic telemetry arrives unevenly and timeouts become likely.`,
          evidence: [ref(latency.source, pingSummaryText(latency))],
          remediation: 'Look for congestion or bufferbloat on the carrier (txqueuelen, fq_codel) and CPU saturation of the gateway.',
        },
      ],
    };
  },
};

export const lossHigh: Rule = {
  id: 'loss-high',
  title: 'Packet loss over threshold',
  uses: ['latency'],
  troubleshooting: 'packet-loss',
  evaluate({ latency }) {
    if (!latency) return { kind: 'not-evaluated', reason: 'no ping statistics' };
    const r = latency.report;
    if (r.transmitted === 0) return { kind: 'not-evaluated', reason: 'ping sent nothing' };
    if (r.lossPercent <= LOSS_WARN_PERCENT) return { kind: 'clear', basis: `${r.lossPercent}% loss of ${r.transmitted} ≤ ${LOSS_WARN_PERCENT}%` };
    const high = r.lossPercent > LOSS_HIGH_PERCENT;
    return {
      kind: 'fired',
      findings: [
        {
          title: r.received === 0 ? 'No echo reply across the tunnel' : `${r.lossPercent}% packet loss across the tunnel`,
          severity: high ? 'high' : 'medium',
          summary: `${r.lost ?? r.transmitted - r.received} of ${r.transmitted} echo requests were lost (${r.lossPercent}%), above the ${high ? LOSS_HIGH_PERCENT : LOSS_WARN_PERCENT}% threshold.`,
          evidence: [ref(latency.source, pingSummaryText(latency))],
          remediation: 'Locate the loss (GRE sequence gaps in step 4 show which direction; mtr -u only with the operator\'s consent) and fix the lossy segment.',
        },
      ],
    };
  },
};

export const greSequenceLoss: Rule = {
  id: 'gre-sequence-loss',
  title: 'GRE sequence loss',
  uses: ['wire'],
  troubleshooting: 'packet-loss',
  evaluate({ wire }) {
    if (!wire) return { kind: 'not-evaluated', reason: 'no capture' };
    const judged = wire.gre.calls.filter((c) => c.packets >= GRE_MIN_PACKETS_FOR_LOSS);
    if (judged.length === 0) {
      return { kind: 'not-evaluated', reason: `no GRE call direction with at least ${GRE_MIN_PACKETS_FOR_LOSS} packets` };
    }
    const findings: RuleFinding[] = [];
    for (const c of judged) {
      const expected = c.packets - c.duplicates + c.lost;
      const lossPct = expected > 0 ? (c.lost / expected) * 100 : 0;
      const disorderPct = ((c.reordered + c.duplicates) / c.packets) * 100;
      const where = `call ${c.callId} ${c.src}→${c.dst}`;
      const evidence = [ref(wire.source, `${where}: ${c.packets} packets, ${c.lost} lost, ${c.reordered} reordered, ${c.duplicates} duplicated`, { packet: c.firstPacket })];
      if (lossPct >= GRE_LOSS_WARN_PERCENT) {
        findings.push({
          qualifier: `loss:call-${c.callId}:${c.src}>${c.dst}`,
          title: `GRE loss ${round(lossPct, 2)}% on ${where}`,
          severity: lossPct >= GRE_LOSS_HIGH_PERCENT ? 'high' : 'medium',
          summary: `${c.lost} GRE sequence numbers never arrived out of ${expected} (${round(lossPct, 2)}%); PPP frames are lost inside the tunnel${lossPct >= GRE_LOSS_HIGH_PERCENT ? ', which with stateful MPPE forces re-keying' : ''}.`,
          evidence,
          remediation: 'Find the lossy segment in that direction (carrier errors, congested queue, NAT/firewall dropping GRE under load).',
        });
      }
      if (disorderPct >= GRE_REORDER_WARN_PERCENT) {
        findings.push({
          qualifier: `disorder:call-${c.callId}:${c.src}>${c.dst}`,
          title: `GRE reordering/duplication on ${where}`,
          severity: 'low',
          summary: `${round(disorderPct, 2)}% of the packets arrived out of order or twice: a multi-path or unstable carrier.`,
          evidence,
          remediation: 'Pin the tunnel to one path (sticky sessions on load-balancers: GRE must follow the control channel).',
        });
      }
    }
    if (findings.length === 0) return { kind: 'clear', basis: `${judged.length} GRE call direction(s) below ${GRE_LOSS_WARN_PERCENT}% loss` };
    return { kind: 'fired', findings };
  },
};

export const txqueuelenBufferbloat: Rule = {
  id: 'txqueuelen-bufferbloat',
  title: 'txqueuelen and bufferbloat on a high-latency link',
  uses: ['latency'],
  troubleshooting: 'bufferbloat',
  evaluate({ latency, interfaces }) {
    if (!latency) return { kind: 'not-evaluated', reason: 'no ping statistics' };
    const rtt = latency.report.rtt;
    if (!rtt) return { kind: 'not-evaluated', reason: 'no RTT measured' };
    const tunnel = interfaces?.interfaces.find((i) => i.name === interfaces.tunnel);
    const highLatency = rtt.avgMs >= HIGH_LATENCY_LINK_MS;
    const qlen = tunnel?.txqueuelen ?? null;
    const longQueue = highLatency && qlen !== null && qlen > RECOMMENDED_TXQUEUELEN;
    const bloat = rtt.maxMs - rtt.minMs >= BUFFERBLOAT_RTT_SPREAD_MS && rtt.maxMs >= BUFFERBLOAT_RTT_RATIO * rtt.minMs;
    if (!longQueue && !bloat) {
      return {
        kind: 'clear',
        basis: `RTT ${rtt.minMs}-${rtt.maxMs} ms (no standing queue)${qlen !== null ? `, txqueuelen ${qlen}` : ''}${highLatency ? '' : ', not a high-latency link'}`,
      };
    }
    const evidence = [ref(latency.source, pingSummaryText(latency))];
    if (tunnel && interfaces) evidence.push(ref(interfaces.source, `${tunnel.name}: qlen ${qlen ?? '?'}`));
    const iface = tunnel?.name ?? interfaces?.tunnel ?? 'ppp0';
    return {
      kind: 'fired',
      findings: [
        {
          title: bloat ? 'Bufferbloat: RTT grows under load' : `txqueuelen ${qlen} on a high-latency link`,
          severity: bloat ? 'medium' : 'low',
          summary: `${bloat ? `RTT ranges from ${rtt.minMs} to ${rtt.maxMs} ms, a standing queue of ${round(rtt.maxMs - rtt.minMs)} ms. ` : ''}${longQueue ? `${iface} queues ${qlen} packets on a link with ${rtt.avgMs} ms average RTT (recommended ${RECOMMENDED_TXQUEUELEN}).` : ''}`.trim(),
          evidence,
          remediation: `ip link set dev ${iface} txqueuelen ${RECOMMENDED_TXQUEUELEN}; use fq_codel on the carrier (tc qdisc replace dev <carrier> root fq_codel).`,
        },
      ],
    };
  },
};
