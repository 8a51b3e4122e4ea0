import { describe, expect, it } from 'vitest';
import { checkVpcLinkHealth } from '../../../../shared/domain/checks/vpc-link-health.ts';
import type { VpcLinkHealthInput } from '../../../../shared/domain/checks/vpc-link-health.ts';

const stage = { restApiId: 'a1b2c3', stageName: 'prod', region: 'us-east-1', account: '123456789012' };
const linkArn = 'arn:aws:apigateway:us-east-1::/vpclinks/vl1234';
const nlb = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/backend/50dc6c495c0c9188';
const tg = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/backend/73e2d6bc24d8a067';

function input(overrides: Partial<VpcLinkHealthInput>): VpcLinkHealthInput {
  return {
    stage,
    vpcLinkId: 'vl1234',
    vpcLink: { id: 'vl1234', name: 'backend-link', status: 'AVAILABLE', targetArns: [nlb] },
    ...overrides,
  };
}

describe('checkVpcLinkHealth', () => {
  it('passes an AVAILABLE link whose targets are all healthy', () => {
    // Prepare
    const value = input({ targetGroups: [{ targetGroupArn: tg, targets: [{ Target: { Id: 'i-1', Port: 80 }, TargetHealth: { State: 'healthy' } }] }] });
    // Act
    const results = checkVpcLinkHealth(value);
    // Assess
    expect(results).toEqual([
      { id: 'vpc-link-health', status: 'pass', resource: linkArn, message: 'VPC link vl1234 (backend-link) is AVAILABLE.' },
      { id: 'vpc-link-health', status: 'pass', resource: tg, message: `All 1 target(s) of ${tg} are healthy.` },
    ]);
  });

  it('fails a FAILED link with its status message and a recreate command', () => {
    // Prepare
    const value = input({ vpcLink: { id: 'vl1234', name: 'backend-link', status: 'FAILED', statusMessage: 'NLB not found', targetArns: [nlb] } });
    // Act
    const [result] = checkVpcLinkHealth(value);
    // Assess
    expect(result?.status).toBe('fail');
    expect(result?.supports).toEqual(['network_or_vpc_link']);
    expect(result?.message).toBe('VPC link vl1234 (backend-link) is FAILED: NLB not found. Requests through it fail with 500 until it is AVAILABLE.');
    expect(result?.fix?.cli.split('\n')).toEqual([
      'aws apigateway get-vpc-link --vpc-link-id vl1234 --region us-east-1',
      '# fix the cause above, then recreate the link and point the integrations at the new id:',
      'aws apigateway delete-vpc-link --vpc-link-id vl1234 --region us-east-1',
      `aws apigateway create-vpc-link --name backend-link --target-arns ${nlb} --region us-east-1`,
    ]);
    expect(result?.fix?.iac).toContain('Type: AWS::ApiGateway::VpcLink');
  });

  it('fails a PENDING link, saying creation takes minutes', () => {
    // Prepare
    const value = input({ vpcLink: { id: 'vl1234', status: 'PENDING' } });
    // Act
    const [result] = checkVpcLinkHealth(value);
    // Assess
    expect(result?.status).toBe('fail');
    expect(result?.message).toBe('VPC link vl1234 is PENDING. Requests through it fail with 500 until it is AVAILABLE (creation takes a few minutes).');
    expect(result?.fix?.cli).toBe('aws apigateway get-vpc-link --vpc-link-id vl1234 --region us-east-1\n# wait until status is AVAILABLE');
  });

  it('fails a link that does not exist', () => {
    // Prepare / Act
    const [result] = checkVpcLinkHealth(input({ vpcLink: null }));
    // Assess
    expect(result?.status).toBe('fail');
    expect(result?.message).toBe('VPC link vl1234, used by a private integration of API a1b2c3, does not exist: every request through it fails with 500.');
    expect(result?.fix?.cli.split('\n')[1]).toBe(
      "aws apigateway create-vpc-link --name a1b2c3-link --target-arns '<nlb-arn>' --region us-east-1",
    );
  });

  it('fails a target group with no healthy target and warns for one with some', () => {
    // Prepare
    const value = input({
      targetGroups: [
        {
          targetGroupArn: tg,
          targets: [
            { Target: { Id: 'i-1', Port: 80 }, TargetHealth: { State: 'unhealthy', Reason: 'Target.Timeout' } },
            { Target: { Id: 'i-2', Port: 80 }, TargetHealth: { State: 'draining' } },
          ],
        },
        {
          targetGroupArn: `${tg}-b`,
          targets: [{ Target: { Id: '10.0.0.5' }, TargetHealth: { State: 'healthy' } }, { Target: { Id: '10.0.0.6' }, TargetHealth: { State: 'initial' } }],
        },
        { targetGroupArn: `${tg}-c`, targets: [] },
      ],
    });
    // Act
    const [, allDown, someDown, empty] = checkVpcLinkHealth(value);
    // Assess
    expect(allDown?.status).toBe('fail');
    expect(allDown?.supports).toEqual(['network_or_vpc_link']);
    expect(allDown?.message).toBe(
      `2 of 2 target(s) of ${tg} behind VPC link vl1234 are not healthy: i-1:80 unhealthy (Target.Timeout), i-2:80 draining. ` +
        'With no healthy target every request through the link fails (500 or "Network error communicating with endpoint").',
    );
    expect(allDown?.fix?.cli.split('\n')[0]).toBe(`aws elbv2 describe-target-health --target-group-arn ${tg} --region us-east-1`);
    expect(someDown?.status).toBe('warn');
    expect(someDown?.message).toBe(
      `1 of 2 target(s) of ${tg}-b behind VPC link vl1234 are not healthy: 10.0.0.6 initial. Requests routed to them can fail.`,
    );
    expect(empty?.status).toBe('fail');
    expect(empty?.message).toBe(`Target group ${tg}-c behind VPC link vl1234 has no registered targets: requests through the link fail.`);
  });

  it('skips on failed reads of the link and of target health', () => {
    // Prepare
    const value = input({
      vpcLink: { kind: 'denied', operation: 'apigateway:GetVpcLink', message: 'AccessDenied' },
      targetGroups: [{ targetGroupArn: tg, targets: { kind: 'denied', operation: 'elasticloadbalancing:DescribeTargetHealth', message: 'AccessDenied' } }],
    });
    // Act
    const results = checkVpcLinkHealth(value);
    // Assess
    expect(results).toEqual([
      { id: 'vpc-link-health', status: 'skip', resource: linkArn, message: 'Skipped: apigateway:GetVpcLink failed (denied): AccessDenied' },
      { id: 'vpc-link-health', status: 'skip', resource: tg, message: 'Skipped: elasticloadbalancing:DescribeTargetHealth failed (denied): AccessDenied' },
    ]);
  });
});
