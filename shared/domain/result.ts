/**
 * Expected outcomes are values: a `Result` is either `{ ok: true, value }` or `{ ok: false, error }`.
 * Unexpected failures are thrown as `XxxError` classes with a `cause`.
 */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** Wraps a success value. */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** Wraps an expected failure. */
export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}
