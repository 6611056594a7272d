import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

/** Text of a fixture under test/fixtures/ (real tool output captured on this machine or the lab). */
export function readFixture(relative: string): string {
  return readFileSync(root + relative, 'utf8');
}

export function fixturePath(relative: string): string {
  return root + relative;
}
