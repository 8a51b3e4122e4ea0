import { describe, expect, it } from 'vitest';
import { classifyLogText } from '../../../../shared/domain/use-cases/classify-logs.ts';
import { loadCorpus } from '../../../support/corpus.ts';

const corpus = loadCorpus();

describe('real-log corpus', () => {
  it('has cases to run', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
  });

  it.each(corpus.map((c) => [c.id, c] as const))('%s: top finding is one of the expected causes', (_id, c) => {
    // Prepare
    const text = c.lines.join('\n');

    // Act
    const report = classifyLogText(text);

    // Assess
    if (c.expected.includes('none')) {
      expect(report.findings).toEqual([]);
    } else {
      expect(report.findings.length).toBeGreaterThan(0);
      expect(c.expected).toContain(report.findings[0]?.cause);
      expect(report.findings[0]?.evidence.length).toBeGreaterThan(0);
    }
    expect(report.summary.lines).toBe(c.lines.length);
  });
});
