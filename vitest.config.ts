import { defineConfig } from 'vitest/config';

// Tests import workspace packages from their TypeScript sources (the "@algo/source"
// export condition), so `vitest` needs no build; tests that spawn the `algo` binary use
// the built `dist/` that `npm test` produces first.
export default defineConfig({
  resolve: { conditions: ['@algo/source'] },
  ssr: { resolve: { conditions: ['@algo/source'] } },
  test: {
    include: ['*/test/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
