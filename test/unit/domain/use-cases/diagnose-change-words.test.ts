import { describe, expect, it } from 'vitest';
import { changeSummary } from '../../../../shared/domain/use-cases/diagnose-change-words.ts';
import type { JsonObject } from '../../../../shared/domain/model.ts';

/** An event as LookupEvents returns it, with `requestParameters` as CloudTrail writes them. */
function event(name: string, requestParameters: JsonObject): { EventName: string; CloudTrailEvent: string } {
  return { EventName: name, CloudTrailEvent: JSON.stringify({ eventName: name, requestParameters }) };
}

describe('changeSummary', () => {
  it('says which sources and ports an ingress revoke took away, EC2 item lists included', () => {
    // Prepare
    const revoke = event('RevokeSecurityGroupIngress', {
      groupId: 'sg-0a1b2c3d4e5f',
      ipPermissions: {
        items: [
          { ipProtocol: 'tcp', fromPort: 8080, toPort: 8080, ipRanges: { items: [{ cidrIp: '10.0.0.0/24' }] }, groups: { items: [{ groupId: 'sg-0nlb' }] } },
          { ipProtocol: '-1', ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } },
        ],
      },
    });
    // Act / Assess
    expect(changeSummary(revoke)).toBe('revoked 10.0.0.0/24:8080, sg-0nlb:8080, 0.0.0.0/0 (all traffic) on sg-0a1b2c3d4e5f');
    expect(changeSummary(event('RevokeSecurityGroupIngress', { groupId: 'sg-1', securityGroupRuleIds: { items: ['sgr-9'] } }))).toBe('revoked rule sgr-9 on sg-1');
  });

  it('names the statement a deploy removed and the function, versioned event names included', () => {
    expect(changeSummary(event('RemovePermission20150331v2', { functionName: 'arn:aws:lambda:us-east-1:123456789012:function:orders', statementId: 'orders-read' })))
      .toBe('removed permission orders-read from orders');
    expect(changeSummary(event('PutFunctionConcurrency20171031', { functionName: 'reports', reservedConcurrentExecutions: 0 }))).toBe('set reserved concurrency of reports to 0');
  });

  it('says what changed on a target group or its targets, by the names people know them by', () => {
    const tg = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-tg/0123456789abcdef';
    expect(changeSummary(event('DeregisterTargets', { targetGroupArn: tg, targets: [{ id: '10.0.1.17', port: 8080 }] }))).toBe('deregistered 10.0.1.17:8080 from target group orders-tg');
    expect(changeSummary(event('ModifyTargetGroup', { targetGroupArn: tg, healthCheckPath: '/health' }))).toBe('changed target group orders-tg (healthCheckPath /health)');
  });

  it('is null for an event it has no words for, or one whose parameters do not say enough', () => {
    expect(changeSummary(event('TagResource', { resource: 'x' }))).toBeNull();
    expect(changeSummary(event('RemovePermission', {}))).toBeNull();
    expect(changeSummary({ EventName: 'RemovePermission' })).toBeNull();
  });
});
