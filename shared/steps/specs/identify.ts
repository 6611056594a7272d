import { opCommand } from '../planned';
import type { StepSpec } from '../types';
import { interfacesFacts } from '../../audit/facts';
import { listenersFacts, processFacts } from '../../audit/facts/listeners';
import { FactsCollector } from '../adapt';
import { firstOutput } from '../outputs';

export const identifySpec: StepSpec = {
  id: 'identify-interfaces',
  number: 1,
  title: 'Identify tunnel interfaces',
  guideCommand: 'ip addr show',
  purpose: 'Find every ppp interface (flags, MTU, txqueuelen, local and peer address, lifetime, carrier) and the daemons behind it.',
  essential: true,
  facts: ['interfaces', 'processes', 'listeners'],
  rules: ['tunnel-kind-unknown', 'dynamic-address', 'txqueuelen-bufferbloat'],
  plan: ({ target }) => [
    opCommand('addr', 'every interface with details, as JSON', { op: 'ip.addr' }),
    opCommand('tunnel-link', 'the tunnel interface: link type, MTU, qlen, counters', { op: 'ip.link.stats', iface: target.iface }),
    opCommand('carrier-link', 'the carrier interface: MTU, speed, counters', { op: 'ip.link.stats', iface: target.carrier }),
    opCommand('processes', 'which daemons run (pppd, pptpd): names only, never arguments', { op: 'processes.list' }),
    opCommand('listeners', 'what listens on TCP (pptpd on 1723?)', { op: 'sockets.listening' }),
  ],
  adapt(outputs, { target }) {
    const c = new FactsCollector();
    const addr = firstOutput(outputs, 'addr');
    if (addr) c.take('interfaces', () => interfacesFacts(addr.text, addr.file, { iface: target.iface, carrier: target.carrier }));
    const ps = firstOutput(outputs, 'processes');
    if (ps) c.take('processes', () => processFacts(ps.text, ps.file));
    const ss = firstOutput(outputs, 'listeners');
    if (ss) c.take('listeners', () => listenersFacts(ss.text, ss.file));
    return c.result();
  },
};
