/**
 * The Remediator port over AWS SDK v3 clients. It sends only the operations of the write table
 * (AddPermission, UpdateStage, UpdateAccount): a request for anything else is refused before it
 * leaves, whatever a plan says. Errors become typed failures; nothing rejects.
 */
import { UpdateAccountCommand, UpdateStageCommand, type APIGatewayClient, type Op, type PatchOperation } from '@aws-sdk/client-api-gateway';
import { AddPermissionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { JsonObject, SdkRequest } from '../../domain/model.ts';
import { err, ok, type Result } from '../../domain/result.ts';
import type { Remediator, WriteFailure, WriteFailureKind } from '../../ports/remediator.ts';
import { errorMessage, errorName, httpStatusOf } from '../support/aws-error.ts';
import { toPlainObject } from '../support/plain-json.ts';
import { isWriteOperation, WRITE_OPERATIONS } from './write-operations.ts';

/** The clients the remediator writes through (one Region). */
export interface RemediatorClients {
  readonly lambda: Pick<LambdaClient, 'send'>;
  readonly apiGateway: Pick<APIGatewayClient, 'send'>;
}

/** How an SDK error is reported. */
export function classifyWriteError(error: unknown): WriteFailureKind {
  const name = errorName(error) ?? '';
  if (name === 'ResourceConflictException' || name === 'ConflictException') return 'conflict';
  if (name === 'PreconditionFailedException') return 'precondition_failed';
  if (/NotFound(Exception)?$/.test(name)) return 'not_found';
  if (name.startsWith('AccessDenied') || name === 'UnauthorizedException') return 'denied';
  if (name.startsWith('Throttl') || name === 'TooManyRequestsException') return 'throttled';
  if (name === 'BadRequestException' || name === 'InvalidParameterValueException' || name === 'PolicyLengthExceededException') return 'invalid';
  const status = httpStatusOf(error);
  if (status === 403) return 'denied';
  if (status === 409) return 'conflict';
  if (status === 412) return 'precondition_failed';
  if (status === 429) return 'throttled';
  return 'error';
}

const OPS: readonly string[] = ['add', 'remove', 'replace', 'move', 'copy', 'test'];

function patchOps(value: unknown): PatchOperation[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((o: unknown): PatchOperation[] => {
    if (typeof o !== 'object' || o === null) return [];
    const { op, path, value: v } = o as Record<string, unknown>;
    if (typeof op !== 'string' || !OPS.includes(op) || typeof path !== 'string') return [];
    return [{ op: op as Op, path, ...(typeof v === 'string' ? { value: v } : {}) }];
  });
}

function text(input: JsonObject, key: string): string | undefined {
  const value = input[key];
  return typeof value === 'string' ? value : undefined;
}

/** A remediator over these clients. */
export function createRemediator(clients: RemediatorClients): Remediator {
  return {
    async send(request: SdkRequest): Promise<Result<JsonObject, WriteFailure>> {
      const label = `${request.service === 'api-gateway' ? 'apigateway' : request.service}:${request.operation}`;
      if (!isWriteOperation(request.service, request.operation)) {
        return err({ kind: 'invalid', operation: label, message: `refused: ${request.service} ${request.operation} is not a write apigw-doctor may send (allowed: ${Object.keys(WRITE_OPERATIONS).join(', ')})` });
      }
      const input = request.input;
      try {
        let output: unknown;
        switch (request.operation) {
          case 'AddPermission':
            output = await clients.lambda.send(new AddPermissionCommand({
              FunctionName: text(input, 'FunctionName'),
              StatementId: text(input, 'StatementId'),
              Action: text(input, 'Action'),
              Principal: text(input, 'Principal'),
              SourceArn: text(input, 'SourceArn'),
              Qualifier: text(input, 'Qualifier'),
              SourceAccount: text(input, 'SourceAccount'),
              RevisionId: text(input, 'RevisionId'),
            }));
            break;
          case 'UpdateStage':
            output = await clients.apiGateway.send(new UpdateStageCommand({ restApiId: text(input, 'restApiId'), stageName: text(input, 'stageName'), patchOperations: patchOps(input['patchOperations']) }));
            break;
          case 'UpdateAccount':
            output = await clients.apiGateway.send(new UpdateAccountCommand({ patchOperations: patchOps(input['patchOperations']) }));
            break;
        }
        return ok(toPlainObject(output));
      } catch (error) {
        return err({ kind: classifyWriteError(error), operation: label, message: `${errorName(error) ?? 'Error'}: ${errorMessage(error)}` });
      }
    },
  };
}
