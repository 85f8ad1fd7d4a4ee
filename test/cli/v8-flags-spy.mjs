// Preload for heap-growth.test.ts: reports every V8 flag the process sets at run time on stderr, then sets it.
import v8 from "node:v8";
import { syncBuiltinESMExports } from "node:module";

const setFlags = v8.setFlagsFromString;
v8.setFlagsFromString = (flags) => {
  process.stderr.write(`v8 flags set: ${flags}\n`);
  setFlags(flags);
};
syncBuiltinESMExports();
