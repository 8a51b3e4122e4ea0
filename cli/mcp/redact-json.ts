/**
 * Redaction of whole tool results. The CLI's `--json` documents carry log lines verbatim (a person
 * asked for them, on their own terminal); a tool result goes to an agent, its model provider and its
 * transcript, so every string in it passes through the domain's `redactSecrets` first.
 */
import { redactSecrets } from '../../shared/domain/render/redact.ts';

/**
 * A copy of `value` (a JSON value) with `redactSecrets` applied to every string in it, keys left as
 * they are. Strings one at a time, never the serialized document: a header rule that runs to the
 * next comma would otherwise swallow a closing quote and break the JSON.
 */
export function redactJson(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) return value.map(redactJson);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactJson(inner)]));
  }
  return value;
}
