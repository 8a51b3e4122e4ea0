/**
 * The error a recorded client rejects with when a recording has no answer for a call. It lives in its
 * own module so the account reader can recognise it without importing the recorded adapter.
 */
import type { JsonObject } from '../../domain/model.ts';
import { stableStringify } from '../support/plain-json.ts';

/**
 * A call the recording cannot answer. This is a problem with the recording, not with the account,
 * so the reader reports it as `{ kind: 'error' }` with this message (never as `denied`).
 */
export class MissingRecordError extends Error {
  override readonly name = 'MissingRecordError';
  readonly service: string;
  readonly operation: string;
  readonly input: JsonObject;

  constructor(service: string, operation: string, input: JsonObject) {
    super(`no record for ${service} ${operation} with input ${stableStringify(input)}`);
    this.service = service;
    this.operation = operation;
    this.input = input;
  }
}
