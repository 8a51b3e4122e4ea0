/** How incidents end: the wording both store implementations give a quiet-period resolution. */

/** The `resolvedReason` of an incident resolved because no failure was seen since `before` (ISO). */
export function quietReason(before: string): string {
  return `quiet: no failure since ${before}`;
}
