import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAUSE_IDS } from '../../../../shared/domain/model.ts';
import { classifyLogText } from '../../../../shared/domain/use-cases/classify-logs.ts';
import { EVIDENCE_CORPUS_PATH, loadCorpus, loadCorpusFile, type CorpusCase } from '../../../support/corpus.ts';

const corpus = loadCorpus({ includePending: true });
const evidence = loadCorpusFile(EVIDENCE_CORPUS_PATH);
const passing = corpus.filter((c) => c.pending === undefined);
const pending = corpus.filter((c) => c.pending !== undefined);

/** The `format` vocabulary (test/fixtures/README.md); a mixed paste joins parts with `+`. */
const FORMATS = new Set(['execution-log', 'console-test', 'access-log', 'curl', 'httpie', 'headers', 'lambda-log', 'lambda-console', 'client-body', 'websocket', 'test-invoke', 'sdk-error']);
const KINDS = new Set(['issue', 'qa', 'repo-note', 'blog', 'kb']);
/** Formats that are API Gateway execution logs in one of their two shapes (CloudWatch or console Test). */
const EXECUTION_FORMATS = new Set(['execution-log', 'console-test']);

const formatParts = (c: CorpusCase): string[] => c.format.split('+');

/** What the classifier must do with a case; throws (through `expect`) when it does not. */
function assertClassifiedAsExpected(c: CorpusCase): void {
  // Act
  const report = classifyLogText(c.lines.join('\n'));

  // Assess
  if (c.expected.includes('none')) {
    // A real all-clear: the lines were recognised as API Gateway's and none of them is left unread
    // (otherwise the CLI refuses the input with exit 2 instead of saying "no 5xx").
    expect(report.findings).toEqual([]);
    expect(report.recognized).toBeGreaterThan(0);
    expect(report.unreadable).toEqual([]);
  } else {
    expect(report.findings.length).toBeGreaterThan(0);
    expect(c.expected).toContain(report.findings[0]?.cause);
    expect(report.findings[0]?.evidence.length).toBeGreaterThan(0);
  }
  expect(report.summary.lines).toBe(c.lines.length);
}

describe('real-log corpus: the cases themselves', () => {
  it('has cases to run, with at least 45 real cases beyond execution logs', () => {
    // Prepare
    const nonExecution = evidence.filter((c) => formatParts(c).every((p) => !EXECUTION_FORMATS.has(p)));

    // Act / Assess
    expect(corpus.length).toBeGreaterThanOrEqual(77);
    expect(evidence.length).toBeGreaterThanOrEqual(45);
    expect(nonExecution.length).toBeGreaterThanOrEqual(18);
  });

  it('never reuses an id across the two files', () => {
    // Prepare
    const ids = corpus.map((c) => c.id);

    // Act
    const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);

    // Assess
    expect(duplicates).toEqual([]);
  });

  it.each(corpus.map((c) => [c.id, c] as const))('%s: names its source, format, kind and known causes', (_id, c) => {
    // Prepare
    const causes: readonly string[] = [...CAUSE_IDS, 'none'];

    // Act / Assess
    expect(c.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(c.source).toMatch(/^https:\/\/\S+$/);
    expect(c.note.trim()).not.toBe('');
    expect(c.lines.length).toBeGreaterThan(0);
    expect(c.expected.length).toBeGreaterThan(0);
    for (const cause of c.expected) expect(causes).toContain(cause);
    if (c.expected.includes('none')) expect(c.expected).toEqual(['none']);
    for (const part of formatParts(c)) expect(FORMATS).toContain(part);
    expect(KINDS).toContain(c.kind);
    if (c.pending !== undefined) expect(c.pending.trim()).not.toBe('');
  });

  it('test/fixtures/EVIDENCE-GAPS.md lists exactly the pending cases', () => {
    // Prepare
    const gaps = readFileSync(join(import.meta.dirname, '..', '..', '..', 'fixtures', 'EVIDENCE-GAPS.md'), 'utf8');

    // Act
    const listed = [...gaps.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);

    // Assess
    expect([...listed].sort()).toEqual(pending.map((c) => c.id).sort());
  });
});

describe('real-log corpus', () => {
  it.each(passing.map((c) => [c.id, c] as const))('%s: top finding is one of the expected causes', (_id, c) => {
    // Prepare: the case's lines, as posted
    // Act / Assess
    assertClassifiedAsExpected(c);
  });

  // A pending case must still be wrong: once the engine gets it right this test fails, and the
  // `pending` flag (and its EVIDENCE-GAPS.md row) has to be removed so the case guards the fix.
  it.fails.each(pending.map((c) => [c.id, c] as const))('%s: still pending (the engine gets it wrong today)', (_id, c) => {
    // Prepare: the case's lines, as posted
    // Act / Assess
    assertClassifiedAsExpected(c);
  });
});
