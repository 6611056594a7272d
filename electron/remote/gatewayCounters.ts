import type { CounterSource } from '../backend/throughputService';
import { listInterfacesWith } from '../collectors/interfaces/listInterfaces';
import type { RemoteRunner } from './remoteRunner';

/**
 * The live throughput view on a gateway: its interface list (the `ip.addr` operation), its
 * counters on one long-lived channel (remoteSampler: a lost connection is a marked gap), its sysfs
 * link speed.
 */
export function gatewayCounters(where: string, runner: RemoteRunner): CounterSource {
  return {
    where,
    exists: async (iface) => (await listInterfacesWith(runner)).some((i) => i.name === iface),
    sampler: (options) => runner.sampler(options),
    linkSpeedMbps: async (iface) => {
      const read = await runner.readSmallFile(`/sys/class/net/${iface}/speed`);
      const value = Number(read.text.trim());
      return read.error === undefined && Number.isFinite(value) && value > 0 ? value : null;
    },
  };
}
