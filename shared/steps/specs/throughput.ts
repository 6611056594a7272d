import { inProcessRead, opCommand } from '../planned';
import type { StepSpec } from '../types';
import { sensorsFacts, throughputFacts } from '../../audit/facts';
import { FactsCollector } from '../adapt';
import { firstOutput } from '../outputs';

/** What the sampler reads, and how often: the argv its evidence record carries. */
export function samplerArgv(iface: string, intervalMs: number, windowS: number): string[] {
  return ['read', '/proc/net/dev', `/sys/class/net/${iface}/ifindex`, `every ${intervalMs} ms`, `for ${windowS} s`];
}

export function linkSpeedArgv(carrier: string): string[] {
  return ['read', `/sys/class/net/${carrier}/speed`];
}

export const throughputSpec: StepSpec = {
  id: 'throughput',
  number: 3,
  title: 'Live throughput',
  guideCommand: 'nload ppp0',
  purpose: 'Sample the tunnel counters sub-second and compare with the carrier link capacity.',
  essential: true,
  facts: ['throughput', 'sensors'],
  rules: ['throughput-ceiling', 'thermal-stress'],
  plan: ({ target, options }) => [
    inProcessRead('samples', 'per-interface counters keyed by ifindex (what nload reads)', samplerArgv(target.iface, options.intervalMs, options.windowS)),
    inProcessRead('link-speed', 'carrier link speed (Mbit/s)', linkSpeedArgv(target.carrier)),
    opCommand('sensors', 'gateway temperatures under load (thermal stress)', { op: 'sensors.read' }),
  ],
  adapt(outputs, { target, linkSpeedMbps }) {
    const c = new FactsCollector();
    const samples = outputs.find((o) => o.key === 'samples');
    if (samples) {
      const sysfs = Number(firstOutput(outputs, 'link-speed')?.text.trim());
      // sysfs reports -1 (or nothing) for links without a fixed speed (veth, wireless).
      const sysfsSpeed = Number.isFinite(sysfs) && sysfs > 0 ? sysfs : null;
      const speed = linkSpeedMbps ?? sysfsSpeed;
      const source = linkSpeedMbps !== null ? 'auditor' : sysfsSpeed !== null ? 'sysfs' : null;
      c.take('throughput', () => throughputFacts(samples.decoded?.samples ?? samples.text, samples.file, target.iface, speed, source));
    }
    const sensors = firstOutput(outputs, 'sensors');
    if (sensors) c.take('sensors', () => sensorsFacts(sensors.text, sensors.file));
    return c.result();
  },
};
