/**
 * The single observability module: one Powertools logger and metrics (EMF, PascalCase names) for the
 * whole service, plus the standard middy stack every handler uses. Tracing lives in `tracing.ts`, used
 * only by the functions that call AWS beyond their queue (worker, coverage): the X-Ray SDK is ~120 KB
 * and the ingest functions must start small.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { MiddlewareObj } from '@middy/core';

/** The service name every log record and metric carries. */
export const SERVICE_NAME = 'apigw-doctor';

/** The service logger (JSON, with the Lambda context once the middleware injected it). */
export const logger = new Logger({ serviceName: SERVICE_NAME });

/** The service metrics, namespace `ApigwDoctor`. */
export const metrics = new Metrics({ namespace: 'ApigwDoctor', serviceName: SERVICE_NAME });

export { MetricUnit };

/** The standard middleware stack, in order: `first` (e.g. tracing), logging context, metrics flush. */
export function standardMiddlewares(first: readonly MiddlewareObj[] = []): MiddlewareObj[] {
  return [
    ...first,
    injectLambdaContext(logger, { resetKeys: true }) as MiddlewareObj,
    logMetrics(metrics, { captureColdStartMetric: true }) as MiddlewareObj,
  ];
}
