/**
 * Loads the real-log corpus kept in the project (`test/fixtures/real-logs.jsonl` and
 * `test/fixtures/real-logs-evidence.jsonl`, see the README next to them). A missing or empty corpus
 * is an error, never a silently empty test.
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
  /** What the lines are: `execution-log`, `console-test`, `access-log`, `curl`, `lambda-log`, ... (`a+b` when mixed). */
  readonly format: string;
  /** What the source is: `issue` (GitHub issue or pull request), `repo-note`, `blog`, `kb`, `qa`. */
  readonly kind: string;
  /**
   * Set while the engine still gets the case wrong: a short reason. The corpus test asserts such a
   * case is STILL wrong, so the flag has to go once the engine is fixed (test/fixtures/EVIDENCE-GAPS.md).
   */
  readonly pending?: string;
}

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** The API Gateway execution/console-log corpus (the first 32 cases). */
export const CORPUS_PATH = join(FIXTURES, 'real-logs.jsonl');

/** Everything else an on-call engineer pastes: curl, headers, Lambda logs, client bodies, WebSocket output... */
export const EVIDENCE_CORPUS_PATH = join(FIXTURES, 'real-logs-evidence.jsonl');

/** Both corpus files, in load order. */
export const CORPUS_PATHS: readonly string[] = [CORPUS_PATH, EVIDENCE_CORPUS_PATH];

/** Reads the cases of one corpus file. Throws with the path when it is missing or holds no case. */
export function loadCorpusFile(path: string): CorpusCase[] {
  if (!existsSync(path)) throw new Error(`real-log corpus not found at ${path}`);
  const cases = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as CorpusCase;
      } catch (error) {
        throw new Error(`${path}:${String(i + 1)}: not JSON (${error instanceof Error ? error.message : String(error)})`);
      }
    });
  // An empty file would turn every it.each over the corpus into zero tests, i.e. a green run that checked nothing.
  if (cases.length === 0) throw new Error(`real-log corpus at ${path} holds no case`);
  return cases;
}

/** Options of {@link loadCorpus}. */
export interface LoadCorpusOptions {
  /** Also return the cases marked `pending` (the engine gets them wrong today). Default false. */
  readonly includePending?: boolean;
}

/**
 * Reads every case of both corpus files. By default the `pending` cases are left out: tests that
 * re-shape corpus cases (CRLF, exports, the CLI) assert the expected cause, which a pending case does
 * not reach yet. `test/unit/domain/classify/corpus.test.ts` loads them all with `includePending`.
 */
export function loadCorpus(options: LoadCorpusOptions = {}): CorpusCase[] {
  const all = CORPUS_PATHS.flatMap((path) => loadCorpusFile(path));
  return options.includePending === true ? all : all.filter((c) => c.pending === undefined);
}
