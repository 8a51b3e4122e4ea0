/**
 * Reads a Slack credential (incoming-webhook URL or bot token) from Secrets Manager through
 * Powertools parameters, which caches it in memory for `maxAge` seconds, so warm invocations do not
 * call Secrets Manager for every message. The notifiers take the returned function, or a plain
 * string in tests and in the CLI.
 */
import { getSecret, type SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';

/** Where the credential is. */
export interface SlackSecretOptions {
  /** The secret's name or ARN, e.g. `apigw-doctor/slack`. */
  readonly secretName: string;
  /** When the secret is a JSON object (`{"webhookUrl": "...", "botToken": "..."}`), the key to read. */
  readonly field?: string;
  /** Seconds a read value is reused (Powertools' default is 5; a Slack URL rarely changes). */
  readonly maxAgeSeconds?: number;
  /** A provider over a specific client (tests, other Regions); default: Powertools' shared one. */
  readonly provider?: Pick<SecretsProvider, 'get'>;
}

/** Thrown when the secret cannot be read or does not hold what was asked for. */
export class SlackSecretError extends Error {
  override readonly name = 'SlackSecretError';
}

/** Default cache lifetime of the credential. */
const DEFAULT_MAX_AGE_SECONDS = 300;

/** A function that resolves to the credential, read through the Powertools cache. */
export function slackSecret(options: SlackSecretOptions): () => Promise<string> {
  const maxAge = options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
  return async () => {
    let raw: unknown;
    try {
      raw = options.provider === undefined ? await getSecret(options.secretName, { maxAge }) : await options.provider.get(options.secretName, { maxAge });
    } catch (error: unknown) {
      // Powertools wraps the SDK's error in a GetParameterError; the SDK's name says what is wrong.
      const root = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      throw new SlackSecretError(`cannot read secret ${options.secretName}: ${root instanceof Error ? root.name : 'error'}`, { cause: error });
    }
    const text = typeof raw === 'string' ? raw : raw instanceof Uint8Array ? new TextDecoder().decode(raw) : null;
    if (text === null || text.trim() === '') throw new SlackSecretError(`secret ${options.secretName} has no string value`);
    if (options.field === undefined) return text.trim();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error: unknown) {
      throw new SlackSecretError(`secret ${options.secretName} is not JSON, so it has no field ${options.field}`, { cause: error });
    }
    const value = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[options.field] : undefined;
    if (typeof value !== 'string' || value.trim() === '') throw new SlackSecretError(`secret ${options.secretName} has no string field ${options.field}`);
    return value.trim();
  };
}

/** A credential: the value itself, or a function that reads it (e.g. {@link slackSecret}). */
export type SlackCredential = string | (() => Promise<string>);

/** Resolves a credential to its value. */
export async function resolveCredential(credential: SlackCredential): Promise<string> {
  return typeof credential === 'string' ? credential : credential();
}
