import { defaultMtuProbeConfig, nextProbeSize, startMtuProbe } from '../../analysis/mtuProbe';
import { isIpv6Literal } from '../../ops/catalogue';
import { opCommand } from '../planned';
import type { StepSpec } from '../types';
import { latencyFacts, pathMtuFacts, probeFromDfPing } from '../../audit/facts';
import { FactsCollector } from '../adapt';
import { firstOutput, outputsOf } from '../outputs';

import { MAX_PING_COUNT, MIN_PING_COUNT, PING_INTERVAL_S, PING_SIZE } from './pingLimits';
export { DEFAULT_PING_COUNT, MAX_PING_COUNT, MIN_PING_COUNT, PING_INTERVAL_S, PING_SIZE } from './pingLimits';
/** Echo requests per size of the DF probe: any reply passes the size. */
export const PMTU_PROBES_PER_SIZE = 2;

/** The executor's hard stop for a ping run: its echoes, the reply wait, and a margin. */
export function pingDeadlineS(count: number): number {
  return Math.ceil(count * PING_INTERVAL_S) + 5;
}

/** The DF probe request for one payload size: the bisection varies only `size`. */
export function pmtuProbeRequest(remoteIp: string, iface: string, size: number) {
  return {
    op: 'ping.run' as const,
    target: remoteIp,
    count: PMTU_PROBES_PER_SIZE,
    intervalS: PING_INTERVAL_S,
    size,
    dontFragment: true,
    deadlineS: pingDeadlineS(PMTU_PROBES_PER_SIZE),
    iface,
  };
}

export function firstPmtuProbeSize(remoteIp: string): number {
  return nextProbeSize(startMtuProbe(defaultMtuProbeConfig(isIpv6Literal(remoteIp) ? 'inet6' : 'inet')))!;
}

export const latencySpec: StepSpec = {
  id: 'latency',
  number: 6,
  title: 'Latency and jitter',
  guideCommand: 'ping -i 0.2 -s 1400 [Remote_Internal_IP]',
  purpose: 'RTT, jitter and loss across the tunnel, and the largest packet that passes unfragmented.',
  essential: true,
  facts: ['latency', 'pathMtu'],
  rules: ['latency-high', 'jitter-high', 'loss-high', 'mtu-fragmentation'],
  plan: ({ target, options }) => {
    const count = Math.min(Math.max(MIN_PING_COUNT, Math.trunc(options.pingCount)), MAX_PING_COUNT);
    return [
      opCommand('ping', `latency, jitter and loss: exactly ${count} echo requests of ${PING_SIZE} bytes`, {
        op: 'ping.run',
        target: target.remoteIp,
        count,
        intervalS: PING_INTERVAL_S,
        size: PING_SIZE,
        dontFragment: false,
        deadlineS: pingDeadlineS(count),
      }),
      opCommand(
        'pmtu',
        'path-MTU probe inside the tunnel, do not fragment',
        pmtuProbeRequest(target.remoteIp, target.iface, firstPmtuProbeSize(target.remoteIp)),
        { repeats: 'the payload size (-s) is bisected, at most 16 sizes' },
      ),
    ];
  },
  adapt(outputs, { target }) {
    const c = new FactsCollector();
    const ping = firstOutput(outputs, 'ping');
    if (ping) c.take('latency', () => latencyFacts(ping.text, ping.file));
    const probes = outputsOf(outputs, 'pmtu');
    if (probes.length > 0) {
      const family = isIpv6Literal(target.remoteIp) ? 'inet6' : 'inet';
      c.take('pathMtu', () => pathMtuFacts(probes.map((p) => probeFromDfPing(p.text, p.file)), probes[0]!.file, family));
    }
    return c.result();
  },
};
