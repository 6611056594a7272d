import type { Command } from 'commander';

/** Repeatable option values (commander's collector). */
export function collectValues(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The per-step commands' `--from FILE` (repeatable); light, so registering a command loads no step code. */
export function addFromOption(command: Command, what: string): Command {
  return command.option('--from <file>', `judge a file a site engineer sent instead of this machine (${what}); repeatable`, collectValues, []);
}
