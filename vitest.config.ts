import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,db,bff,test}/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/e2e/**', 'test/bench/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
