import { describe, expect, it } from 'vitest';
import { decodeBase64AsText, isValidBase64, mediaTypeMatches } from '../../../../shared/domain/proxy-response/binary.ts';

describe('isValidBase64', () => {
  it.each([
    ['', true],
    ['dGVzdC1kYXRh', true],
    ['aGk=', true],
    ['aA==', true],
    ['aGk', false],
    ['a GV=', false],
    ['aGk_', false],
    ['not base64!', false],
  ])('%j -> %s', (text, expected) => {
    // Prepare: the table row

    // Act
    const valid = isValidBase64(text);

    // Assess
    expect(valid).toBe(expected);
  });
});

describe('decodeBase64AsText', () => {
  it('decodes UTF-8 text', () => {
    // Prepare
    const encoded = 'aMOpbGxv4oCm';

    // Act
    const decoded = decodeBase64AsText(encoded);

    // Assess
    expect(decoded).toBe('héllo…');
  });

  it('turns bytes that are not UTF-8 into replacement characters', () => {
    // Prepare
    const encoded = '/w==';

    // Act
    const decoded = decodeBase64AsText(encoded);

    // Assess
    expect(decoded).toBe('\uFFFD');
  });
});

describe('mediaTypeMatches', () => {
  it.each([
    ['*/*', '', true],
    ['image/*', 'image/png', true],
    ['image/*', 'text/plain', false],
    ['application/octet-stream', 'Application/Octet-Stream; charset=binary', true],
    ['image/png', 'image/jpeg', false],
  ])('%s matches %j: %s', (pattern, contentType, expected) => {
    // Prepare: the table row

    // Act
    const matches = mediaTypeMatches(pattern, contentType);

    // Assess
    expect(matches).toBe(expected);
  });
});
