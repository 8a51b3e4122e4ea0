import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSubscriptionData } from '../../../shared/events/decode-subscription.ts';
import { DEFAULT_DECODE_LIMITS } from '../../../shared/events/types.ts';

function encodeText(text: string): string {
  return gzipSync(Buffer.from(text)).toString('base64');
}

function encode(value: unknown): string {
  return encodeText(JSON.stringify(value));
}

const BATCH = {
  messageType: 'DATA_MESSAGE',
  owner: '123456789012',
  logGroup: 'API-Gateway-Execution-Logs_a1b2c3d4e5/prod',
  logStream: 'e3b0c44298fc1c149afbf4c8996fb924',
  subscriptionFilters: ['apigw-doctor'],
  logEvents: [
    { id: '39285643117203518839262367781622046254713386025823027201', timestamp: 1795183331395, message: '(1f0c6a52-8b7e-4c3d-9a14-6e2b5d8f7a31) Method completed with status: 502' },
  ],
};

describe('decodeSubscriptionData', () => {
  it('decodes base64 + gzip + JSON into the batch', () => {
    // Prepare
    const data = encode(BATCH);

    // Act
    const result = decodeSubscriptionData(data);

    // Assess
    expect(result).toEqual({ ok: true, value: BATCH });
  });

  it('accepts a batch with no log events (ignored later, not an error)', () => {
    // Prepare
    const data = encode({ ...BATCH, logEvents: [] });

    // Act
    const result = decodeSubscriptionData(data);

    // Assess
    expect(result).toEqual({ ok: true, value: { ...BATCH, logEvents: [] } });
  });

  it.each([
    ['empty', '', 'awslogs.data is empty'],
    ['characters outside the base64 alphabet', 'H4sI!!!!', 'awslogs.data is not valid base64'],
    ['a length that is not a multiple of 4', 'H4sIAAA', 'awslogs.data is not valid base64'],
    ['base64url characters', 'H4sI-_AA', 'awslogs.data is not valid base64'],
    ['embedded whitespace', 'H4sI AAA', 'awslogs.data is not valid base64'],
  ])('refuses %s as bad-base64', (_label, data, message) => {
    // Act
    const result = decodeSubscriptionData(data);

    // Assess
    expect(result).toEqual({ ok: false, error: { code: 'bad-base64', message } });
  });

  it('refuses base64 that is not gzip as bad-gzip', () => {
    // Prepare
    const data = Buffer.from('{"not":"gzipped"}').toString('base64');

    // Act
    const result = decodeSubscriptionData(data);

    // Assess
    expect(result).toEqual({ ok: false, error: { code: 'bad-gzip', message: 'awslogs.data is not gzip data: incorrect header check' } });
  });

  it('refuses truncated gzip as bad-gzip', () => {
    // Prepare
    const gz = gzipSync(Buffer.from(JSON.stringify(BATCH)));
    const data = gz.subarray(0, 24).toString('base64');

    // Act
    const result = decodeSubscriptionData(data);

    // Assess
    expect(result).toEqual({ ok: false, error: { code: 'bad-gzip', message: 'awslogs.data is not gzip data: unexpected end of file' } });
  });

  it('refuses gzip of text that is not JSON as not-json, on one line', () => {
    // Prepare
    const data = encodeText('owner=123456789012\nlogGroup=x');

    // Act
    const result = decodeSubscriptionData(data);

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('not-json');
    expect(result.error.message.startsWith('awslogs.data does not decompress to JSON: ')).toBe(true);
    expect(result.error.message).not.toContain('\n');
  });

  it('refuses JSON of the wrong shape as bad-shape naming the path', () => {
    // Prepare
    const data = encode({ ...BATCH, logEvents: [{ id: '1', timestamp: 'yesterday', message: 'x' }] });

    // Act
    const result = decodeSubscriptionData(data);

    // Assess
    expect(result).toEqual({
      ok: false,
      error: { code: 'bad-shape', message: 'decoded log batch: logEvents[0].timestamp: Invalid input: expected number, received string' },
    });
  });

  it('refuses a batch without owner as bad-shape', () => {
    // Prepare
    const { owner: _owner, ...withoutOwner } = BATCH;
    const data = encode(withoutOwner);

    // Act
    const result = decodeSubscriptionData(data);

    // Assess
    expect(result).toEqual({
      ok: false,
      error: { code: 'bad-shape', message: 'decoded log batch: owner: Invalid input: expected string, received undefined' },
    });
  });

  it('stops a gzip bomb at the decompressed-size cap (too-large)', () => {
    // Prepare: 11 MiB of zeros compresses to about 11 KiB.
    const data = gzipSync(Buffer.alloc(11 * 1024 * 1024)).toString('base64');

    // Act
    const result = decodeSubscriptionData(data);

    // Assess
    expect(data.length).toBeLessThan(20_000);
    expect(result).toEqual({ ok: false, error: { code: 'too-large', message: 'awslogs.data decompresses to more than 10485760 bytes' } });
  });

  it('refuses a batch with more log events than the cap (too-large)', () => {
    // Prepare
    const limits = { ...DEFAULT_DECODE_LIMITS, maxLogEvents: 2 };
    const event = BATCH.logEvents[0];
    const data = encode({ ...BATCH, logEvents: [event, event, event] });

    // Act
    const result = decodeSubscriptionData(data, limits);

    // Assess
    expect(result).toEqual({ ok: false, error: { code: 'too-large', message: 'log batch has 3 log events, more than the 2 accepted' } });
  });

  it('refuses base64 text longer than the cap before decoding it (too-large)', () => {
    // Prepare
    const limits = { ...DEFAULT_DECODE_LIMITS, maxEncodedChars: 8 };
    const data = encode(BATCH);

    // Act
    const result = decodeSubscriptionData(data, limits);

    // Assess
    expect(result).toEqual({ ok: false, error: { code: 'too-large', message: `awslogs.data has ${data.length} characters, more than the 8 accepted` } });
  });

  it('never throws for arbitrary strings, and returns a typed result', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (data) => {
        // Act
        const result = decodeSubscriptionData(data);

        // Assess
        if (result.ok) expect(result.value.logEvents).toBeInstanceOf(Array);
        else {
          expect(['bad-base64', 'bad-gzip', 'not-json', 'bad-shape', 'too-large']).toContain(result.error.code);
          expect(result.error.message).not.toMatch(/[\r\n]/);
        }
      }),
    );
  });
});

describe('decodeSubscriptionData refuses unreadable payloads with the typed error', () => {
  it('refuses text with a character outside the base64 alphabet as bad-base64', () => {
    // Prepare: at least one character base64 does not have, anywhere in the text
    const notBase64 = fc
      .tuple(fc.base64String({ maxLength: 200 }), fc.string({ minLength: 1, maxLength: 1 }).filter((c) => !/[A-Za-z0-9+/=]/.test(c)), fc.nat())
      .map(([text, bad, at]) => `${text.slice(0, at % (text.length + 1))}${bad}${text.slice(at % (text.length + 1))}`);
    fc.assert(
      fc.property(notBase64, (data) => {
        // Act
        const result = decodeSubscriptionData(data);

        // Assess
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.code).toBe('bad-base64');
      }),
    );
  });

  it('refuses base64 that is not gzip as bad-gzip (or bad-base64 when the padding is wrong)', () => {
    fc.assert(
      fc.property(fc.base64String({ maxLength: 400 }), (data) => {
        // Act
        const result = decodeSubscriptionData(data);

        // Assess
        expect(result.ok).toBe(false);
        if (!result.ok) expect(['bad-base64', 'bad-gzip']).toContain(result.error.code);
      }),
    );
  });

  it('refuses gzip’d random bytes as not-json, or bad-shape when they happen to be JSON', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        // Prepare
        const data = gzipSync(bytes).toString('base64');

        // Act
        const result = decodeSubscriptionData(data);

        // Assess
        expect(result.ok).toBe(false);
        if (!result.ok) expect(['not-json', 'bad-shape']).toContain(result.error.code);
      }),
    );
  });

  it('refuses gzip’d JSON that is not a log batch as bad-shape', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // Prepare
        const data = encode(value);

        // Act
        const result = decodeSubscriptionData(data);

        // Assess
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.code).toBe('bad-shape');
      }),
    );
  });

  it('refuses a batch with more log events than the cap as too-large', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 10 }), (cap, extra) => {
        // Prepare
        const logEvents = Array.from({ length: cap + extra }, (_, i) => ({ id: String(i), timestamp: i, message: `m${i}` }));

        // Act
        const result = decodeSubscriptionData(encode({ ...BATCH, logEvents }), { ...DEFAULT_DECODE_LIMITS, maxLogEvents: cap });

        // Assess
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.code).toBe('too-large');
      }),
      { numRuns: 50 },
    );
  });
});

describe('decodeSubscriptionData reads readable payloads', () => {
  it('decodes any well-formed batch back to exactly what was encoded', () => {
    // Prepare
    const batch = fc.record({
      messageType: fc.constantFrom('DATA_MESSAGE', 'CONTROL_MESSAGE'),
      owner: fc.stringMatching(/^\d{12}$/),
      logGroup: fc.string({ maxLength: 60 }),
      logStream: fc.string({ maxLength: 60 }),
      subscriptionFilters: fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
      logEvents: fc.array(fc.record({ id: fc.stringMatching(/^\d{1,56}$/), timestamp: fc.integer({ min: 0, max: 4_102_444_800_000 }), message: fc.string({ maxLength: 300 }) }), { maxLength: 30 }),
    });
    fc.assert(
      fc.property(batch, (value) => {
        // Prepare
        const data = encode(value);

        // Act
        const result = decodeSubscriptionData(data);

        // Assess
        expect(result).toEqual({ ok: true, value });
      }),
      { numRuns: 300 },
    );
  });
});
