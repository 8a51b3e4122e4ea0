/**
 * Regenerates the encoded sample events in `events/` from the readable sources in `events/sources/`:
 *
 * - `logs-*.json` holds a decoded CloudWatch Logs batch; the event is `{"awslogs":{"data": base64(gzip(JSON))}}`.
 * - `alarm-sns-*.json` holds an SNS event whose `Records[].Sns.Message` is an object; the event carries it
 *   as the JSON string SNS delivers.
 *
 * Output is deterministic, so regenerating leaves committed files unchanged unless a source changed.
 * Usage: `npx tsx scripts/make-events.ts` (write) or `npx tsx scripts/make-events.ts --check` (exit 1 if stale).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const EVENTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'events');
const SOURCES_DIR = join(EVENTS_DIR, 'sources');

/** Byte 9 of a gzip header names the OS that wrote it; fixing it keeps the output identical on every platform. */
const GZIP_OS_BYTE = 9;
const GZIP_OS_UNIX = 3;

/** The gzip + base64 encoding CloudWatch Logs applies to a subscription batch. */
export function encodeLogBatch(batch: unknown): string {
  const gzipped = gzipSync(Buffer.from(JSON.stringify(batch), 'utf8'), { level: 9 });
  gzipped[GZIP_OS_BYTE] = GZIP_OS_UNIX;
  return gzipped.toString('base64');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Replaces each record's object `Sns.Message` by its JSON text, as SNS delivers it. */
function encodeSnsEvent(event: unknown, file: string): unknown {
  if (!isRecord(event) || !Array.isArray(event.Records)) throw new Error(`${file}: expected an SNS event with Records`);
  return {
    ...event,
    Records: event.Records.map((record: unknown) => {
      if (!isRecord(record) || !isRecord(record.Sns)) throw new Error(`${file}: every record needs an Sns object`);
      const message = record.Sns.Message;
      return { ...record, Sns: { ...record.Sns, Message: typeof message === 'string' ? message : JSON.stringify(message) } };
    }),
  };
}

/** The generated event file text for one source file, or null when the source is not one this script encodes. */
export function renderEvent(file: string, sourceText: string): string | null {
  const source: unknown = JSON.parse(sourceText);
  let event: unknown;
  if (file.startsWith('logs-')) event = { awslogs: { data: encodeLogBatch(source) } };
  else if (file.startsWith('alarm-sns-')) event = encodeSnsEvent(source, file);
  else return null;
  return `${JSON.stringify(event, null, 2)}\n`;
}

function main(argv: readonly string[]): number {
  const check = argv.includes('--check');
  const stale: string[] = [];
  for (const file of readdirSync(SOURCES_DIR).filter((f) => f.endsWith('.json')).sort()) {
    const rendered = renderEvent(file, readFileSync(join(SOURCES_DIR, file), 'utf8'));
    if (rendered === null) continue;
    const target = join(EVENTS_DIR, file);
    let current: string | null = null;
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      current = null;
    }
    if (current === rendered) continue;
    if (check) stale.push(file);
    else {
      writeFileSync(target, rendered);
      console.log(`wrote events/${file}`);
    }
  }
  if (stale.length > 0) {
    console.error(`stale generated events (run npx tsx scripts/make-events.ts): ${stale.join(', ')}`);
    return 1;
  }
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
