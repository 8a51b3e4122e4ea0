/** Turns zod validation errors into the one-line messages the adapters report. */
import type { z } from 'zod';

/** `calls[3].service` for the issue path `["calls", 3, "service"]`; `(root)` for an empty path. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * One line naming the first problem, e.g. `calls[3].service: expected string, received number`,
 * with a count of further problems so a file with many mistakes is not mistaken for one with one.
 */
export function describeZodError(error: z.ZodError): string {
  const [first, ...rest] = error.issues;
  if (first === undefined) return 'invalid';
  const message = first.message.replace(/^Invalid (input|option): /, '');
  const more = rest.length === 0 ? '' : ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})`;
  return `${formatIssuePath(first.path)}: ${message}${more}`;
}
