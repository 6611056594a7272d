import { notYetPlannable, opCommand } from '../planned';
import type { StepSpec } from '../types';
import { modulesFacts } from '../../audit/facts';
import { FactsCollector } from '../adapt';
import { firstOutput } from '../outputs';

const NEEDS_RELEASE = 'the kernel release of the audited host is read when the step runs';

export const modulesSpec: StepSpec = {
  id: 'kernel-modules',
  number: 2,
  title: 'Verify kernel modules',
  guideCommand: 'lsmod | grep ppp',
  purpose: 'Confirm ppp_generic, ppp_mppe, pptp/gre and, on gateways, the PPTP NAT helpers.',
  essential: true,
  facts: ['modules'],
  rules: ['missing-modules', 'nat-helpers-missing'],
  plan: ({ kernelRelease }) => {
    const byRelease = (key: string, purpose: string, op: 'modules.builtin' | 'kernel.config') => {
      const command = opCommand(key, purpose, { op }, { kernelRelease: kernelRelease ?? '_uname-r_' });
      return kernelRelease === undefined ? notYetPlannable(command, NEEDS_RELEASE) : command;
    };
    return [
      opCommand('loaded', 'loaded modules (what lsmod reads)', { op: 'modules.list' }),
      byRelease('builtin', 'modules built into the kernel', 'modules.builtin'),
      byRelease('config', 'kernel configuration (built-in or module)', 'kernel.config'),
      opCommand('helper-sysctl', 'conntrack helper assignment', { op: 'sysctl.read', key: 'net.netfilter.nf_conntrack_helper' }),
      opCommand('ip-forward', 'is this host a gateway (forwarding)?', { op: 'sysctl.read', key: 'net.ipv4.ip_forward' }),
    ];
  },
  adapt(outputs, { role }) {
    const c = new FactsCollector();
    const loaded = firstOutput(outputs, 'loaded');
    const builtin = firstOutput(outputs, 'builtin');
    const config = firstOutput(outputs, 'config');
    const helper = firstOutput(outputs, 'helper-sysctl');
    const forward = firstOutput(outputs, 'ip-forward');
    // A kernel without module support has no /proc/modules; its configuration still answers.
    const primary = loaded ?? config;
    if (primary) {
      c.take('modules', () =>
        modulesFacts(
          { procModules: loaded?.text ?? '', builtin: builtin?.text, kernelConfig: config?.text, sysctls: helper?.text, ipForward: forward?.text },
          { procModules: primary.file, builtin: builtin?.file, kernelConfig: config?.file, sysctls: helper?.file, ipForward: forward?.file },
          role ? { role } : {},
        ),
      );
    }
    return c.result();
  },
};
