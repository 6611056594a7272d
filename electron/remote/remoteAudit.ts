import type { PrerequisiteProbe } from '../../shared/checklist/prerequisites';
import type { StepHooks } from '../audit/stepRunner';
import type { BundleOptions } from '../evidence';
import { remoteHostIdentity } from '../evidence/host';
import { remoteText } from './remoteExec';
import type { RemoteRunner } from './remoteRunner';
import { formatSshTarget } from '../../shared/model/sshTarget';

/** What an audit needs to run its steps on a gateway instead of this machine. */
export interface RemoteAuditParts {
  /** The manifest's host and tools: the gateway's, with the target and its host key. */
  bundle: Pick<BundleOptions, 'host' | 'tools'>;
  /** What the gateway offers the six steps (tools, privilege, PPP in its kernel). */
  probe: PrerequisiteProbe;
  /** Step 3 samples and reads the link speed there. */
  hooks: Pick<StepHooks, 'sampler' | 'readSmallFile'>;
}

export async function remoteAuditParts(runner: RemoteRunner, tunnelIface: string): Promise<RemoteAuditParts> {
  const { facts, connection } = runner;
  const ppp = await remoteText(await runner.live(), [
    'sh',
    '-c',
    '[ -e /sys/module/ppp_generic ] || [ -e "/sys/class/net/$1" ] || grep -q "^ppp_generic " /proc/modules',
    'sh',
    tunnelIface,
  ]);
  const has = (tool: string) => facts.tools[tool] !== null && facts.tools[tool] !== undefined;
  return {
    bundle: {
      host: remoteHostIdentity({
        ...facts,
        target: connection.target,
        targetText: formatSshTarget(connection.target),
        hostKey: connection.hostKey,
        privilege: runner.privilegeMode,
      }),
      tools: { ...facts.tools, node: process.version },
    },
    probe: {
      privileges: runner.privilegeMode !== 'none',
      iproute2: has('ip'),
      tcpdump: has('tcpdump'),
      ping: has('ping'),
      journalctl: has('journalctl'),
      'ppp-modules': ppp.exitCode === 0,
      sensors: has('sensors'),
    },
    hooks: {
      sampler: (options) => runner.sampler(options),
      readSmallFile: (path) => runner.readSmallFile(path),
    },
  };
}
