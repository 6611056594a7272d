import type { KernelConfig, SysctlValue } from '../model/modules';

/** Text of /proc/config.gz (already decompressed) or /boot/config-*. */
export function parseKernelConfig(text: string): KernelConfig {
  const values: Record<string, string> = {};
  let release: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^(CONFIG_[A-Za-z0-9_]+)=(.*)$/.exec(line))) {
      values[m[1] as string] = (m[2] as string).replace(/^"(.*)"$/, '$1');
    } else if ((m = /^# (CONFIG_[A-Za-z0-9_]+) is not set$/.exec(line))) {
      values[m[1] as string] = 'n';
    } else if (release === null && (m = /^# Linux\/\S+ (\S+) Kernel Configuration$/.exec(line))) {
      release = m[1] as string;
    }
  }
  return { release, values };
}

/**
 * `sysctl KEY` output ("key = value"), a bare /proc/sys value ("1"), or sysctl's error
 * "sysctl: cannot stat /proc/sys/...: No such file or directory" for a key this kernel lacks.
 */
export function parseSysctl(text: string, key: string): SysctlValue {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  for (const line of lines) {
    const m = /^([\w.\/-]+)\s*=\s*(.*)$/.exec(line);
    if (m && (m[1] === key || m[1]?.replace(/\//g, '.') === key))
      return { key, value: m[2] as string, error: null };
  }
  const error = lines.find((l) => /cannot stat|No such file|unknown key/i.test(l));
  if (error) return { key, value: null, error };
  if (lines.length === 1 && /^[\w.-]+$/.test(lines[0] as string))
    return { key, value: lines[0] as string, error: null };
  return {
    key,
    value: null,
    error:
      lines.length === 0
        ? 'no output'
        : `unrecognised sysctl output: ${(lines[0] ?? '').slice(0, 80)}`,
  };
}
