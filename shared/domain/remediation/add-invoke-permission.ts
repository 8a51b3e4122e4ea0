/**
 * Action `add-invoke-permission`: the AddPermission the invoke-permission check's fix carries —
 * principal apigateway.amazonaws.com, SourceArn scoped to this API, method and path, the function
 * and qualifier the integration really invokes, a deterministic statement id (re-sending it is a
 * ResourceConflictException, never a duplicate). Never a wildcard principal, never removes anything.
 * It answers authorizer-permission the same way: the AddPermission then carries the authorizer's own
 * SourceArn (`…:<apiId>/authorizers/<id>`) and is governed by the authorizer function's tags.
 */
import type { SdkRequest } from '../model.ts';
import { requestCommand, sdkRequest } from '../checks/sdk-request.ts';
import { AUTO_REMEDIATE_TAG } from './opt-in.ts';
import type { ActionRequest, RemediationAction } from './action.ts';

/** Lambda's limit for a function's resource-based policy, in bytes. */
export const POLICY_LIMIT_BYTES = 20_480;

/** The statement AddPermission adds, as Lambda stores it: its size decides whether the policy still fits. */
export function addedStatementBytes(request: SdkRequest, functionArn: string): number {
  const input = request.input;
  const statement = {
    Sid: input['StatementId'],
    Effect: 'Allow',
    Principal: { Service: input['Principal'] },
    Action: input['Action'],
    Resource: functionArn,
    Condition: { ArnLike: { 'AWS:SourceArn': input['SourceArn'] } },
  };
  return new TextEncoder().encode(JSON.stringify(statement)).length + 1;
}

/** The undo: RemovePermission of exactly the statement id it added. */
function undoOf(request: SdkRequest): string {
  const input = request.input;
  return requestCommand(
    sdkRequest('lambda', 'RemovePermission', request.region, {
      FunctionName: input['FunctionName'] ?? null,
      ...(typeof input['Qualifier'] === 'string' ? { Qualifier: input['Qualifier'] } : {}),
      StatementId: input['StatementId'] ?? null,
    }),
  );
}

export const addInvokePermission: RemediationAction = {
  id: 'add-invoke-permission',
  answers: 'invoke-permission',
  alsoAnswers: ['authorizer-permission'],
  requiredPermissions: [
    {
      sid: 'AddInvokePermissionForApiGatewayOnOptedInFunctions',
      actions: ['lambda:AddPermission'],
      resources: ['arn:${Partition}:lambda:${Region}:${Account}:function:*'],
      conditions: {
        StringEquals: { 'lambda:Principal': 'apigateway.amazonaws.com' },
        StringLike: { [`aws:ResourceTag/${AUTO_REMEDIATE_TAG}`]: ['true', '*add-invoke-permission*'] },
      },
    },
  ],
  plan(result): ActionRequest | { none: string } {
    const request = result.fix?.requests.find((r) => r.service === 'lambda' && r.operation === 'AddPermission');
    if (request === undefined) {
      return { none: result.fix === undefined ? 'the check carries no fix' : 'the function is in another account: apigw-doctor cannot change its policy from here (run the command there)' };
    }
    const principal = request.input['Principal'];
    const sourceArn = request.input['SourceArn'];
    // Defence in depth: the check builds these, but an action must never widen what it grants.
    if (principal !== 'apigateway.amazonaws.com' || typeof sourceArn !== 'string' || !sourceArn.startsWith('arn:aws:execute-api:')) {
      return { none: 'the planned permission is not scoped to an API Gateway SourceArn; refusing to send it' };
    }
    // An authorizer's grant names exactly one authorizer (`<api>/authorizers/<id>`); a method's grant never has that shape.
    const forAuthorizer = /^arn:aws:execute-api:[^:]+:\d{12}:[A-Za-z0-9]+\/authorizers\/[A-Za-z0-9]+$/.test(sourceArn);
    if (result.id === 'authorizer-permission' ? !forAuthorizer : forAuthorizer) {
      return { none: `the planned SourceArn ${sourceArn} does not match the ${result.id} result it answers; refusing to send it` };
    }
    return { request, undo: undoOf(request) };
  },
};
