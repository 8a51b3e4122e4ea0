import { describe, expect, it } from 'vitest';
import type { CheckResult, Diagnosis } from '../../../../shared/domain/model.ts';
import { renderDiagnosisText } from '../../../../shared/domain/render/diagnosis-report.ts';

function diagnosis(checks: readonly CheckResult[]): Diagnosis {
  return {
    api: { id: 'a1b2c3', name: 'orders-api', stage: 'prod', region: 'us-east-1', account: '123456789012' },
    findings: [], checks, causes: [], logSource: null, notes: [],
  };
}

const pass = (id: CheckResult['id'], resource: string): CheckResult => ({ id, status: 'pass', resource, message: 'ok' });

describe('renderDiagnosisText', () => {
  it('counts passed results and the checks they come from so the two numbers agree', () => {
    // Prepare
    const checks = [pass('invoke-permission', 'GET /a'), pass('invoke-permission', 'GET /b'), pass('tracing', 'stage prod')];

    // Act
    const text = renderDiagnosisText(diagnosis(checks));

    // Assess
    expect(text).toContain('Passed: 3 results of 2 checks (invoke-permission, tracing).');
    expect(renderDiagnosisText(diagnosis([pass('tracing', 'stage prod')]))).toContain('Passed: 1 check (tracing).');
  });

  it('keeps the commands of a skip inside the list, indented under it', () => {
    // Prepare
    const skip: CheckResult = {
      id: 'invoke-permission', status: 'skip', resource: 'arn:aws:lambda:us-east-1:999988887777:function:f',
      message: 'Not checked: function in account 999988887777. Run this there:\naws lambda get-policy --function-name f',
    };

    // Act
    const lines = renderDiagnosisText(diagnosis([skip])).split('\n');

    // Assess
    const at = lines.indexOf('Skipped (1):');
    expect(at).toBeGreaterThan(-1);
    expect(lines[at + 1]).toMatch(/^ {2}– invoke-permission .*Run this there:$/);
    expect(lines[at + 2]).toBe('      aws lambda get-policy --function-name f');
  });
});
