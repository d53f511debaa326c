import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Protocol tests open real sockets on 127.0.0.1:0; forks isolate them cleanly.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
