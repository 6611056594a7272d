/**
 * Quote one argv element for display, so the command an auditor reads (and may paste into a
 * terminal) is exactly the argv we run. Only for display: we never run a shell string.
 */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function displayArgv(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}
