import { elevate, type ElevateOptions, type ElevationResult } from '../helper/elevate';
import { defaultHelperPath } from '../helper/helperLocation';
import { askPasswordOnTerminal } from '../helper/terminalPassword';

export { defaultHelperPath };

export interface ObtainRunnerOptions {
  /** JSON-lines audit log of every privileged operation (goes into the evidence). */
  auditLogPath: string;
  /** dist/helper.cjs; default: beside the running bundle only (see helper/helperLocation.ts). */
  helperPath?: string;
  /** How to ask for the sudo password; default: on the terminal, without echo. */
  askPassword?: ElevateOptions['askPassword'];
  method?: ElevateOptions['method'];
}

/**
 * The one way collectors and CLI commands get a Runner: in-process when already root, else the
 * sudo/pkexec helper. On refusal (wrong password, no sudo rights, cancelled) the result says why
 * and the caller goes on unprivileged.
 */
export function obtainRunner(options: ObtainRunnerOptions): Promise<ElevationResult> {
  return elevate({
    helperPath: options.helperPath ?? defaultHelperPath(),
    auditLogPath: options.auditLogPath,
    method: options.method ?? 'auto',
    askPassword:
      options.askPassword ??
      ((req) => askPasswordOnTerminal(`[pptp-auditor] sudo password for ${req.user} (to start the read-only helper): `)),
  });
}
