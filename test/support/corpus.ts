/**
 * Loads the real-log corpus that sits beside the checkout (`../shared/corpus/real-logs.jsonl`), or the
 * file named by APIGW_DOCTOR_CORPUS. A missing corpus is an error, never a silently empty test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One corpus case: real lines someone posted and the causes they show (`none` = no 5xx finding). */
export interface CorpusCase {
  readonly id: string;
  readonly source: string;
  readonly lines: readonly string[];
  readonly note: string;
  readonly expected: readonly string[];
}

/** Where the corpus is expected. */
export const CORPUS_PATH = process.env['APIGW_DOCTOR_CORPUS'] ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'real-logs.jsonl');

/** Reads every case. Throws with the path when the corpus is missing. */
export function loadCorpus(): CorpusCase[] {
  if (!existsSync(CORPUS_PATH)) throw new Error(`real-log corpus not found at ${CORPUS_PATH} (set APIGW_DOCTOR_CORPUS)`);
  return readFileSync(CORPUS_PATH, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as CorpusCase);
}
