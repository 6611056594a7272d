import type { StepId } from '../checklist/steps';
import { INPUT_KIND_LABELS, type InputKind } from '../parsers/recognise';

/**
 * Where a recognised input belongs: the step and the planned command whose output it stands
 * for. A file a site engineer sends is then read by the same adapter as the output of the
 * command run live. null: recognised, but no step reads it (said so, never guessed at).
 */
export const INPUT_PLACES: Record<InputKind, { step: StepId; key: string } | { step: null; why: string }> = {
  'ip-addr-json': { step: 'identify-interfaces', key: 'addr' },
  'ip-addr-text': { step: 'identify-interfaces', key: 'addr' },
  'ps-list': { step: 'identify-interfaces', key: 'processes' },
  'ss-listeners': { step: 'identify-interfaces', key: 'listeners' },
  'proc-modules': { step: 'kernel-modules', key: 'loaded' },
  lsmod: { step: 'kernel-modules', key: 'loaded' },
  'modules-builtin': { step: 'kernel-modules', key: 'builtin' },
  'kernel-config': { step: 'kernel-modules', key: 'config' },
  sysctl: { step: 'kernel-modules', key: 'helper-sysctl' },
  'proc-net-dev': { step: null, why: 'one counter snapshot gives no rate: step 3 needs the sampler (pptp-auditor watch --json)' },
  'sensors-json': { step: 'throughput', key: 'sensors' },
  ping: { step: 'latency', key: 'ping' },
  'iptables-save': { step: 'logs', key: 'iptables' },
  'iptables-rules': { step: 'logs', key: 'iptables' },
  'iptables-list': { step: 'logs', key: 'iptables' },
  'nft-ruleset': { step: 'logs', key: 'nft' },
  'pppd-options': { step: 'logs', key: 'options:supplied' },
  'pptpd-conf': { step: null, why: 'pptpd.conf only names the pppd options file: send that file (e.g. /etc/ppp/options.pptpd)' },
  'journal-json': { step: 'logs', key: 'journal-supplied' },
  syslog: { step: 'logs', key: 'log:supplied' },
  'openwrt-logread': { step: 'logs', key: 'log:supplied' },
  'pppd-logfile': { step: 'logs', key: 'log:supplied' },
};

export function inputLabel(kind: InputKind): string {
  return INPUT_KIND_LABELS[kind];
}
