/** Message stores: sequence numbers and sent messages, in memory or in a crash-safe file. */
export { StoreError, MAX_SEQ_NUM } from "./message-store.js";
export type { MessageStore, StoredMessage, StoreErrorCode } from "./message-store.js";
export { MemoryStore } from "./memory-store.js";
export { FileStore } from "./file-store.js";
export type { FileStoreOptions, FsyncPolicy, RecoveryReport } from "./file-store.js";
