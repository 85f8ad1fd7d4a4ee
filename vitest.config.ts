import { configDefaults, defineConfig } from "vitest/config";

/** Shared with test/interop/vitest.config.ts. */
export const timeouts = { testTimeout: 20_000, hookTimeout: 30_000 };

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The QuickFIX interop suite runs on its own (npm run test:interop), inside a private network namespace
    // where the machine allows it; `npm test` runs both.
    exclude: [...configDefaults.exclude, "test/interop/**"],
    ...timeouts,
  },
});
