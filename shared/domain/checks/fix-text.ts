/**
 * Small text helpers for the `fix` of a check: shell-safe CLI commands a person can paste as-is.
 * Kept general (no AWS knowledge) so every check formats its commands the same way.
 */

/**
 * Characters that never need quoting in a POSIX shell word. Everything else (spaces, `*`, `$`, quotes,
 * `{}`, `?`, `!`, ...) is quoted because it would be expanded, split or globbed.
 */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quotes `value` for a POSIX shell, but only when needed: a plain word is returned unchanged so the
 * common case stays readable; anything else is wrapped in single quotes (an embedded `'` becomes `'\''`,
 * the only way to write a quote inside single quotes). The empty string becomes `''`.
 */
export function shellQuote(value: string): string {
  if (SAFE_WORD.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Joins the words of a command with spaces, quoting each one with {@link shellQuote} as needed. */
export function cliCommand(parts: readonly string[]): string {
  return parts.map(shellQuote).join(' ');
}
