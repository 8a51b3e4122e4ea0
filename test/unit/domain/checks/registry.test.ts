import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../../shared/domain/checks/registry.ts';
import { CHECK_IDS } from '../../../../shared/domain/model.ts';

describe('check registry', () => {
  it('registers every check id of the taxonomy exactly once', () => {
    // Prepare
    const ids = CHECKS.map((c) => c.id);
    // Assess
    expect([...ids].sort()).toEqual([...CHECK_IDS].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every check a scope the diagnosis runs', () => {
    expect(new Set(CHECKS.map((c) => c.scope))).toEqual(new Set(['stage', 'method', 'function']));
  });
});
