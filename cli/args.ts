/** Argument helpers every command shares: positionals, choices and required flags, as one-line usage errors. */
import { UsageError } from './io.ts';
import type { Args } from './commands-types.ts';

/** The single optional positional argument of a command. */
export function onePositional(args: Args, command: string, what: string): string | undefined {
  if (args.positionals.length > 1) throw new UsageError(`${command}: expected at most one ${what}, got ${args.positionals.length}: ${args.positionals.join(' ')}`);
  return args.positionals[0];
}

/** A flag whose value must be one of `allowed` (or absent: `fallback`). */
export function choice<T extends string>(value: string | boolean | undefined, allowed: readonly T[], flag: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got '${String(value)}')`);
}

/** A string flag that must be present and non-blank. */
export function required(args: Args, command: string, flag: string): string {
  const value = args.values[flag];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`${command}: --${flag} is required`);
  return value.trim();
}
