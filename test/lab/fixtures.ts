// Committed real lab fixtures (test/fixtures/lab/<scenario>/), for unit tests
// that must not boot the guest:
//   import { labFixture, readLabFixture } from '../../lab/fixtures';
//   const log = readLabFixture('healthy', 'client-pppd.log');
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isScenarioName } from './scenarios';

export const LAB_FIXTURES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'fixtures',
  'lab',
);

/** Absolute path of a committed fixture file; throws if it does not exist. */
export function labFixture(scenarioName: string, file: string): string {
  if (!isScenarioName(scenarioName)) throw new Error(`unknown lab scenario "${scenarioName}"`);
  if (file.includes('/') || file.includes('\\') || file.startsWith('.'))
    throw new Error(`bad fixture file name "${file}"`);
  const p = path.join(LAB_FIXTURES_DIR, scenarioName, file);
  if (!existsSync(p)) throw new Error(`no lab fixture ${scenarioName}/${file}`);
  return p;
}

export function readLabFixture(scenarioName: string, file: string): string {
  return readFileSync(labFixture(scenarioName, file), 'utf8');
}
