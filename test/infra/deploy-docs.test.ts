/** docs/deploy.md against the code it documents: every IAM action, parameter and context key is named. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COVERAGE_PERMISSIONS } from '../../shared/adapters/aws/coverage-operations.ts';
import { READ_PERMISSIONS } from '../../shared/adapters/aws/read-operations.ts';
import { REMEDIATION_PERMISSIONS } from '../../shared/domain/remediation/registry.ts';
import { deploySettings } from '../../infra/settings.ts';
import { synthStack } from './stack-harness.ts';

const DOC = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'deploy.md'), 'utf8');

describe('docs/deploy.md', () => {
  it('names every IAM action the worker and the coverage function are granted', () => {
    // Prepare
    const actions = [...new Set([...READ_PERMISSIONS, ...REMEDIATION_PERMISSIONS.flatMap((g) => g.actions), ...COVERAGE_PERMISSIONS.flatMap((g) => g.actions)])];

    // Act
    const missing = actions.filter((a) => !DOC.includes(`\`${a}\``));

    // Assess
    expect(missing).toEqual([]);
  });

  it('documents every stack parameter and every context key', () => {
    // Prepare
    const keys: string[] = [];
    deploySettings((key) => {
      keys.push(key);
      return undefined;
    });
    const parameters = Object.keys(synthStack().json.Parameters ?? {}).filter((p) => p !== 'BootstrapVersion');

    // Act
    const missing = [...keys, 'stackName', ...parameters].filter((k) => !DOC.includes(`| \`${k}\` |`));

    // Assess
    expect(keys.length).toBeGreaterThan(5);
    expect(missing).toEqual([]);
  }, 60_000);
});
