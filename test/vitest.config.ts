import { defineConfig } from 'vitest/config';

// Unit tests are pure and fast; e2e and lab tests need root, network namespaces,
// Chromium or User-Mode Linux and run serially so they do not fight over the kernel.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    reporters: ['default'],
  },
});
