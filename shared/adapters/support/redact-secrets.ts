/**
 * Removes credentials from log text before it is written to a recording. API Gateway execution logs
 * print request headers (`{Authorization=..., X-Amz-Security-Token=...}`) and, with data trace on,
 * whole request bodies; recordings end up in support bundles and issue trackers.
 */

/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

/** Header names whose values are credentials, in `Name=value` maps, `Name: value` lines and query strings. */
const SECRET_HEADERS = 'Authorization|Proxy-Authorization|X-Amz-Security-Token|X-Amz-Signature|X-Api-Key|Cookie|Set-Cookie';

/** JSON keys whose string values are credentials (matched anywhere in the key, case-insensitively). */
const SECRET_KEY_WORDS = 'password|passwd|pwd|secret|token|api[_-]?key|authorization|cookie|credential|private[_-]?key|session[_-]?id';

const RULES: readonly (readonly [RegExp, string])[] = [
  // `"password": "x"` in JSON text; also the first value of a multi-value list (`"Authorization":["x"]`).
  [
    new RegExp(String.raw`("[\w.-]*(?:${SECRET_KEY_WORDS})[\w.-]*"\s*:\s*\[?\s*")((?:[^"\\]|\\.)*)(")`, 'gi'),
    `$1${REDACTED}$3`,
  ],
  // The same inside a JSON string (a request body logged in a JSON log line): `\"password\":\"x\"`.
  // Value tokens: an escaped inner quote (3 backslashes + quote), an escaped inner backslash (4),
  // another inner escape such as `\\n` (2 + char), or a plain character.
  [
    new RegExp(
      String.raw`(\\"[\w.-]*(?:${SECRET_KEY_WORDS})[\w.-]*\\"\s*:\s*\[?\s*\\")((?:\\\\\\"|\\\\\\\\|\\\\[^"\\]|[^"\\])*)(\\")`,
      'gi',
    ),
    `$1${REDACTED}$3`,
  ],
  // `Authorization=AWS4-HMAC-SHA256 Credential=...` in a header map: up to the next `, ` / `}` / `&` / line end.
  // The value must start with a non-space so that a second pass leaves `Name= [REDACTED]` alone.
  [new RegExp(`\\b(${SECRET_HEADERS})(\\s*[=:]\\s*)(?!\\[REDACTED\\])[^\\s,}&][^,}&\\r\\n]*`, 'gi'), `$1$2${REDACTED}`],
  // What survives a cut at the first comma of a SigV4 Authorization value.
  [/(Signature=)[0-9a-f]{16,}/gi, `$1${REDACTED}`],
  [/\b(Bearer\s+)(?!\[REDACTED\])[A-Za-z0-9\-._~+/]+=*/gi, `$1${REDACTED}`],
  // AWS access key ids: long-term (AKIA) and temporary (ASIA); the prefix is kept so readers know which.
  [/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, `$1${REDACTED}`],
];

const MAX_PASSES = 4;

/**
 * Returns `text` with credentials replaced by `[REDACTED]`: Authorization / security-token / API-key
 * / cookie header values, bearer tokens, JSON string fields such as `"password"` or `"apiKey"`, and
 * AWS access key ids. Everything else, including the log's structure, is left as it was, because
 * the classifier still has to read the redacted lines.
 */
export function redactSecrets(text: string): string {
  let out = text;
  // A replacement can create a word boundary that lets an earlier rule match (`...[REDACTED]Bearer x`),
  // so repeat until nothing changes. The rules never match their own `[REDACTED]`, so this settles
  // after a pass or two; the cap only bounds the work on adversarial text.
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    let next = out;
    for (const [pattern, replacement] of RULES) next = next.replace(pattern, replacement);
    if (next === out) break;
    out = next;
  }
  return out;
}
