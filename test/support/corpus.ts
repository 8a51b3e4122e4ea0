/**
 * Loads the real-log corpus kept in the project (`test/fixtures/real-logs.jsonl`, see the README next
 * to it). A missing or empty corpus is an error, never a silently empty test.
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

/** Where the corpus lives: a fixture of this repository, so a plain clone runs every case. */
export const CORPUS_PATH = join(import.meta.dirname, '..', 'fixtures', 'real-logs.jsonl');

/** Reads every case. Throws with the path when the corpus is missing or holds no case. */
export function loadCorpus(): CorpusCase[] {
  if (!existsSync(CORPUS_PATH)) throw new Error(`real-log corpus not found at ${CORPUS_PATH}`);
  const cases = readFileSync(CORPUS_PATH, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as CorpusCase);
  // An empty file would turn every it.each over the corpus into zero tests, i.e. a green run that checked nothing.
  if (cases.length === 0) throw new Error(`real-log corpus at ${CORPUS_PATH} holds no case`);
  return cases;
}
