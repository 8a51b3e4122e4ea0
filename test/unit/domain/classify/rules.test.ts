import { describe, expect, it } from 'vitest';
import { RULES, type Rule } from '../../../../shared/domain/classify/rules.ts';
import { classifyText } from '../../../../shared/domain/classify/classify.ts';
import { CAUSE_IDS } from '../../../../shared/domain/model.ts';

const RID = '5cb7ee58-39e6-11e9-be7e-29aff96747f2';

/** Puts a rule's example where the rule looks: a message, a response body or header, an authorizer body, an access row. */
function logFor(rule: Rule): string {
  switch (rule.on) {
    case 'message':
      return `(${RID}) ${rule.example}\n(${RID}) Method completed with status: 500`;
    case 'response':
      return rule.example.startsWith('{Date=')
        ? `(${RID}) Endpoint response headers: ${rule.example}\n(${RID}) Method completed with status: 502`
        : `(${RID}) Endpoint response body before transformations: ${rule.example}\n(${RID}) Method completed with status: 500`;
    case 'authorizer':
      return `(${RID}) Starting authorizer: q8togz for request: ${RID}\n(${RID}) Authorizer result body before parsing: ${rule.example}\n(${RID}) Method completed with status: 500`;
    case 'response-type':
      return JSON.stringify({ requestId: RID, status: '500', responseType: rule.example });
  }
}

describe('classification rules', () => {
  it('have unique ids, known causes and a source each', () => {
    // Prepare
    const ids = RULES.map((r) => r.id);

    // Act
    const unique = new Set(ids);

    // Assess
    expect(unique.size).toBe(ids.length);
    for (const rule of RULES) {
      expect(CAUSE_IDS).toContain(rule.cause);
      expect(rule.fact.length).toBeGreaterThan(5);
    }
  });

  it.each(RULES.map((r) => [r.id, r] as const))('%s recognises its example', (_id, rule) => {
    // Prepare
    const log = logFor(rule);

    // Act
    const report = classifyText(log);

    // Assess
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]?.cause).toBe(rule.cause);
    expect(report.findings[0]?.details['rule']).toBe(rule.id);
    expect(report.findings[0]?.requestId).toBe(RID);
  });

  it('covers every cause of the taxonomy', () => {
    // Prepare
    const covered = new Set(RULES.map((r) => r.cause));

    // Act
    const missing = CAUSE_IDS.filter((c) => !covered.has(c));

    // Assess
    expect(missing).toEqual([]);
  });
});
