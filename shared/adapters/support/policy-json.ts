/** Parses IAM-style policy JSON (Lambda resource policies, role trust policies) into the port's shape. */
import { z } from 'zod';
import { err, ok, type Result } from '../../domain/result.ts';
import type { PolicyDocument } from '../../ports/account-reader.ts';
import { describeZodError } from './zod-issues.ts';

const stringOrList = z.union([z.string(), z.array(z.string())]);
// IAM accepts numbers and booleans as condition values ("Bool": {"aws:SecureTransport": false});
// the port keeps them as strings, which is how IAM compares them.
const conditionScalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const principal = z.union([z.string(), z.record(z.string(), stringOrList)]);

const statementSchema = z.object({
  Sid: z.string().optional(),
  Effect: z.enum(['Allow', 'Deny']),
  Principal: principal.optional(),
  NotPrincipal: principal.optional(),
  Action: stringOrList.optional(),
  NotAction: stringOrList.optional(),
  Resource: stringOrList.optional(),
  NotResource: stringOrList.optional(),
  Condition: z.record(z.string(), z.record(z.string(), z.union([conditionScalar, z.array(conditionScalar)]))).optional(),
});

const documentSchema = z.object({
  Version: z.string().optional(),
  Id: z.string().optional(),
  // IAM allows a single statement object instead of an array; the port always has an array.
  // Wrapping before validation (rather than a union) keeps error messages precise: `Statement[0].Effect: ...`.
  Statement: z.preprocess(
    (value) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? [value] : value),
    z.array(statementSchema),
  ),
});

/** The parsed document, or one line saying why it could not be parsed. */
export type PolicyParseResult = Result<PolicyDocument, string>;

/** Validates an already-parsed policy object. */
export function toPolicyDocument(value: unknown): PolicyParseResult {
  const parsed = documentSchema.safeParse(value);
  return parsed.success ? ok(parsed.data) : err(describeZodError(parsed.error));
}

/** Parses policy JSON text. */
export function parsePolicyJson(text: string): PolicyParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error: unknown) {
    return err(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return toPolicyDocument(value);
}

/**
 * Parses IAM's `AssumeRolePolicyDocument`, which GetRole returns URL-encoded. Hand-written
 * recordings may hold it decoded or as an object, so those are accepted too.
 */
export function parseEncodedPolicy(value: unknown): PolicyParseResult {
  if (typeof value !== 'string') return toPolicyDocument(value);
  // Decoding an already-decoded document could corrupt a literal `%xx` in a condition value.
  if (value.trimStart().startsWith('{')) return parsePolicyJson(value);
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return err('not URL-encoded JSON');
  }
  return parsePolicyJson(decoded);
}
