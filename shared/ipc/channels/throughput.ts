import { z } from 'zod';
import { invoke, push } from '../define';
import { ifaceNameSchema } from '../../model/ifaceName';
import type { InterfaceInfo } from '../../model/interfaces';
import type { SampleBatch } from '../../model/throughput';

export const throughputStartRequest = z.object({
  iface: ifaceNameSchema,
  intervalMs: z.number().int().min(100).max(10_000).default(500),
  /** Capacity of the carrier link in Mbit/s when the auditor knows it better than sysfs. */
  linkSpeedMbps: z.number().positive().max(1_000_000).nullable().default(null),
  /** The physical interface carrying the tunnel: its sysfs speed is the capacity. */
  carrier: ifaceNameSchema.nullable().default(null),
}).strict();

export interface ThroughputStarted {
  sessionId: string;
  iface: string;
  intervalMs: number;
  /** Entered by the auditor, else read from sysfs `speed` of the interface, else null. */
  linkSpeedMbps: number | null;
  linkSpeedSource: 'auditor' | 'sysfs' | null;
}

export const throughputInvoke = {
  'interfaces.list': invoke<InterfaceInfo[]>()(z.object({}).strict()),
  'throughput.start': invoke<ThroughputStarted>()(throughputStartRequest),
  'throughput.stop': invoke<{ stopped: boolean }>()(
    z.object({ sessionId: z.string().min(1).max(64) }).strict(),
  ),
};

export const throughputPush = {
  'throughput.batch': push<SampleBatch>(),
};
