/**
 * X-Ray tracing for the functions that call AWS (worker, coverage): one Powertools tracer, its handler
 * middleware, and the instrument that traces SDK clients when tracing is on.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';
import { SERVICE_NAME } from './observability.ts';

/** The service tracer (X-Ray). */
export const tracer = new Tracer({ serviceName: SERVICE_NAME });

/** The tracing middleware, first in the stack: `standardMiddlewares([tracingMiddleware()])`. */
export function tracingMiddleware(): MiddlewareObj {
  return captureLambdaHandler(tracer) as MiddlewareObj;
}

/**
 * Traces an AWS SDK client with X-Ray when tracing is on (in Lambda with active tracing), and leaves
 * it as it is otherwise (the CLI, tests). Passed to the client factories as their `instrument`.
 */
export function traceClient<C extends object>(client: C): C {
  return tracer.isTracingEnabled() ? tracer.captureAWSv3Client(client) : client;
}
