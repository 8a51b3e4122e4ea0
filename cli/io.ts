/**
 * CLI plumbing: usage errors, reading FILE or stdin, printing JSON. Every user-facing failure is a
 * `UsageError` (exit 2, one line on stderr); nothing prints a stack trace.
 */
import { readFile } from 'node:fs/promises';

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
  readonly stdin: () => Promise<string>;
  readonly stdinIsTty: boolean;
}

/** The process's own streams. */
export function processIo(): Io {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdin: async () => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of process.stdin) {
        const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
        size += buffer.length;
        if (size > MAX_INPUT_BYTES) throw new UsageError(`standard input is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB; filter it first (e.g. --start-time on aws logs)`);
        chunks.push(buffer);
      }
      return decodeText(Buffer.concat(chunks));
    },
    stdinIsTty: process.stdin.isTTY === true,
  };
}

const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/**
 * Text from bytes: UTF-8 by default, UTF-16 when a byte-order mark says so (PowerShell's `>` writes
 * UTF-16LE), so a Windows user's saved log is not silently read as garbage.
 */
export function decodeText(buffer: Buffer): string {
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.subarray(2).toString('utf16le');
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) {
    const swapped = Buffer.from(buffer.subarray(2, 2 + ((buffer.length - 2) & ~1)));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return buffer.toString('utf8');
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** Reads FILE, or stdin for `-` / no argument. Clear errors for missing files, directories and a terminal stdin. */
export async function readInput(io: Io, file: string | undefined, what: string): Promise<string> {
  if (file === undefined || file === '-') {
    if (file === undefined && io.stdinIsTty) throw new UsageError(`no input: pass ${article(what)} ${what} FILE, or pipe it into stdin (use - to read stdin explicitly)`);
    return io.stdin();
  }
  try {
    const buffer = await readFile(file);
    if (buffer.length > MAX_INPUT_BYTES) throw new UsageError(`${file}: larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB; split it or filter it first`);
    return decodeText(buffer);
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
