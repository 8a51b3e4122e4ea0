import { describe, expect, it } from 'vitest';
import type { CloudTrailEventInfo } from '../../../../shared/ports/account-reader.ts';
import type { Change, CheckResult } from '../../../../shared/domain/model.ts';
import { describeChange, inverseRequest, rankChanges } from '../../../../shared/domain/use-cases/diagnose-changes.ts';

function event(id: string, name: string, time: string, parameters: object, extra: object = {}): CloudTrailEventInfo {
  return {
    EventId: id, EventName: name, EventTime: time, EventSource: name.includes('SecurityGroup') ? 'ec2.amazonaws.com' : 'lambda.amazonaws.com', Username: 'bob',
    CloudTrailEvent: JSON.stringify({ awsRegion: 'eu-west-1', requestParameters: parameters, readOnly: false, ...extra }),
  };
}

const REVOKE = event('r1', 'RevokeSecurityGroupIngress', '2026-11-20T00:10:00Z', {
  groupId: 'sg-0a1b',
  ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 8080, toPort: 8080, ipRanges: { items: [{ cidrIp: '10.0.0.0/16' }] }, groups: {} }] },
});

const VPC_FAIL: CheckResult = { id: 'vpc-link-health', status: 'fail', resource: 'tg', message: 'all targets unhealthy', supports: ['network_or_vpc_link'] };
const PATH = { functions: ['orders'], restApiId: 'a1b2c3', stageName: 'prod', others: ['sg-0a1b'] };

describe('inverseRequest', () => {
  it('authorises a revoked ingress rule again, from the event\'s own request parameters', () => {
    // Prepare / Act
    const request = inverseRequest(REVOKE, 'us-east-1');

    // Assess
    expect(request).toEqual({
      service: 'ec2', operation: 'AuthorizeSecurityGroupIngress', region: 'eu-west-1',
      input: { GroupId: 'sg-0a1b', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.0.0.0/16' }] }] },
    });
  });

  it('has no inverse for a removal whose parameters do not say what was there', () => {
    // Prepare / Act / Assess
    expect(inverseRequest(event('p1', 'RemovePermission20150331v2', '2026-11-20T00:10:00Z', { functionName: 'orders', statementId: 's1' }), 'us-east-1')).toBeNull();
  });
});

describe('rankChanges', () => {
  it('puts the change that explains the failing check first, leaves out reads, failed calls and other resources', () => {
    // Prepare
    const events = [
      event('u1', 'UpdateFunctionCode20150331v2', '2026-11-20T00:12:00Z', { functionName: 'orders' }),
      REVOKE,
      event('x1', 'RevokeSecurityGroupIngress', '2026-11-20T00:11:00Z', { groupId: 'sg-other', ipPermissions: { items: [{ ipProtocol: '-1' }] } }),
      event('d1', 'RevokeSecurityGroupIngress', '2026-11-20T00:11:00Z', { groupId: 'sg-0a1b' }, { errorCode: 'UnauthorizedOperation' }),
      event('g1', 'GetPolicy20150331v2', '2026-11-20T00:13:00Z', { functionName: 'orders' }, { readOnly: true }),
    ];

    // Act
    const changes = rankChanges(events, PATH, { checks: [VPC_FAIL], causes: ['integration_timeout'], firstFailureAt: Date.parse('2026-11-20T00:15:00Z'), region: 'us-east-1' });

    // Assess
    expect(changes.map((c) => [c.eventName, c.relatedTo, c.minutesBeforeFirstFailure])).toEqual([
      ['RevokeSecurityGroupIngress', 'vpc-link-health', 5],
      ['UpdateFunctionCode20150331v2', null, 3],
    ]);
    expect(changes[0]?.revert).toBe(`aws ec2 authorize-security-group-ingress --group-id sg-0a1b --ip-permissions '[{"IpProtocol":"tcp","FromPort":8080,"ToPort":8080,"IpRanges":[{"CidrIp":"10.0.0.0/16"}]}]' --region eu-west-1`);
    expect(changes[0]?.who).toBe('bob');
  });

  it('relates a change to a cause the logs show when its check passes again', () => {
    // Prepare
    const removal = event('p1', 'RemovePermission20150331v2', '2026-11-20T00:10:00Z', { functionName: 'orders', statementId: 's1' });

    // Act
    const changes = rankChanges([removal], PATH, { checks: [], causes: ['missing_invoke_permission'], firstFailureAt: null, region: 'us-east-1' });

    // Assess
    expect(changes.map((c) => [c.relatedTo, c.minutesBeforeFirstFailure, c.revert])).toEqual([['missing_invoke_permission', null, null]]);
  });
});

describe('describeChange', () => {
  const base: Change = {
    time: '2026-11-19T22:14:00.000Z', eventName: 'ModifyTargetGroup20151201', eventSource: 'elasticloadbalancing.amazonaws.com', who: 'sam',
    resources: ['tg-inventory'], relatedTo: 'vpc-link-health', minutesBeforeFirstFailure: 952, revert: null, revertRequest: null,
  };

  it('names the event without its API version and counts long gaps in hours', () => {
    // Prepare / Act
    const text = describeChange(base);

    // Assess
    expect(text).toBe('sam ModifyTargetGroup on tg-inventory at 22:14 UTC (15 h 52 min before the first failure)');
  });

  it('uses the words of the change when it has them, and minutes under two hours', () => {
    // Prepare
    const change: Change = { ...base, summary: 'revoked 10.0.0.0/24:8080 on sg-1', minutesBeforeFirstFailure: -5 };

    // Act
    const text = describeChange(change);

    // Assess
    expect(text).toBe('sam revoked 10.0.0.0/24:8080 on sg-1 at 22:14 UTC (5 min after the first failure)');
    expect(describeChange({ ...base, minutesBeforeFirstFailure: 120 })).toContain('(2 h before the first failure)');
    expect(describeChange({ ...base, minutesBeforeFirstFailure: 119 })).toContain('(119 min before the first failure)');
  });
});
