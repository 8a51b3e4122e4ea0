/**
 * Action `set-account-cloudwatch-role`: points the account's API Gateway setting (per Region) at
 * the CloudWatch Logs role the stack provides. Account-wide, so off unless the stack was deployed
 * with it allowed; it never creates a role at run time.
 */
import { patchOperations, requestCommand, sdkRequest } from '../checks/sdk-request.ts';
import type { ActionRequest, RemediationAction } from './action.ts';

export const setAccountCloudWatchRole: RemediationAction = {
  id: 'set-account-cloudwatch-role',
  answers: 'account-cloudwatch-role',
  requiredPermissions: [
    { sid: 'SetApiGatewayAccountCloudWatchRole', actions: ['apigateway:PATCH'], resources: ['arn:${Partition}:apigateway:${Region}::/account'] },
    // UpdateAccount hands the role to API Gateway: PassRole of exactly the stack's role.
    { sid: 'PassTheStacksCloudWatchRole', actions: ['iam:PassRole'], resources: ['${CloudWatchRoleArn}'], conditions: { StringEquals: { 'iam:PassedToService': 'apigateway.amazonaws.com' } } },
  ],
  plan(_result, ctx): ActionRequest | { none: string } {
    if (ctx.cloudWatchRoleArn === null) return { none: 'set-account-cloudwatch-role is off (deploy with it allowed to let apigw-doctor point the account at the role the stack provides)' };
    const region = ctx.diagnosis.api.region;
    const request = sdkRequest('api-gateway', 'UpdateAccount', region, {
      patchOperations: patchOperations([{ op: 'replace', path: '/cloudwatchRoleArn', value: ctx.cloudWatchRoleArn }]),
    });
    return { request, undo: requestCommand(sdkRequest('api-gateway', 'UpdateAccount', region, { patchOperations: patchOperations([{ op: 'replace', path: '/cloudwatchRoleArn', value: '' }]) })) };
  },
};
