/**
 * One apigw-doctor Lambda function with the house defaults, so every function is built, logged,
 * traced and permissioned the same way:
 * - `functions/<name>/handler.ts` bundled by the local esbuild (no Docker): ESM, target node24, minified
 *   with source maps, the AWS SDK v3 left to the nodejs24.x runtime (as `npm run build` does);
 * - Runtime.NODEJS_24_X on ARM64, X-Ray active tracing;
 * - an explicit log group with a retention, and its own role that may write only to that group (no
 *   AWSLambdaBasicExecutionRole, which grants every log group in the account);
 * - the Powertools environment (service name, metrics namespace, log level).
 */
import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The repository root (this file is infra/constructs/doctor-function.ts). */
export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** The Powertools service name and EMF namespace shared/observability.ts uses. */
export const SERVICE_NAME = 'apigw-doctor';
export const METRICS_NAMESPACE = 'ApigwDoctor';

/** What a function needs beyond the house defaults. */
export interface DoctorFunctionProps {
  /** The folder under `functions/` (`log-ingest`, `worker`, ...). */
  readonly name: 'log-ingest' | 'alarm-ingest' | 'worker' | 'coverage';
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly environment?: Readonly<Record<string, string>>;
  readonly logRetention: RetentionDays;
}

/** A function, its log group and its role. */
export class DoctorFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: DoctorFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      // Logs outlive nothing they describe: a deleted stack takes its function logs with it.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `apigw-doctor ${props.name}: only what this function uses`,
    });
    this.logGroup.grantWrite(this.role);
    this.function = new NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, 'functions', props.name, 'handler.ts'),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      description: props.description,
      timeout: props.timeout,
      memorySize: props.memorySize,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      tracing: Tracing.ACTIVE,
      environment: {
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.EXTERNAL,
        mainFields: ['module', 'main'],
        // The nodejs24.x runtime provides the SDK v3 (the same choice as scripts/build.ts).
        bundleAwsSDK: false,
        externalModules: ['@aws-sdk/*'],
        // Some dependencies still call require(); give the ESM bundle one.
        banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
        forceDockerBundling: false,
      },
    });
  }
}
