/** Session message/event logs in QuickFIX FileLog format, with credentials redacted. */
export { FileSessionLog, logFilePrefix } from "./session-log.js";
export type { SessionLog, SessionLogId, FileSessionLogOptions } from "./session-log.js";
export { redact, MIN_SECRET_LENGTH } from "./redact.js";
