import { describe, expect, it } from 'vitest';
import { occurrencesFor } from '../../../../shared/domain/incidents/occurrences.ts';
import type { Finding } from '../../../../shared/domain/model.ts';

const STAGE = { account: '123456789012', region: 'us-east-1', apiId: 'a1b2c3', stage: 'prod' };
const AT = '2026-11-20T14:00:00.000Z';

function f(cause: Finding['cause'], requestId: string | null, route: { method: string; resourcePath: string } | null): Finding {
  return { cause, requestId, status: 502, evidence: [], details: route ?? {} };
}

describe('occurrencesFor', () => {
  it('groups findings by incident key: distinct request ids listed, findings without one counted', () => {
    // Prepare
    const items = { method: 'GET', resourcePath: '/items' };
    const findings = [
      f('malformed_proxy_response', 'r1', items),
      f('malformed_proxy_response', 'r2', items),
      f('malformed_proxy_response', 'r1', items),
      f('integration_timeout', null, null),
      f('integration_timeout', null, null),
      f('malformed_proxy_response', 'r3', { method: 'POST', resourcePath: '/items' }),
    ];

    // Act
    const occurrences = occurrencesFor(findings, STAGE, AT);

    // Assess
    expect(occurrences).toEqual([
      { key: { ...STAGE, cause: 'malformed_proxy_response', route: 'GET /items' }, at: AT, requestIds: ['r1', 'r2'], anonymous: 0 },
      { key: { ...STAGE, cause: 'integration_timeout', route: '*' }, at: AT, requestIds: [], anonymous: 2 },
      { key: { ...STAGE, cause: 'malformed_proxy_response', route: 'POST /items' }, at: AT, requestIds: ['r3'], anonymous: 0 },
    ]);
  });

  it('gives no occurrence for no findings', () => {
    // Act
    const occurrences = occurrencesFor([], STAGE, AT);

    // Assess
    expect(occurrences).toEqual([]);
  });
});
