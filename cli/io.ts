/**
 * CLI plumbing: usage errors, reading FILE or stdin, printing JSON. Every user-facing failure is a
 * `UsageError` (exit 2, one line on stderr); nothing prints a stack trace.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';

/** A usage or input problem: printed as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit codes of the CLI contract. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** What a command returns: the exit code (output already written). */
export type CommandResult = Promise<number>;

/** Streams the CLI writes to, injectable for tests. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Standard input as text (already decoded). */
  readonly stdin: () => Promise<string>;
  /**
   * Standard input as bytes, when the streams have them: `readInput` then decodes it itself, so gzip
   * and binary data on stdin are handled like files. Test streams that only have text leave it out.
   */
  readonly stdinBytes?: () => Promise<Buffer>;
  readonly stdinIsTty: boolean;
}

const STDIN = 'standard input';

async function readStdinBytes(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_INPUT_BYTES) throw new UsageError(`standard input is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB; filter it first (e.g. --start-time on aws logs)`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** The process's own streams. */
export function processIo(): Io {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdin: async () => decodeInput(await readStdinBytes(), STDIN),
    stdinBytes: readStdinBytes,
    stdinIsTty: process.stdin.isTTY === true,
  };
}

const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** Formats that are not text, by their first bytes, and what to do instead (one line each). */
const BINARY_FORMATS: ReadonlyArray<{ readonly magic: readonly number[]; readonly what: string }> = [
  { magic: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive: unzip it first (gzip files are read directly)' },
  { magic: [0x42, 0x5a, 0x68], what: 'bzip2-compressed: decompress it first (gzip files are read directly)' },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'xz-compressed: decompress it first (gzip files are read directly)' },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], what: 'zstd-compressed: decompress it first (gzip files are read directly)' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7z archive: extract it first (gzip files are read directly)' },
];

const startsWith = (buffer: Buffer, magic: readonly number[]): boolean => buffer.length >= magic.length && magic.every((b, i) => buffer[i] === b);

/** True when `buffer` starts with the gzip magic bytes (RFC 1952), whatever the file is called. */
export function isGzip(buffer: Buffer): boolean {
  return startsWith(buffer, [0x1f, 0x8b]);
}

/**
 * Text from what a user hands over, named `source` in errors: gzip is decompressed (CloudWatch's
 * S3 exports are `.gz`; `gzip x.log` too), UTF-16 and byte-order marks are decoded, and anything
 * that is not text (another archive format, NUL bytes, invalid UTF-8, control characters) is a
 * `UsageError` with one line saying what it is. Never returns garbage text: a binary file read as
 * text would otherwise be "no failure found".
 */
export function decodeInput(buffer: Buffer, source: string): string {
  let bytes = buffer;
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_INPUT_BYTES });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new UsageError(`${source}: decompresses to more than ${MAX_INPUT_BYTES / 1024 / 1024} MiB; split it or filter it first`);
      }
      throw new UsageError(`${source}: corrupt gzip data (${error instanceof Error ? error.message : String(error)})`);
    }
    // A .tar.gz holds files, not log text: say so instead of complaining about NUL bytes.
    if (bytes.length > 262 && bytes.subarray(257, 262).toString('latin1') === 'ustar') {
      throw new UsageError(`${source}: a gzip-compressed tar archive: extract the log files first`);
    }
  }
  const format = BINARY_FORMATS.find((f) => startsWith(bytes, f.magic));
  if (format !== undefined) throw new UsageError(`${source}: ${format.what}`);
  return assertText(decodeText(bytes, source), source);
}

/**
 * Text from bytes: UTF-8 by default, UTF-16 when a byte-order mark says so (PowerShell's `>` writes
 * UTF-16LE), so a Windows user's saved log is not silently read as garbage. With `source`, bytes that
 * are not valid UTF-8 are a `UsageError` naming the first bad byte; without it they are replaced.
 */
export function decodeText(buffer: Buffer, source?: string): string {
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.subarray(2).toString('utf16le');
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) {
    const swapped = Buffer.from(buffer.subarray(2, 2 + ((buffer.length - 2) & ~1)));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  if (source === undefined) return buffer.toString('utf8');
  if (buffer.includes(0)) throw new UsageError(`${source}: not text (it contains NUL bytes): pass a log file, or decompress it first`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    const at = firstInvalidUtf8(buffer);
    throw new UsageError(`${source}: not UTF-8 text (byte 0x${(buffer[at] ?? 0).toString(16).padStart(2, '0')} at offset ${String(at)}): save it as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8)`);
  }
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (the decoder says only that one exists). */
function firstInvalidUtf8(buffer: Buffer): number {
  const continuation = (at: number): boolean => at < buffer.length && ((buffer[at] ?? 0) & 0xc0) === 0x80;
  for (let i = 0; i < buffer.length; ) {
    const b = buffer[i] ?? 0;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k += 1) if (!continuation(i + k)) return i;
    i += length;
  }
  return 0;
}

/** Control characters text does not contain (tab, line ends, form feed and ESC of terminal colours are fine). */
const CONTROL = /[\u0000-\u0008\u000e-\u001a\u001c-\u001f\u007f]/g;

/** `text` itself, unless it is binary data that happened to decode (NUL, or many control characters). */
export function assertText(text: string, source: string): string {
  if (text.includes('\u0000')) throw new UsageError(`${source}: not text (it contains NUL bytes): pass a log file, or decompress it first`);
  const sample = text.slice(0, 65_536);
  const controls = sample.match(CONTROL)?.length ?? 0;
  // A stray control character happens in real logs; binary data is full of them.
  if (controls > 8 && controls * 20 > sample.length) throw new UsageError(`${source}: not text (${String(controls)} control characters in the first ${String(sample.length)}): pass a log file`);
  return text;
}

/**
 * What kind of JSON document `text` is when all of it is one JSON value ("a JSON object", "a JSON
 * array"), else null. Log text is many lines of values or none; a single document (package.json, an
 * API response) that holds no log is not logs, and must not read as "no failure".
 */
export function jsonDocumentKind(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    return Array.isArray(value) ? 'a JSON array' : typeof value === 'object' && value !== null ? 'a JSON object' : null;
  } catch {
    return null;
  }
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/**
 * Reads FILE, or stdin for `-` / no argument, as text (see `decodeInput`: gzip is decompressed, binary
 * data refused). Clear errors for missing files, directories, binary data and a terminal stdin.
 */
export async function readInput(io: Io, file: string | undefined, what: string): Promise<string> {
  if (file === undefined || file === '-') {
    if (file === undefined && io.stdinIsTty) throw new UsageError(`no input: pass ${article(what)} ${what} FILE, or pipe it into stdin (use - to read stdin explicitly)`);
    return io.stdinBytes === undefined ? assertText(await io.stdin(), STDIN) : decodeInput(await io.stdinBytes(), STDIN);
  }
  try {
    const buffer = await readFile(file);
    if (buffer.length > MAX_INPUT_BYTES) throw new UsageError(`${file}: larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB; split it or filter it first`);
    return decodeInput(buffer, file);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') throw new UsageError(`${file}: no such file`);
    if (code === 'EISDIR') throw new UsageError(`${file}: is a directory, expected ${article(what)} ${what} file`);
    if (code === 'EACCES') throw new UsageError(`${file}: permission denied`);
    throw new UsageError(`${file}: cannot read (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Writes one JSON document and a newline. */
export function printJson(io: Io, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
