/** Reading FIX messages out of log files, captures and stdin. */
export { FixLogExtractor } from "./extractor.js";
export { expandGlob, isGlobPattern, matchSegment } from "./glob.js";
export { LogInputError, resolveLogInputs, type LogInput, type LogInputErrorCode } from "./inputs.js";
export { describeLinePrefix, type LinePrefix } from "./line-prefix.js";
export {
  FixLogReader,
  readFixLog,
  type LogReadProgress,
  type LogReadStats,
  type ReadFixLogOptions,
  type SourceStats,
} from "./read-fix-log.js";
export type { ByteSource } from "./source.js";
export type {
  ExtractorOptions,
  ExtractStats,
  LogDelimiter,
  LogRecord,
  MessageEnding,
  NonFixLineSample,
} from "./types.js";
