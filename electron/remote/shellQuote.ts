/**
 * The ONE function that turns an argv into the command line the remote account's shell parses
 * (sshd hands the exec string to `$SHELL -c`). Every element is single-quoted: inside single
 * quotes a POSIX shell (sh, dash, bash, ksh, zsh) takes every character literally except the
 * closing quote, which is written as '\'' (close, escaped quote, reopen). Nothing expands:
 * no $(), no backticks, no globs, no newlines as separators.
 *
 * A NUL can not be carried by an argv at all (C strings end there): refused, never dropped.
 * Login shells with other quoting rules (csh's `!` history, fish's `\\` escapes) are caught at
 * connect time by a round-trip canary (connection.ts), not here.
 */
export function quoteForRemoteShell(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('empty remote command');
  return argv.map(quoteWord).join(' ');
}

function quoteWord(word: string): string {
  if (word.includes('\0')) throw new Error('a remote argument can not contain a NUL character');
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
