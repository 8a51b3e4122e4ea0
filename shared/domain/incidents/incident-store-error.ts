/**
 * The error every IncidentStore implementation rejects with when storage fails unexpectedly (the
 * port's contract). It lives in the domain, next to the incident helpers, so use cases can recognise
 * it without importing an adapter.
 */

/** An unexpected incident-store failure: the storage call failed, or its answer was not usable. */
export class IncidentStoreError extends Error {
  override readonly name = 'IncidentStoreError';

  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}
