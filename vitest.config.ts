import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// One suite for both databases: embedded PGlite by default, PostgreSQL when TEST_DATABASE_URL is set.
export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (main) and ESM (module) builds; Node loads the CommonJS one for our
    // dependencies (Pothos, Yoga), so the test transform must load the same one, or two copies of
    // GraphQLObjectType meet ("from another module or realm").
    alias: [
      { find: /^graphql$/, replacement: require.resolve('graphql', { paths: ['packages/api'] }) },
      // The workspace's tests run the SDK from source; the packed build is tested by tests/sdk/consumer.spec.ts.
      {
        find: /^@mediation\/sdk$/,
        replacement: fileURLToPath(new URL('packages/sdk/src/index.ts', import.meta.url)),
      },
    ],
  },
  test: {
    include: [
      'packages/*/src/**/*.spec.ts',
      'packages/*/tests/**/*.spec.ts',
      'examples/*/src/**/*.spec.ts',
      'examples/*/tests/**/*.spec.ts',
      'tests/**/*.spec.ts',
    ],
    globalSetup: ['tests/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
  },
});
