/**
 * Removes credentials from text before it leaves the process: into a recording (support bundles,
 * issue trackers) or into a notification (Slack channels, SNS subscribers). API Gateway execution
 * logs print request headers (`{Authorization=..., X-Amz-Security-Token=...}`), request URLs with
 * pre-signed query strings and, with data trace on, whole request bodies.
 *
 * Pure string rewriting, so it lives in the domain: renderers call it on every piece of evidence.
 */

/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

/** Header names whose values are credentials, in `Name=value` maps, `Name: value` lines and query strings. */
const SECRET_HEADERS = 'Authorization|Proxy-Authorization|X-Amz-Security-Token|X-Amz-Signature|X-Api-Key|Cookie|Set-Cookie';

/** JSON keys whose string values are credentials (matched anywhere in the key, case-insensitively). */
const SECRET_KEY_WORDS = 'password|passwd|pwd|secret|token|api[_-]?key|authorization|cookie|credential|signature|private[_-]?key|session[_-]?id';

/**
 * Query-parameter names whose values are credentials: the whole name, or its last `_`/`-`/`.` part
 * (`X-Amz-Signature`, `id_token`, `client_secret`). Anchoring on the last part keeps `keyword=` or
 * `design=` readable while still catching every `*_key` and `*-token`.
 */
const SECRET_PARAM = String.raw`(?:[\w.-]*[_.-])?(?:access[_-]?token|token|sig|signature|password|passwd|pwd|secret|api[_-]?key|apikey|key|credential|session)`;

/** A JSON string's content (no unescaped quote). */
const JSON_STRING = String.raw`"(?:[^"\\]|\\.)*"`;

const RULES: readonly (readonly [RegExp, string | ((match: string, ...groups: string[]) => string)])[] = [
  // `"Cookie": ["a=1", "b=2"]` (multi-value headers): every value of the list, not only the first.
  [
    new RegExp(String.raw`("[\w.-]*(?:${SECRET_KEY_WORDS})[\w.-]*"\s*:\s*)\[(\s*${JSON_STRING}(?:\s*,\s*${JSON_STRING})*\s*)\]`, 'gi'),
    (_match: string, key: string, list: string) => `${key}[${list.replace(new RegExp(JSON_STRING, 'g'), `"${REDACTED}"`)}]`,
  ],
  // `"password": "x"` in JSON text; also the first value of a list the rule above could not parse.
  [new RegExp(String.raw`("[\w.-]*(?:${SECRET_KEY_WORDS})[\w.-]*"\s*:\s*\[?\s*")((?:[^"\\]|\\.)*)(")`, 'gi'), `$1${REDACTED}$3`],
  // The same inside a JSON string (a request body logged in a JSON log line): `\"password\":\"x\"`,
  // also the first value of an escaped list. Value tokens: an escaped inner quote (3 backslashes +
  // quote), an escaped inner backslash (4), another inner escape such as `\\n` (2 + char), or a plain character.
  [
    new RegExp(
      String.raw`(\\"[\w.-]*(?:${SECRET_KEY_WORDS})[\w.-]*\\"\s*:\s*\[?\s*\\")((?:\\\\\\"|\\\\\\\\|\\\\[^"\\]|[^"\\])*)(\\")`,
      'gi',
    ),
    `$1${REDACTED}$3`,
  ],
  // PEM private keys, whole (they span lines, so they go before the line-based rules).
  [/-----BEGIN ((?:[A-Z]+ )*PRIVATE KEY)-----[\s\S]*?(?:-----END \1-----|$)/g, `-----BEGIN $1-----${REDACTED}-----END $1-----`],
  // `Authorization=AWS4-HMAC-SHA256 Credential=...` in a header map: up to the next `, ` / `}` / `&` / line end.
  // The value must start with a non-space so that a second pass leaves `Name= [REDACTED]` alone.
  [new RegExp(`\\b(${SECRET_HEADERS})(\\s*[=:]\\s*)(?!\\[REDACTED\\])[^\\s,}&][^,}&\\r\\n]*`, 'gi'), `$1$2${REDACTED}`],
  // Credentials in query strings: `?token=…`, `&X-Amz-Signature=…`, `;jsessionid=…`.
  [new RegExp(String.raw`([?&;]${SECRET_PARAM}=)(?!\[REDACTED\])[^&#\s"'<>,;}\])]+`, 'gi'), `$1${REDACTED}`],
  // What survives a cut at the first comma of a SigV4 Authorization value.
  [/(Signature=)[0-9a-f]{16,}/gi, `$1${REDACTED}`],
  [/\b(Bearer\s+)(?!\[REDACTED\])[A-Za-z0-9\-._~+/]+=*/gi, `$1${REDACTED}`],
  // JWT-shaped strings anywhere (JWS has 3 parts, JWE 5): the header is base64url JSON, so it starts with `eyJ`.
  [/\beyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){2,4}/g, REDACTED],
  // AWS access key ids: long-term (AKIA) and temporary (ASIA); the prefix is kept so readers know which.
  [/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, `$1${REDACTED}`],
  // `aws_secret_access_key = …` / `AWS_SESSION_TOKEN=…` (config files, environment dumps printed by a function).
  [/\b(aws_secret_access_key|aws_session_token|aws_security_token)(\s*[=:]\s*)(?!\[REDACTED\])[^\s,;&}"']+/gi, `$1$2${REDACTED}`],
  // Slack tokens and incoming-webhook URLs: apigw-doctor itself holds one, and they leak into error messages.
  [/\bxox[abposre]-[A-Za-z0-9-]{10,}/g, REDACTED],
  [/(https:\/\/hooks\.slack\.com\/)(?:services|workflows|triggers)\/[A-Za-z0-9/_-]+/g, `$1${REDACTED}`],
];

const MAX_PASSES = 4;

/**
 * Returns `text` with credentials replaced by `[REDACTED]`: Authorization / security-token / API-key
 * / cookie header values, bearer tokens and other JWTs, JSON string fields such as `"password"` or
 * `"apiKey"` (every value of a multi-value list), secret query parameters (`token`, `sig`,
 * `X-Amz-Signature`, `X-Amz-Security-Token`, `*_key`, ...), AWS access key ids and secret keys, PEM
 * private keys, Slack tokens and webhook URLs. Everything else, including the log's structure, is
 * left as it was, because the classifier still has to read the redacted lines.
 */
export function redactSecrets(text: string): string {
  let out = text;
  // A replacement can create a word boundary that lets an earlier rule match (`...[REDACTED]Bearer x`),
  // so repeat until nothing changes. The rules never match their own `[REDACTED]`, so this settles
  // after a pass or two; the cap only bounds the work on adversarial text.
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    let next = out;
    for (const [pattern, replacement] of RULES) {
      next = typeof replacement === 'string' ? next.replace(pattern, replacement) : next.replace(pattern, replacement);
    }
    if (next === out) break;
    out = next;
  }
  return out;
}
