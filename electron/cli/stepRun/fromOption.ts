import type { Command } from 'commander';
import { addTargetOptions } from './targetOptions';

/** Repeatable option values (commander's collector). */
export function collectValues(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * --from FILE (judge sent files, repeatable) and --target ssh://… (run on a gateway): the two
 * other places a step's evidence can come from. Light, so registering a command loads no step code.
 */
export function addFromOption(command: Command, what: string): Command {
  return addTargetOptions(command.option('--from <file>', `judge a file a site engineer sent instead of this machine (${what}); repeatable`, collectValues, []));
}
