import type { ThroughputSample } from '../../shared/model/throughput';
import type { WireReport } from '../../shared/wire/report';
import type { WireFacts } from '../../shared/findings/facts';
import type { MtuProbeRun } from '../collectors/mtu/probeMtu';
import type { KeptOutput } from './auditSession';

/**
 * Everything an audit gathered, as raw outputs with the bundle files that keep them. Facts are
 * derived from this (electron/audit/facts.ts) and nothing else, so a re-analysis of a bundle
 * sees exactly what the live run saw.
 */
export interface Collected {
  ipAddr?: KeptOutput;
  modules?: {
    procModules: KeptOutput;
    builtin?: KeptOutput;
    kernelConfig?: KeptOutput;
    helperSysctl?: KeptOutput;
    ipForward?: KeptOutput;
  };
  throughput?: {
    samplesFile: string;
    samples: ThroughputSample[];
    linkSpeedMbps: number | null;
    linkSpeedSource: 'auditor' | 'sysfs' | null;
  };
  capture?: { pcapFile: string; pcapPath: string; report: WireReport; reportFile: string; facts: WireFacts };
  logs: Array<KeptOutput & { kind: 'journal-json' | 'syslog' }>;
  ping?: KeptOutput;
  mtu?: { run: MtuProbeRun; file: string; probes: KeptOutput[] };
  firewall?: KeptOutput;
  chapSecrets?: KeptOutput;
  pppOptions: KeptOutput[];
  sensors?: KeptOutput;
  /** Step problems met on the way (a tool missing, an op refused), one line each. */
  problems: Array<{ step: string; message: string }>;
}

export function emptyCollected(): Collected {
  return { logs: [], pppOptions: [], problems: [] };
}
