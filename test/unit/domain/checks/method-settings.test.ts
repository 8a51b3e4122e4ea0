import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeResourcePath } from '../../../../shared/domain/checks/check-support.ts';
import { normalizeResourcePath, parseSettingKey, settingPatchPath } from '../../../../shared/domain/checks/method-settings.ts';

describe('parseSettingKey', () => {
  it('decodes the AWS form, the plain form, the stage-wide key and the root', () => {
    // Prepare
    const keys = ['*/*', '~1items/GET', 'items/get', '~1items~1{id}/*', '~1/POST', 'nokey', 'items/'];
    // Act
    const parsed = keys.map(parseSettingKey);
    // Assess
    expect(parsed).toEqual([
      { key: '*/*', resourcePath: '*', httpMethod: '*' },
      { key: '~1items/GET', resourcePath: '/items', httpMethod: 'GET' },
      { key: 'items/get', resourcePath: '/items', httpMethod: 'GET' },
      { key: '~1items~1{id}/*', resourcePath: '/items/{id}', httpMethod: '*' },
      { key: '~1/POST', resourcePath: '/', httpMethod: 'POST' },
      null,
      null,
    ]);
  });

  it('property: escaping then parsing gives the path back', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_{}.~+-]{1,10}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segments) => {
        // Prepare
        const path = `/${segments.join('/')}`;
        // Act
        const parsed = parseSettingKey(`${escapeResourcePath(path)}/GET`);
        // Assess
        return parsed?.resourcePath === path && parsed.httpMethod === 'GET';
      }),
    );
  });
});

describe('normalizeResourcePath and settingPatchPath', () => {
  it('normalises slashes and builds patch paths from stored keys', () => {
    // Prepare / Act
    const paths = [normalizeResourcePath('items/'), normalizeResourcePath('//a/b//'), normalizeResourcePath('')];
    const patch = settingPatchPath('~1items/GET', 'logging/loglevel');
    // Assess
    expect(paths).toEqual(['/items', '/a/b', '/']);
    expect(patch).toBe('/~1items/GET/logging/loglevel');
  });
});
