import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cliCommand, shellQuote } from '../../../../shared/domain/checks/fix-text.ts';

describe('shellQuote', () => {
  it('leaves plain words unquoted', () => {
    // Prepare
    const words = ['aws', 'lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:123456789012:function:orders', '--region', 'a=b,c@d%e+f'];

    // Act
    const quoted = words.map(shellQuote);

    // Assess
    expect(quoted).toEqual(words);
  });

  it('quotes globs, spaces, dollars and the empty string', () => {
    // Prepare
    const words = ['arn:aws:execute-api:us-east-1:1:abc/*/GET/', 'two words', '$default', ''];

    // Act
    const quoted = words.map(shellQuote);

    // Assess
    expect(quoted).toEqual(["'arn:aws:execute-api:us-east-1:1:abc/*/GET/'", "'two words'", "'$default'", "''"]);
  });

  it('escapes an embedded single quote', () => {
    // Prepare
    const word = "it's";

    // Act
    const quoted = shellQuote(word);

    // Assess
    expect(quoted).toBe("'it'\\''s'");
  });

  it('round-trips any string through a real POSIX shell', () => {
    // Prepare
    const strings = fc.string({ unit: 'grapheme-ascii', maxLength: 20 }).filter((s) => !s.includes('\0'));

    // Act / Assess
    fc.assert(
      fc.property(strings, (value) => {
        const echoed = execFileSync('/bin/sh', ['-c', `printf %s ${shellQuote(value)}`], { encoding: 'utf8' });
        expect(echoed).toBe(value);
      }),
      { numRuns: 60 },
    );
  });
});

describe('cliCommand', () => {
  it('joins the words, quoting only those that need it', () => {
    // Prepare
    const parts = ['aws', 'lambda', 'add-permission', '--source-arn', 'arn:aws:execute-api:us-east-1:1:abc/*/GET/items'];

    // Act
    const command = cliCommand(parts);

    // Assess
    expect(command).toBe("aws lambda add-permission --source-arn 'arn:aws:execute-api:us-east-1:1:abc/*/GET/items'");
  });
});
