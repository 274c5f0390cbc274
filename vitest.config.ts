import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "server/**/*.test.ts", "scripts/**/*.test.ts", "i18n/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "node_modules/**"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["server/**/*.integration.test.ts", "test/**/*.integration.test.ts", "bench/**/*.integration.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Each file starts its own server and database; keep the 2 cores for them.
          fileParallelism: false,
          // SQLite files, or one throwaway PostgreSQL server for the run (ATTUNE_TEST_DATABASE=postgres).
          globalSetup: ["test/helpers/postgres.ts"],
        },
      },
      {
        test: {
          // npm run test:cluster: PostgreSQL, Redis, two node processes and nginx on loopback.
          name: "cluster",
          include: ["test/cluster/**/*.cluster.test.ts"],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          globalSetup: ["test/cluster/setup.ts"],
        },
      },
      {
        test: {
          // npm run test:engines: the phone journey in WebKitGTK and Firefox ESR (e2e-engines/).
          name: "engines",
          include: ["e2e-engines/**/*.engines.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
