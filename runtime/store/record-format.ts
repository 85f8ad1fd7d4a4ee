/**
 * On-disk format of the file store: an 8-byte magic, then records `u32le payloadLength | u32le crc32(payload) |
 * payload`. The CRC is what lets recovery tell a record torn by a crash (or a power cut that left zeros) from a
 * whole one. Payload kinds:
 *   1 sent message   u32 MsgSeqNum, message bytes
 *   2 next sender    u32 MsgSeqNum
 *   3 next target    u32 MsgSeqNum
 *   4 created        f64 epoch ms (always the first record; written with the magic by an atomic rename)
 */
import { crc32 } from "node:zlib";

export const MAGIC = Buffer.from("KFXSTOR1", "latin1");
export const RECORD_HEADER = 8;
/** Refuses absurd lengths (a corrupt length field) before trying to read them. */
export const MAX_PAYLOAD = 64 * 1024 * 1024;

export const RecordKind = { Sent: 1, NextSender: 2, NextTarget: 3, Created: 4 } as const;

export type StoreRecord =
  | {
      readonly kind: typeof RecordKind.Sent;
      readonly seqNum: number;
      readonly messageOffset: number;
      readonly messageLength: number;
    }
  | { readonly kind: typeof RecordKind.NextSender | typeof RecordKind.NextTarget; readonly seqNum: number }
  | { readonly kind: typeof RecordKind.Created; readonly time: number };

/** Byte offset of the message inside a Sent record. */
export const SENT_MESSAGE_OFFSET = RECORD_HEADER + 5;

export function sentRecord(seqNum: number, message: Buffer): Buffer {
  const record = Buffer.allocUnsafe(SENT_MESSAGE_OFFSET + message.length);
  record[RECORD_HEADER] = RecordKind.Sent;
  record.writeUInt32LE(seqNum, RECORD_HEADER + 1);
  message.copy(record, SENT_MESSAGE_OFFSET);
  return seal(record);
}

export function seqRecord(kind: typeof RecordKind.NextSender | typeof RecordKind.NextTarget, seqNum: number): Buffer {
  const record = Buffer.allocUnsafe(RECORD_HEADER + 5);
  record[RECORD_HEADER] = kind;
  record.writeUInt32LE(seqNum, RECORD_HEADER + 1);
  return seal(record);
}

export function createdRecord(time: number): Buffer {
  const record = Buffer.allocUnsafe(RECORD_HEADER + 9);
  record[RECORD_HEADER] = RecordKind.Created;
  record.writeDoubleLE(time, RECORD_HEADER + 1);
  return seal(record);
}

/** Fills in length and CRC of a record whose payload is already in place. */
function seal(record: Buffer): Buffer {
  const payload = record.subarray(RECORD_HEADER);
  record.writeUInt32LE(payload.length, 0);
  record.writeUInt32LE(crc32(payload), 4);
  return record;
}

/** Whether `bytes[at..]` starts with a plausible record header; returns the payload length or -1. */
export function payloadLength(bytes: Buffer, at: number): number {
  const length = bytes.readUInt32LE(at);
  return length === 0 || length > MAX_PAYLOAD ? -1 : length;
}

/**
 * Decodes a complete record at `at` (header and payload present in `bytes`). `fileOffset` is the file position
 * of bytes[0], so that Sent records can say where their message lives in the file. Undefined = not a valid record.
 */
export function decodeRecord(bytes: Buffer, at: number, length: number, fileOffset: number): StoreRecord | undefined {
  const payload = bytes.subarray(at + RECORD_HEADER, at + RECORD_HEADER + length);
  if (crc32(payload) !== bytes.readUInt32LE(at + 4)) return undefined;
  const kind = payload[0];
  if (kind === RecordKind.Sent && length >= 5) {
    return {
      kind,
      seqNum: payload.readUInt32LE(1),
      messageOffset: fileOffset + at + SENT_MESSAGE_OFFSET,
      messageLength: length - 5,
    };
  }
  if ((kind === RecordKind.NextSender || kind === RecordKind.NextTarget) && length === 5) {
    return { kind, seqNum: payload.readUInt32LE(1) };
  }
  if (kind === RecordKind.Created && length === 9) return { kind, time: payload.readDoubleLE(1) };
  return undefined;
}
