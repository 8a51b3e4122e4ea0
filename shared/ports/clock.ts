/** The Clock port. */

/** The clock, so time windows are testable and recorded accounts can pin "now". */
export interface Clock {
  now(): Date;
}
