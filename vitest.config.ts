import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Protocol tests open real sockets on 127.0.0.1:0; forks keep them out of the runner's process.
    pool: 'forks',
    // Vitest's default is one worker less than the cores: one on a 2-core CI machine. Our tests
    // mostly wait on sockets and child processes, so two workers overlap those waits.
    maxWorkers: 2,
    // A fresh fork per file re-imports src/ (zod, yaml, imapflow...) for each of ~60 files: about
    // 40% of the suite's CPU time. src/ keeps no module-level mutable state (DESIGN.md) and test
    // files close the servers they start and restore what they spy on, so files can share a
    // worker's module cache. Each test file itself is still evaluated afresh.
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
