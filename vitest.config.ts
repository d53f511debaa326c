import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * Test files that measure the process itself (heap after GC, via test/helpers/memory.ts) need a
 * fresh one: what earlier files left behind in a shared worker would move their numbers.
 */
const MEASURES_PROCESS = readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => `test/${file.replaceAll('\\', '/')}`)
  .filter((file) => readFileSync(file, 'utf8').includes('helpers/memory.js'));

export default defineConfig({
  test: {
    // Protocol tests open real sockets on 127.0.0.1:0; forks keep them out of the runner's process.
    pool: 'forks',
    // Vitest's default is one worker less than the cores: one on a 2-core CI machine. Our tests
    // mostly wait on sockets and child processes, so two workers overlap those waits.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts'],
          exclude: MEASURES_PROCESS,
          // A fresh fork per file re-imports src/ (zod, yaml, imapflow...) for each of ~70 files:
          // about 40% of the suite's CPU time. src/ keeps no module-level mutable state
          // (DESIGN.md) and test files close the servers they start and restore what they spy
          // on, so files can share a worker's module cache. Each test file is still evaluated afresh.
          isolate: false,
        },
      },
      { extends: true, test: { name: 'isolated', include: MEASURES_PROCESS, isolate: true } },
    ],
  },
});
