import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PrerequisiteProbe } from '../../shared/checklist/prerequisites';

function onPath(tool: string): boolean {
  const dirs = (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':').concat(['/usr/sbin', '/sbin']);
  return dirs.some((dir) => {
    try {
      accessSync(path.join(dir, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * What this machine offers the six steps: tools on PATH, privileges, the ppp modules. A
 * tunnel interface that exists proves the kernel carries it, whatever /proc/modules says
 * (PPP built in, or a kernel without module support).
 */
export function probePrerequisites(privileged: boolean, tunnelIface: string | null = null): PrerequisiteProbe {
  const modulesText = (() => {
    try {
      return readFileSync('/proc/modules', 'utf8');
    } catch {
      return null;
    }
  })();
  const pppBuiltin = existsSync('/sys/module/ppp_generic') || (tunnelIface !== null && existsSync(`/sys/class/net/${tunnelIface}`));
  return {
    privileges: privileged,
    iproute2: onPath('ip'),
    tcpdump: onPath('tcpdump'),
    ping: onPath('ping'),
    journalctl: onPath('journalctl'),
    'ppp-modules': pppBuiltin || (modulesText !== null && /^ppp_generic /m.test(modulesText)),
    sensors: onPath('sensors'),
  };
}
