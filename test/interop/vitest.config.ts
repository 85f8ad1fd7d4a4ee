import { defineConfig } from "vitest/config";
import { timeouts } from "../../vitest.config.js";

/** The interop suite alone; `npm run test:interop` runs it through run.sh (network namespace where possible). */
export default defineConfig({ test: { include: ["test/interop/**/*.test.ts"], root: new URL("../..", import.meta.url).pathname, ...timeouts } });
