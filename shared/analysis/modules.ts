import type {
  HelperSysctlStatus,
  KernelConfig,
  LoadedModule,
  ModuleScope,
  ModuleStatus,
  ModulesReport,
  SysctlValue,
} from '../model/modules';

interface ModuleSpec {
  module: string;
  /** Older names the same code had (2.6-era ip_conntrack_pptp...). */
  aliases: string[];
  config: string;
  scope: ModuleScope;
  breaks: string;
}

/** The modules step 2 checks, with what their absence breaks (troubleshooting matrix). */
export const PPTP_MODULES: readonly ModuleSpec[] = [
  {
    module: 'ppp_generic',
    aliases: [],
    config: 'CONFIG_PPP',
    scope: 'endpoint',
    breaks: 'no PPP at all: pppd cannot open /dev/ppp or create ppp0, every call fails.',
  },
  {
    module: 'ppp_mppe',
    aliases: [],
    config: 'CONFIG_PPP_MPPE',
    scope: 'endpoint',
    breaks:
      'no MPPE: "MPPE required but not available in kernel"; with require-mppe the call fails, without it the tunnel runs in cleartext.',
  },
  {
    module: 'ppp_async',
    aliases: [],
    config: 'CONFIG_PPP_ASYNC',
    scope: 'endpoint',
    breaks:
      'userspace PPTP (pptpd/pptp hand pppd a pty) cannot attach the PPP line discipline: calls fail right after the control connection.',
  },
  {
    module: 'pptp',
    aliases: [],
    config: 'CONFIG_PPTP',
    scope: 'endpoint',
    breaks:
      'kernel-mode PPTP (pppd "plugin pptp.so", accel-pptp) unavailable; userspace pptpd/pptp still work but slower.',
  },
  {
    module: 'gre',
    aliases: ['ip_gre'],
    config: 'CONFIG_NET_IPGRE_DEMUX',
    scope: 'endpoint',
    breaks:
      'no GRE demultiplexer: kernel-mode PPTP receives no GRE, the data channel stays silent (LCP timeouts).',
  },
  {
    module: 'nf_conntrack_pptp',
    aliases: ['ip_conntrack_pptp'],
    config: 'CONFIG_NF_CONNTRACK_PPTP',
    scope: 'gateway',
    breaks:
      'a stateful firewall cannot relate GRE to the TCP 1723 call: GRE blockage behind the gateway, error 619.',
  },
  {
    module: 'nf_nat_pptp',
    aliases: ['ip_nat_pptp'],
    config: 'CONFIG_NF_NAT_PPTP',
    scope: 'gateway',
    breaks:
      'NAT cannot rewrite PPTP call IDs: GRE of clients behind NAT is dropped or misrouted, error 619 under load or with several clients.',
  },
];

export interface ModulesInput {
  /** Modules from /proc/modules or lsmod; null when not available. */
  loaded: LoadedModule[] | null;
  /** The list is filtered (`lsmod | grep ppp`, no header): absence from it proves nothing. */
  loadedIsPartial?: boolean;
  /** Names from modules.builtin; null when not available. */
  builtin: string[] | null;
  config: KernelConfig | null;
  helperSysctl: SysctlValue | null;
}

function helperStatus(sysctl: SysctlValue, release: string | null): HelperSysctlStatus {
  if (sysctl.value === null) {
    return {
      value: null,
      present: false,
      note:
        `net.netfilter.nf_conntrack_helper does not exist${release ? ` (kernel ${release})` : ''}: ` +
        'it was removed in Linux 6.0 (or nf_conntrack is not loaded). Helpers are only attached by explicit rules: ' +
        'iptables -t raw -A PREROUTING -p tcp --dport 1723 -j CT --helper pptp.',
    };
  }
  if (sysctl.value.trim() === '1') {
    return {
      value: '1',
      present: true,
      note: 'Automatic helper assignment is on: PPTP is tracked without CT rules, but every helper applies to every port (deprecated, a known attack surface).',
    };
  }
  return {
    value: sysctl.value.trim(),
    present: true,
    note: 'Automatic helper assignment is off: the pptp helper works only where a rule assigns it (-j CT --helper pptp).',
  };
}

/** Step 2 verdict: for each module loaded / built-in / available (=m, not loaded) / missing. */
export function analyseModules(input: ModulesInput): ModulesReport {
  const loadedByName = new Map((input.loaded ?? []).map((m) => [m.name, m]));
  const builtin = new Set(input.builtin ?? []);
  const config = input.config?.values ?? null;
  const problems: string[] = [];
  if (!input.loaded && !input.builtin && !input.config)
    problems.push('no module list, modules.builtin or kernel config was given');

  const modules: ModuleStatus[] = PPTP_MODULES.map((spec) => {
    const names = [spec.module, ...spec.aliases];
    const evidence: string[] = [];
    const loaded = names.map((n) => loadedByName.get(n)).find((m) => m !== undefined);
    const inBuiltin = names.find((n) => builtin.has(n));
    const configValue = config ? (config[spec.config] ?? 'n') : null;
    if (loaded) {
      evidence.push(
        `loaded as ${loaded.name}` +
          (loaded.refcount !== null
            ? ` (refcount ${loaded.refcount}${loaded.usedBy.length ? `, used by ${loaded.usedBy.join(',')}` : ''})`
            : ''),
      );
    }
    if (inBuiltin) evidence.push(`${inBuiltin} in modules.builtin`);
    if (configValue !== null) evidence.push(`${spec.config}=${configValue}`);

    let state: ModuleStatus['state'];
    if (loaded) state = 'loaded';
    else if (inBuiltin || configValue === 'y') state = 'built-in';
    else if (configValue === 'm') state = 'available';
    else if (configValue === 'n') state = 'missing';
    else if (input.loaded && !input.loadedIsPartial) state = 'missing';
    else state = 'unknown';
    return {
      module: spec.module,
      config: spec.config,
      scope: spec.scope,
      state,
      present: state === 'loaded' || state === 'built-in',
      evidence,
      breaks: spec.breaks,
    };
  });

  const release = input.config?.release ?? null;
  return {
    kernelRelease: release,
    modules,
    helperSysctl: input.helperSysctl ? helperStatus(input.helperSysctl, release) : null,
    inputs: {
      loaded: input.loaded !== null,
      builtin: input.builtin !== null,
      config: input.config !== null,
      sysctl: input.helperSysctl !== null,
    },
    problems,
  };
}

/** pass when every endpoint module is present, warn when some are only available, fail otherwise. */
export function modulesVerdict(
  report: ModulesReport,
  role: 'endpoint' | 'gateway' = 'endpoint',
): 'pass' | 'warn' | 'fail' {
  const relevant = report.modules.filter((m) => m.scope === 'endpoint' || role === 'gateway');
  // Kernel-mode pptp/gre are optional while userspace pptpd is used; ppp_generic/mppe/async are not.
  const essential = relevant.filter((m) => m.module !== 'pptp' && m.module !== 'gre');
  if (essential.some((m) => m.state === 'missing')) return 'fail';
  if (relevant.some((m) => !m.present)) return 'warn';
  return 'pass';
}
