/**
 * Chooses the account adapters from the flags: a recorded account (`--recording FILE`), or the live
 * account through the standard SDK credential chain, optionally recording it (`--record FILE`).
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { AccountReader } from '../shared/ports/account-reader.ts';
import type { Clock } from '../shared/ports/clock.ts';
// Only types at the top: the adapters import the AWS SDK (and full zod), which would cost every CLI
// start (check-response, classify, --help) a few hundred milliseconds. They are loaded with `import()`
// by the commands that read an account; the compiled CLI puts them in chunks of their own.
import type { AwsAccountReader } from '../shared/adapters/aws/account-reader.ts';
import type { Recording, RecordingError } from '../shared/adapters/recorded/recorded-account.ts';
import type { Recorder } from '../shared/adapters/recorded/recording.ts';
import type { Result } from '../shared/domain/result.ts';
import { UsageError } from './io.ts';

/** An account to read, a clock, and what to do when the run is over. */
export interface AccountSession {
  readonly reader: AwsAccountReader;
  readonly clock: Clock;
  readonly live: boolean;
  /** The recording being replayed, when there is one. */
  readonly recording?: Recording;
  /** Writes the `--record` file, if asked; returns its path. */
  finish(): Promise<string | null>;
}

/** Flags shared by every command that reads an account. */
export interface AccountFlags {
  readonly region?: string;
  readonly recording?: string;
  readonly record?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Opens the account the flags name. Problems a user can fix are `UsageError`s. */
export async function openAccount(flags: AccountFlags): Promise<AccountSession> {
  if (flags.recording !== undefined && flags.record !== undefined) throw new UsageError('use either --recording FILE (replay a recorded account) or --record FILE (record a live run), not both');
  if (flags.recording !== undefined) {
    if (!existsSync(flags.recording)) throw new UsageError(`${flags.recording}: no such file`);
    const { createAccountReaderFromRecording, loadRecording, recordedClock } = await import('../shared/adapters/recorded/recorded-account.ts');
    const loaded = await loadRecording(flags.recording);
    if (!loaded.ok) throw new UsageError(loaded.error.message);
    const recording = loaded.value;
    if (flags.region !== undefined && flags.region !== recording.region) throw new UsageError(`--region ${flags.region} does not match the recording's region ${recording.region}`);
    return { reader: createAccountReaderFromRecording(recording), clock: recordedClock(recording), live: false, recording, finish: async () => null };
  }
  const region = flags.region ?? flags.env['AWS_REGION'] ?? flags.env['AWS_DEFAULT_REGION'];
  if (region === undefined || region === '') throw new UsageError('no region: pass --region (or set AWS_REGION), or use --recording FILE to read a recorded account');
  const [{ callerAccount }, { createAwsClients }, { createAccountReader }, { recordingClients }] = await Promise.all([
    import('../shared/adapters/aws/caller-identity.ts'),
    import('../shared/adapters/aws/clients.ts'),
    import('../shared/adapters/aws/account-reader.ts'),
    import('../shared/adapters/recorded/recording.ts'),
  ]);
  const clients = createAwsClients({ region });
  let recorder: Recorder | null = null;
  if (flags.record !== undefined) recorder = recordingClients(clients);
  let account: string;
  try {
    // Through the recorder too: `--record` writes every call the run made, STS GetCallerIdentity included.
    account = await callerAccount(region, recorder === null ? undefined : (sts) => recorder.wrap('sts', sts));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`cannot use the AWS credentials (${message.split('\n')[0]}). Configure credentials (AWS_PROFILE, aws sso login, ...) or use --recording FILE`);
  }
  const reader = createAccountReader({ clients: recorder?.clients ?? clients, account, region });
  // One reference time for the whole run: the log window ends here, and a recording pins it as `now`.
  const started = new Date();
  return {
    reader,
    clock: { now: () => started },
    live: true,
    finish: async () => {
      if (recorder === null || flags.record === undefined) return null;
      await writeFile(flags.record, `${JSON.stringify(recorder.toRecording({ account, region, now: started }), null, 2)}\n`);
      return flags.record;
    },
  };
}

/** Reads a recorded account file (loads the recorded-account adapter on first use). */
export async function loadRecording(path: string): Promise<Result<Recording, RecordingError>> {
  const adapter = await import('../shared/adapters/recorded/recorded-account.ts');
  return adapter.loadRecording(path);
}

/**
 * The API stages a recording holds (its GetStage records). A diagnosis of any other stage can only
 * end in "no record": better to say at once which stages the file was made for.
 */
export function recordedStages(recording: Recording): string[] {
  const stages = new Set<string>();
  for (const call of recording.calls) {
    const id = call.input['restApiId'];
    const stage = call.input['stageName'];
    if (call.service === 'api-gateway' && call.operation === 'GetStage' && typeof id === 'string' && typeof stage === 'string') stages.add(`${id}/${stage}`);
    // HTTP APIs (API Gateway v2) record their stage as `apigatewayv2 GetStage { ApiId, StageName }`.
    const httpId = call.input['ApiId'];
    const httpStage = call.input['StageName'];
    if (call.service === 'apigatewayv2' && call.operation === 'GetStage' && typeof httpId === 'string' && typeof httpStage === 'string') stages.add(`${httpId}/${httpStage}`);
  }
  return [...stages];
}

/** Parses `--since`: `90s`, `30m`, `1h`, `2d` (default unit: minutes). Returns milliseconds. */
export function parseSince(value: string | undefined, fallback = '1h'): number {
  const text = (value ?? fallback).trim();
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)?$/.exec(text);
  if (!m) throw new UsageError(`--since must look like 90s, 30m, 1h or 2d (got '${text}')`);
  const n = Number(m[1]);
  const unit = m[2] ?? 'm';
  const ms = n * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit as 's' | 'm' | 'h' | 'd'];
  if (ms < 1_000 || ms > 30 * 86_400_000) throw new UsageError(`--since must be between 1s and 30d (got '${text}')`);
  return ms;
}

export type { AccountReader };
