import { accessSync, constants, statSync } from 'node:fs';
import { TOOL_PACKAGES, type ToolName } from '../../shared/ops/plan';

/**
 * Tools are looked up in fixed system directories only, never through the caller's PATH:
 * under sudo the helper must not run a `ip` planted in a user-writable directory.
 */
export const SYSTEM_BIN_DIRS = ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/sbin', '/usr/local/bin'];

/** The environment every tool runs with: no inherited variables (LD_PRELOAD, PATH, locale). */
export const TOOL_ENV: Record<string, string> = {
  PATH: SYSTEM_BIN_DIRS.join(':'),
  LC_ALL: 'C',
  LANG: 'C',
  SYSTEMD_PAGER: '',
  SYSTEMD_COLORS: '0',
};

export function resolveTool(tool: ToolName): string | null {
  if (!(tool in TOOL_PACKAGES)) return null;
  for (const dir of SYSTEM_BIN_DIRS) {
    const candidate = `${dir}/${tool}`;
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here: next directory
    }
  }
  return null;
}
