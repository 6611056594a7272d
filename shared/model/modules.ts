/** One line of /proc/modules or lsmod. */
export interface LoadedModule {
  name: string;
  sizeBytes: number;
  /** Reference count; null when the kernel prints "-" (no unload support). */
  refcount: number | null;
  usedBy: string[];
  /** /proc/modules only: Live, Loading, Unloading. */
  state: string | null;
  /** 1-based line in the file it was read from (evidence reference). */
  line: number;
}

/** CONFIG_X=y|m|<value>; "# CONFIG_X is not set" becomes "n". */
export interface KernelConfig {
  /** "6.18.44" from the "# Linux/x86 6.18.44 Kernel Configuration" header, when present. */
  release: string | null;
  values: Record<string, string>;
}

export interface SysctlValue {
  key: string;
  /** null when the key does not exist on this kernel (sysctl: cannot stat ...). */
  value: string | null;
  error: string | null;
}

export type ModuleState = 'loaded' | 'built-in' | 'available' | 'missing' | 'unknown';

/** Where a module matters: on every tunnel endpoint, or only on a NAT/firewall gateway. */
export type ModuleScope = 'endpoint' | 'gateway';

export interface ModuleStatus {
  module: string;
  config: string;
  scope: ModuleScope;
  state: ModuleState;
  /** Present means loaded or built in (built-in counts as present). */
  present: boolean;
  /** What we saw: "loaded (used by 4)", "CONFIG_PPP_MPPE=y", "in modules.builtin". */
  evidence: string[];
  /** What is lost when it is absent. */
  breaks: string;
}

export interface HelperSysctlStatus {
  /** "1", "0", or null when the sysctl does not exist (Linux >= 6.0). */
  value: string | null;
  present: boolean;
  note: string;
}

export interface ModulesReport {
  kernelRelease: string | null;
  modules: ModuleStatus[];
  helperSysctl: HelperSysctlStatus | null;
  /** Which inputs were available; the verdict is weaker when one is missing. */
  inputs: { loaded: boolean; builtin: boolean; config: boolean; sysctl: boolean };
  problems: string[];
}
