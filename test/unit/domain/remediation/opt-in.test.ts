import { describe, expect, it } from 'vitest';
import { AUTO_REMEDIATE_TAG, decideOptIn, parseOptInTag } from '../../../../shared/domain/remediation/opt-in.ts';

const tag = (value: string): Record<string, string> => ({ [AUTO_REMEDIATE_TAG]: value });

describe('parseOptInTag', () => {
  it('reads true, false, an action list (case and spaces ignored) and no tag', () => {
    expect(parseOptInTag(undefined)).toEqual({ kind: 'absent' });
    expect(parseOptInTag({ other: 'x' })).toEqual({ kind: 'absent' });
    expect(parseOptInTag(tag('  '))).toEqual({ kind: 'absent' });
    expect(parseOptInTag(tag('FALSE'))).toEqual({ kind: 'veto', value: 'FALSE' });
    expect(parseOptInTag(tag('True'))).toEqual({ kind: 'allow', value: 'True', actions: 'all', unknown: [] });
    const list = parseOptInTag(tag('add-invoke-permission, Enable-Execution-Logging,fix-everything'));
    expect(list.kind).toBe('allow');
    if (list.kind !== 'allow' || list.actions === 'all') throw new Error('expected a list');
    expect([...list.actions].sort()).toEqual(['add-invoke-permission', 'enable-execution-logging']);
    expect(list.unknown).toEqual(['fix-everything']);
  });
});

describe('decideOptIn', () => {
  const api = (tags?: Record<string, string>) => ({ label: 'REST API a1', tags });
  const stage = (tags?: Record<string, string>) => ({ label: 'stage prod', tags });
  const fn = (tags?: Record<string, string>) => ({ label: 'function orders', tags });

  it('allows an action the governing resource opts in to, by true or by name', () => {
    expect(decideOptIn('add-invoke-permission', [fn(tag('true'))], [api(), stage(), fn(tag('true'))])).toEqual({
      allowed: true,
      reason: `opted in: function orders is tagged ${AUTO_REMEDIATE_TAG}=true`,
    });
    expect(decideOptIn('add-invoke-permission', [fn(tag('add-invoke-permission'))], [fn(tag('add-invoke-permission'))]).allowed).toBe(true);
  });

  it('does not allow an action the tag does not name, and says which it names', () => {
    const decision = decideOptIn('add-invoke-permission', [fn(tag('enable-execution-logging'))], [fn(tag('enable-execution-logging'))]);
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toBe(`not opted in: function orders is tagged ${AUTO_REMEDIATE_TAG}=enable-execution-logging, which does not include add-invoke-permission`);
  });

  it('lets a false anywhere on the path veto, even when the governing resource opts in', () => {
    const decision = decideOptIn('add-invoke-permission', [fn(tag('true'))], [api(tag('false')), stage(), fn(tag('true'))]);
    expect(decision).toEqual({ allowed: false, reason: `vetoed: REST API a1 is tagged ${AUTO_REMEDIATE_TAG}=false` });
  });

  it('takes the most specific governing tag: a stage tag wins over its API, an untagged stage falls back to the API', () => {
    expect(decideOptIn('enable-execution-logging', [stage(tag('add-invoke-permission')), api(tag('true'))], [api(tag('true')), stage(tag('add-invoke-permission'))]).allowed).toBe(false);
    expect(decideOptIn('enable-execution-logging', [stage(), api(tag('true'))], [api(tag('true')), stage()])).toEqual({
      allowed: true,
      reason: `opted in: REST API a1 is tagged ${AUTO_REMEDIATE_TAG}=true`,
    });
  });

  it('says how to opt in when nothing is tagged, and names unknown action ids', () => {
    expect(decideOptIn('add-invoke-permission', [fn()], [api(), stage(), fn()]).reason).toBe(
      `not opted in: tag function orders with ${AUTO_REMEDIATE_TAG}=true (or =add-invoke-permission) to let apigw-doctor apply this`,
    );
    expect(decideOptIn('add-invoke-permission', [fn(tag('add-invoke-permision'))], [fn(tag('add-invoke-permision'))]).reason).toContain('ignored unknown action id add-invoke-permision');
  });
});
