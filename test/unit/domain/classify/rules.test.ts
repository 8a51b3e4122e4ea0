import { describe, expect, it } from 'vitest';
import { RULES, type Rule } from '../../../../shared/domain/classify/rules.ts';
import { classifyText } from '../../../../shared/domain/classify/classify.ts';
import { CAUSE_IDS } from '../../../../shared/domain/model.ts';

const RID = '5cb7ee58-39e6-11e9-be7e-29aff96747f2';

/**
 * Puts a rule's example where the rule looks: a message, a response body or header, an authorizer
 * body, an access row, a function's own log, a client's response head or body, a logged proxy
 * response. Returns the log and the API Gateway request id the finding must carry (a function's log
 * carries none).
 */
function logFor(rule: Rule): { readonly log: string; readonly requestId: string | null } {
  switch (rule.on) {
    case 'message':
      return { log: `(${RID}) ${rule.example}\n(${RID}) Method completed with status: 500`, requestId: RID };
    case 'response':
      return {
        log: rule.example.startsWith('{Date=')
          ? `(${RID}) Endpoint response headers: ${rule.example}\n(${RID}) Method completed with status: 502`
          : `(${RID}) Endpoint response body before transformations: ${rule.example}\n(${RID}) Method completed with status: 500`,
        requestId: RID,
      };
    case 'logged-body':
      return { log: `(${RID}) Endpoint response body before transformations: ${rule.example}\n(${RID}) Method completed with status: 502`, requestId: RID };
    case 'authorizer':
      return { log: `(${RID}) Starting authorizer: q8togz for request: ${RID}\n(${RID}) Authorizer result body before parsing: ${rule.example}\n(${RID}) Method completed with status: 500`, requestId: RID };
    case 'response-type':
      return { log: JSON.stringify({ requestId: RID, status: '500', responseType: rule.example }), requestId: RID };
    case 'lambda':
      return { log: rule.example, requestId: null };
    case 'http':
      return { log: `HTTP/1.1 500 Internal Server Error\nx-amzn-RequestId: ${RID}\n${rule.example}`, requestId: RID };
    case 'client':
      // Bare response headers, a blank line, then the body the client received.
      return { log: `x-amzn-RequestId: ${RID}\n\n${rule.example}`, requestId: RID };
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
    const { log, requestId } = logFor(rule);

    // Act
    const report = classifyText(log);

    // Assess
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]?.cause).toBe(rule.cause);
    expect(report.findings[0]?.details['rule']).toBe(rule.id);
    expect(report.findings[0]?.requestId).toBe(requestId);
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
