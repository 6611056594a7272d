import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The test tiers, one vitest project each (`npm test` runs them one after another, timed, via
 * build/test.mjs, which lists them in this order; `npm test -- unit` or
 * `npx vitest run --config test/vitest.config.ts --project unit` runs one):
 * - unit: pure, fast, files in parallel;
 * - integration: real tools on this machine (tshark, tcpdump, network namespaces, the built
 *   CLI), one file at a time;
 * - e2e: root, network namespaces, Chromium, throw-away users: one file at a time, so they do
 *   not fight over the kernel;
 * - lab: the User-Mode Linux PPTP lab (test/lab) and audits inside it (test/e2e/lab), one file
 *   at a time (each boots up to two guests).
 */
/**
 * Files under test/unit that are not pure: they rebuild dist/ (which races any other file
 * running it), make network namespaces, or mount a tmpfs in a mount namespace for a child
 * process (enospc). They run serially, with the integration tier.
 */
const UNIT_BUT_NOT_PURE = [
  'test/unit/electron/cli/stepCommands.test.ts',
  'test/unit/electron/cli/mtuNetns.test.ts',
  'test/unit/electron/evidence/enospc.test.ts',
];
const LAB = ['test/lab/**/*.test.ts', 'test/e2e/lab/**/*.test.ts'];

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    testTimeout: 60_000,
    // Vitest's default is one worker fewer than the cores: ONE on a 2-core machine, so the unit
    // tier's files ran one after another. Many of them wait more than they compute (real
    // sampling and capture windows, child processes, Chromium), so more workers than cores
    // overlap the waits. The serial tiers set fileParallelism: false and are not affected.
    maxWorkers: Math.max(4, availableParallelism()),
    hookTimeout: 600_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          exclude: [...configDefaults.exclude, ...UNIT_BUT_NOT_PURE],
          fileParallelism: true,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', ...UNIT_BUT_NOT_PURE],
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...LAB],
          fileParallelism: false,
        },
      },
      { extends: true, test: { name: 'lab', include: LAB, fileParallelism: false } },
    ],
  },
});
