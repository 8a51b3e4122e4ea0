/**
 * Test harness for the CDK stack: builds it without bundling (`aws:cdk:bundling-stacks: []`, so a
 * template takes ~0.2 s after the first), optionally with the cdk-nag plugin, and reads the template
 * back as plain data: every IAM statement of a role with CloudFormation references resolved to
 * readable strings (`aws`, `us-east-1`, `123456789012`, `<LogicalId>`, `<LogicalId.Arn>`).
 */
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApigwDoctorStack } from '../../infra/stacks/apigw-doctor-stack.ts';
import { deploySettings, synthesizerFor } from '../../infra/settings.ts';

/** What the pseudo parameters resolve to in these tests. */
export const PSEUDO = { Partition: 'aws', Region: 'us-east-1', Account: '123456789012', StackName: 'apigw-doctor' } as const;

/** A built stack and its template. */
export interface BuiltStack {
  readonly app: App;
  readonly stack: ApigwDoctorStack;
  readonly template: Template;
  readonly json: CfnTemplate;
}

/** The parts of a CloudFormation template the tests read. */
export interface CfnTemplate {
  readonly Resources: Record<string, { readonly Type: string; readonly Properties?: Record<string, unknown>; readonly DependsOn?: unknown }>;
  readonly Parameters?: Record<string, Record<string, unknown>>;
}

/** Builds the stack with this context (no bundling; with cdk-nag when `nag`). */
export function buildStack(context: Record<string, string> = {}, options: { nag?: boolean } = {}): { app: App; stack: ApigwDoctorStack } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  if (options.nag === true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const settings = deploySettings((key) => app.node.tryGetContext(key));
  const synthesizer = synthesizerFor(settings);
  const stack = new ApigwDoctorStack(app, 'ApigwDoctor', { stackName: PSEUDO.StackName, settings, ...(synthesizer === undefined ? {} : { synthesizer }) });
  return { app, stack };
}

/** Builds the stack and returns its template. */
export function synthStack(context: Record<string, string> = {}): BuiltStack {
  const { app, stack } = buildStack(context);
  const template = Template.fromStack(stack);
  return { app, stack, template, json: template.toJSON() as CfnTemplate };
}

/** Resolves Ref / Fn::GetAtt / Fn::Join / Fn::Sub to readable strings (unknown intrinsics throw). */
export function resolve(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolve);
  if (typeof value !== 'object' || value === null) return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1) {
    const [k] = keys;
    const arg = obj[k as string];
    if (k === 'Ref') {
      const pseudo: Record<string, string> = { 'AWS::Partition': PSEUDO.Partition, 'AWS::Region': PSEUDO.Region, 'AWS::AccountId': PSEUDO.Account, 'AWS::StackName': PSEUDO.StackName, 'AWS::URLSuffix': 'amazonaws.com' };
      return pseudo[String(arg)] ?? `<${String(arg)}>`;
    }
    if (k === 'Fn::GetAtt') return `<${(arg as string[]).join('.')}>`;
    if (k === 'Fn::Join') {
      const [sep, parts] = arg as [string, unknown[]];
      return (parts.map(resolve) as string[]).join(sep);
    }
    if (k?.startsWith('Fn::')) throw new Error(`cannot resolve ${k} in a test`);
  }
  return Object.fromEntries(Object.entries(obj).map(([key, v]) => [key, resolve(v)]));
}

/** One IAM statement, resolved and normalised (lists sorted, single values as lists). */
export interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

function list(v: unknown): string[] {
  return (Array.isArray(v) ? v : [v]).map(String).sort();
}

/** Normalises one statement. */
export function normalise(raw: Record<string, unknown>): Statement {
  const s = resolve(raw) as Record<string, unknown>;
  return {
    ...(s['Sid'] === undefined ? {} : { Sid: String(s['Sid']) }),
    Effect: String(s['Effect']),
    Action: list(s['Action']),
    Resource: list(s['Resource']),
    ...(s['Condition'] === undefined ? {} : { Condition: s['Condition'] as Record<string, Record<string, unknown>> }),
  };
}

/** Every statement of the identity policies attached to a role (by the role's logical id). */
export function roleStatements(json: CfnTemplate, roleLogicalId: string): Statement[] {
  const out: Statement[] = [];
  for (const r of Object.values(json.Resources)) {
    if (r.Type !== 'AWS::IAM::Policy') continue;
    const roles = (r.Properties?.['Roles'] as { Ref: string }[] | undefined) ?? [];
    if (!roles.some((ref) => ref.Ref === roleLogicalId)) continue;
    const doc = r.Properties?.['PolicyDocument'] as { Statement: Record<string, unknown>[] };
    out.push(...doc.Statement.map(normalise));
  }
  return out;
}

/** The logical id of the resource whose id starts with `prefix` and has this type (exactly one). */
export function logicalId(json: CfnTemplate, type: string, prefix: string): string {
  const ids = Object.entries(json.Resources).filter(([id, r]) => r.Type === type && id.startsWith(prefix)).map(([id]) => id);
  if (ids.length !== 1) throw new Error(`expected one ${type} named ${prefix}*, found ${ids.join(', ') || 'none'}`);
  return ids[0] as string;
}

/** The resources of a type. */
export function resourcesOf(json: CfnTemplate, type: string): [string, Record<string, unknown>][] {
  return Object.entries(json.Resources).filter(([, r]) => r.Type === type).map(([id, r]) => [id, r.Properties ?? {}]);
}
