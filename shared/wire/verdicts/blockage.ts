import type { GreCallReport } from '../report';
import type { WireDecoder } from '../wireDecoder';

/** Fewer GRE packets than this one way, none the other, is too little to call it one-way. */
const MIN_ONE_WAY_PACKETS = 3;
/**
 * Both peers send LCP echoes and GRE acknowledgments, so in a working tunnel neither direction
 * falls silent for long while the other goes on. A longer silence means GRE stopped one way.
 */
const MAX_ONE_WAY_SILENCE_SECONDS = 10;
/** Configure- or Echo-Requests without answer before we call it (pppd gives up after 3-10). */
const MIN_UNANSWERED = 3;

function silence(a: GreCallReport, b: GreCallReport): string | null {
  const [early, late] = a.lastTime <= b.lastTime ? [a, b] : [b, a];
  if (late.lastTime - early.lastTime <= MAX_ONE_WAY_SILENCE_SECONDS) return null;
  return `GRE from ${early.src} to ${early.dst} stopped ${(late.lastTime - early.lastTime).toFixed(1)} s before the capture's last GRE from ${late.src}`;
}

/**
 * GRE blockage (the classic NAT/firewall failure): a call established on TCP 1723 with no GRE
 * at all, or GRE in one direction only; also ICMP unreachable answers to GRE and LCP
 * Configure-Requests that are never acknowledged.
 */
export function judgeBlockage(d: WireDecoder, flows: GreCallReport[]): { reasons: string[] } {
  const reasons: string[] = [];
  const flowOf = (src: string, callId: number | null) =>
    flows.find((f) => f.src === src && f.callId === callId);
  const explained = new Set<GreCallReport>();
  for (const call of d.control.calls) {
    if (!call.established) continue;
    const toResponder = flowOf(call.requester, call.responderCallId);
    const toRequester = flowOf(call.responder, call.requesterCallId);
    if (toResponder) explained.add(toResponder);
    if (toRequester) explained.add(toRequester);
    const label = `call ${call.requesterCallId}/${call.responderCallId} (${call.requester} → ${call.responder})`;
    if (!toResponder && !toRequester) {
      const caveat =
        d.grePackets === 0 ? ' (unless the capture filter left IP protocol 47 out)' : '';
      reasons.push(`${label} established on TCP 1723 but no GRE seen in either direction${caveat}`);
    } else if (!toResponder)
      reasons.push(`${label}: GRE only from ${call.responder} to ${call.requester}, none back`);
    else if (!toRequester)
      reasons.push(`${label}: GRE only from ${call.requester} to ${call.responder}, none back`);
    else {
      const stopped = silence(toResponder, toRequester);
      if (stopped) reasons.push(`${label}: ${stopped}`);
    }
  }
  // GRE without a control connection in the capture: judge by address pair.
  const pairs = new Map<
    string,
    { ab: number; ba: number; a: string; b: string; abFlow?: GreCallReport; baFlow?: GreCallReport }
  >();
  for (const f of flows) {
    // Both ends on one address (loopback): directions cannot be told apart by address.
    if (explained.has(f) || f.src === f.dst) continue;
    const [a, b] = f.src < f.dst ? [f.src, f.dst] : [f.dst, f.src];
    const key = `${a}|${b}`;
    const pair = pairs.get(key) ?? { ab: 0, ba: 0, a, b };
    if (f.src === a) {
      pair.ab += f.packets;
      if (!pair.abFlow || f.lastTime > pair.abFlow.lastTime) pair.abFlow = f;
    } else {
      pair.ba += f.packets;
      if (!pair.baFlow || f.lastTime > pair.baFlow.lastTime) pair.baFlow = f;
    }
    pairs.set(key, pair);
  }
  for (const p of pairs.values()) {
    if (p.ab >= MIN_ONE_WAY_PACKETS && p.ba === 0)
      reasons.push(`GRE only from ${p.a} to ${p.b} (${p.ab} packets), none back`);
    if (p.ba >= MIN_ONE_WAY_PACKETS && p.ab === 0)
      reasons.push(`GRE only from ${p.b} to ${p.a} (${p.ba} packets), none back`);
    if (p.abFlow && p.baFlow) {
      const stopped = silence(p.abFlow, p.baFlow);
      if (stopped) reasons.push(stopped);
    }
  }
  for (const [address, lcp] of d.negotiation.lcpPeers) {
    // pppd's "LCP: timeout sending Config-Requests": requests go out, no Ack ever comes back.
    if (lcp.configureRequests >= MIN_UNANSWERED && lcp.configureAcksReceived === 0) {
      reasons.push(
        `${lcp.configureRequests} LCP Configure-Requests from ${address} never acknowledged: its GRE does not reach the peer, or the peer's does not come back`,
      );
    }
    // pppd's "No response to N echo-requests": the tunnel was up, then GRE stopped one way.
    if (lcp.maxUnansweredEchoes >= MIN_UNANSWERED) {
      reasons.push(
        `${lcp.maxUnansweredEchoes} LCP Echo-Requests in a row from ${address} without a reply: GRE stopped during the session`,
      );
    }
  }
  if (d.icmpGreErrors > 0)
    reasons.push(`${d.icmpGreErrors} ICMP unreachable messages answered GRE packets`);
  return { reasons };
}
