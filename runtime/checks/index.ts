/** Cross-message checks of whole logs: sequences, resends, heartbeats, order life cycles. */
export { LogChecker } from "./log-checker.js";
export type { CheckFinding, CheckKind, DecodedMessage, LogCheckOptions, LogPosition } from "./types.js";
