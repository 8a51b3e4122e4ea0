/**
 * The single observability module: one Powertools logger, metrics (EMF, PascalCase names) and tracer
 * for the whole service, plus the standard middy stack every handler uses.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';

const serviceName = 'apigw-doctor';

/** The service logger (JSON, with the Lambda context once the middleware injected it). */
export const logger = new Logger({ serviceName });

/** The service metrics, namespace `ApigwDoctor`. */
export const metrics = new Metrics({ namespace: 'ApigwDoctor', serviceName });

/** The service tracer (X-Ray). */
export const tracer = new Tracer({ serviceName });

export { MetricUnit };

/** The standard middleware stack, in order: tracing, logging context, metrics flush. */
export function standardMiddlewares(): MiddlewareObj[] {
  return [
    captureLambdaHandler(tracer) as MiddlewareObj,
    injectLambdaContext(logger, { resetKeys: true }) as MiddlewareObj,
    logMetrics(metrics, { captureColdStartMetric: true }) as MiddlewareObj,
  ];
}

/**
 * Traces an AWS SDK client with X-Ray when tracing is on (in Lambda with active tracing), and leaves
 * it as it is otherwise (the CLI, tests). Passed to the client factories as their `instrument`.
 */
export function traceClient<C extends object>(client: C): C {
  return tracer.isTracingEnabled() ? tracer.captureAWSv3Client(client) : client;
}
