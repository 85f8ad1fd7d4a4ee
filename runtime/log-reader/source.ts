/**
 * Reads one log source as a stream of decoded chunks: gzip is recognised by its magic bytes (1f 8b), not by the
 * file name, and decompressed as it streams. Read and gzip failures become LogInputErrors naming the source.
 */
import { createReadStream } from "node:fs";
import { Readable, pipeline } from "node:stream";
import { createGunzip } from "node:zlib";
import { LogInputError, errorMessage, type LogInput } from "./inputs.js";

/** Anything that yields bytes: process.stdin, a Readable, an async generator. */
export type ByteSource = AsyncIterable<Uint8Array | string>;

export interface SourceReadOptions {
  /** Where `-` reads from. */
  readonly stdin: ByteSource;
  /** Called with the size of every chunk read from the file or stdin, before decompression. */
  readonly onRawBytes: (count: number) => void;
  /** Called once the first bytes show whether the source is gzip. */
  readonly onFormat: (gzip: boolean) => void;
}

const GZIP_MAGIC = [0x1f, 0x8b] as const;
/**
 * Bytes per read from a file and per gunzip output chunk. 256 KiB rather than 64: a quarter of the trips through
 * the stream and the async generators between the file and the validate command's loop (200 MB log 3.67 -> 3.35 s);
 * 1 MiB read no faster, and each chunk's records are alive together.
 */
const CHUNK_BYTES = 256 * 1024;

export async function* readSourceChunks(input: LogInput, options: SourceReadOptions): AsyncGenerator<Buffer> {
  const raw =
    input.kind === "stdin" ? options.stdin : createReadStream(input.absolutePath, { highWaterMark: CHUNK_BYTES });
  const counted = countBytes(raw, options.onRawBytes);
  try {
    yield* decompressIfGzip(counted, options.onFormat);
  } catch (error) {
    if (error instanceof LogInputError) throw error;
    const gzip = isZlibError(error);
    throw new LogInputError(
      gzip ? "GZIP" : "READ_FAILED",
      input.path,
      gzip
        ? `${input.path}: bad gzip data: ${errorMessage(error)}`
        : `cannot read ${input.path}: ${errorMessage(error)}`,
      { cause: error },
    );
  }
}

async function* countBytes(raw: ByteSource, onRawBytes: (count: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of raw) {
    const bytes =
      typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    onRawBytes(bytes.length);
    yield bytes;
  }
}

async function* decompressIfGzip(
  chunks: AsyncGenerator<Buffer>,
  onFormat: (gzip: boolean) => void,
): AsyncGenerator<Buffer> {
  // The magic may arrive split over chunks when reading a pipe, so collect two bytes first.
  const head: Buffer[] = [];
  let headLength = 0;
  while (headLength < GZIP_MAGIC.length) {
    const next = await chunks.next();
    if (next.done) break;
    head.push(next.value);
    headLength += next.value.length;
  }
  const first = Buffer.concat(head, headLength);
  const all = prepend(first, chunks);
  const gzip = first[0] === GZIP_MAGIC[0] && first[1] === GZIP_MAGIC[1];
  onFormat(gzip);
  if (!gzip) {
    yield* all;
    return;
  }
  const compressed = Readable.from(all, { objectMode: false });
  const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
  // pipeline forwards a failure of either side to the gunzip stream being iterated below.
  pipeline(compressed, gunzip, () => {});
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } finally {
    compressed.destroy();
    gunzip.destroy();
  }
}

async function* prepend(first: Buffer, rest: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  try {
    if (first.length > 0) yield first;
    yield* rest;
  } finally {
    await rest.return(undefined); // closes the file when the reader stops early
  }
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("Z_");
}
