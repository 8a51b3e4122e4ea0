/**
 * Check `vpc-link-health`: a private integration reaches its backend through a VPC link and a Network
 * Load Balancer. A link that is not AVAILABLE, or a target group with no healthy target, fails the
 * request at the gateway (500 "internal error", or "Network error communicating with endpoint").
 */
import type { CheckResult } from '../model.ts';
import type { ReadFailure, TargetHealthInfo, VpcLinkInfo } from '../../ports/account-reader.ts';
import type { CheckInput, StageRef } from './check-support.ts';
import { iacText, isReadFailure, skipForReadFailure } from './check-support.ts';
import { cliCommand } from './fix-text.ts';

/** DescribeTargetHealth of one target group behind the link's load balancer. */
export interface TargetGroupHealth {
  readonly targetGroupArn: string;
  readonly targets: readonly TargetHealthInfo[] | ReadFailure;
}

/** What {@link checkVpcLinkHealth} looks at. */
export interface VpcLinkHealthInput {
  readonly stage: StageRef;
  /** The integration's `connectionId`. */
  readonly vpcLinkId: string;
  readonly vpcLink: CheckInput<VpcLinkInfo | null>;
  readonly targetGroups?: readonly TargetGroupHealth[];
}

function vpcLinkArn(region: string, vpcLinkId: string): string {
  return `arn:aws:apigateway:${region}::/vpclinks/${vpcLinkId}`;
}

function linkResult(input: VpcLinkHealthInput): CheckResult {
  const { stage, vpcLinkId, vpcLink } = input;
  const resource = vpcLinkArn(stage.region, vpcLinkId);
  if (isReadFailure(vpcLink)) return skipForReadFailure('vpc-link-health', resource, vpcLink);
  const describe = cliCommand(['aws', 'apigateway', 'get-vpc-link', '--vpc-link-id', vpcLinkId, '--region', stage.region]);
  const linkIac = iacText({
    cdk: `const link = new apigateway.VpcLink(this, 'Link', { targets: [nlb] });\nnew apigateway.Integration({ type: apigateway.IntegrationType.HTTP_PROXY, options: { connectionType: apigateway.ConnectionType.VPC_LINK, vpcLink: link } /* ... */ });`,
    cloudFormation: [
      `Link:`,
      `  Type: AWS::ApiGateway::VpcLink`,
      `  Properties: { Name: link, TargetArns: [!Ref Nlb] }`,
      `# on the method: Integration: { ConnectionType: VPC_LINK, ConnectionId: !Ref Link }`,
    ].join('\n'),
    terraform: `resource "aws_api_gateway_vpc_link" "this" {\n  name        = "link"\n  target_arns = [aws_lb.nlb.arn]\n}\n# aws_api_gateway_integration: connection_type = "VPC_LINK", connection_id = aws_api_gateway_vpc_link.this.id`,
  });
  if (vpcLink === null) {
    return {
      id: 'vpc-link-health',
      status: 'fail',
      resource,
      message: `VPC link ${vpcLinkId}, used by a private integration of API ${stage.restApiId}, does not exist: every request through it fails with 500.`,
      supports: ['network_or_vpc_link'],
      fix: {
        requests: [],
        cli: [
          '# create a link to the Network Load Balancer, then set the integration connectionId to its id and redeploy:',
          cliCommand(['aws', 'apigateway', 'create-vpc-link', '--name', `${stage.restApiId}-link`, '--target-arns', '<nlb-arn>', '--region', stage.region]),
        ].join('\n'),
        iac: linkIac,
      },
    };
  }
  const status = (vpcLink.status ?? 'UNKNOWN').toUpperCase();
  const name = vpcLink.name === undefined ? vpcLinkId : `${vpcLinkId} (${vpcLink.name})`;
  if (status === 'AVAILABLE') {
    return { id: 'vpc-link-health', status: 'pass', resource, message: `VPC link ${name} is AVAILABLE.` };
  }
  const statusMessage = vpcLink.statusMessage === undefined || vpcLink.statusMessage === '' ? '' : `: ${vpcLink.statusMessage}`;
  const targets = (vpcLink.targetArns ?? []).join(', ');
  return {
    id: 'vpc-link-health',
    status: 'fail',
    resource,
    message:
      `VPC link ${name} is ${status}${statusMessage}. Requests through it fail with 500 until it is AVAILABLE` +
      `${status === 'PENDING' ? ' (creation takes a few minutes)' : ''}.`,
    supports: ['network_or_vpc_link'],
    fix: {
      requests: [],
      cli:
        status === 'FAILED'
          ? [
              describe,
              '# fix the cause above, then recreate the link and point the integrations at the new id:',
              cliCommand(['aws', 'apigateway', 'delete-vpc-link', '--vpc-link-id', vpcLinkId, '--region', stage.region]),
              cliCommand([
                'aws',
                'apigateway',
                'create-vpc-link',
                '--name',
                vpcLink.name ?? `${stage.restApiId}-link`,
                '--target-arns',
                targets === '' ? '<nlb-arn>' : targets,
                '--region',
                stage.region,
              ]),
            ].join('\n')
          : [describe, '# wait until status is AVAILABLE'].join('\n'),
      iac: linkIac,
    },
  };
}

function targetGroupResult(input: VpcLinkHealthInput, group: TargetGroupHealth): CheckResult {
  const { stage } = input;
  const resource = group.targetGroupArn;
  if (isReadFailure(group.targets)) return skipForReadFailure('vpc-link-health', resource, group.targets);
  const describe = cliCommand(['aws', 'elbv2', 'describe-target-health', '--target-group-arn', group.targetGroupArn, '--region', stage.region]);
  const fix = {
    requests: [],
    cli: [describe, '# then make the health check pass: the target must listen on the port and its security group must admit the NLB'].join('\n'),
    iac: iacText({
      cdk: `listener.addTargets('Targets', { port: 80, targets: [/* ... */], healthCheck: { path: '/health', port: 'traffic-port' } });`,
      cloudFormation: `Type: AWS::ElasticLoadBalancingV2::TargetGroup\nProperties:\n  HealthCheckPath: /health\n  HealthCheckPort: traffic-port`,
      terraform: `resource "aws_lb_target_group" "this" {\n  health_check {\n    path = "/health"\n    port = "traffic-port"\n  }\n}`,
    }),
  };
  const targets = group.targets;
  if (targets.length === 0) {
    return {
      id: 'vpc-link-health',
      status: 'fail',
      resource,
      message: `Target group ${group.targetGroupArn} behind VPC link ${input.vpcLinkId} has no registered targets: requests through the link fail.`,
      supports: ['network_or_vpc_link'],
      fix,
    };
  }
  const describeTarget = (target: TargetHealthInfo): string => {
    const id = `${target.Target?.Id ?? '?'}${target.Target?.Port === undefined ? '' : `:${target.Target.Port}`}`;
    const state = target.TargetHealth?.State ?? 'unknown';
    const reason = target.TargetHealth?.Reason === undefined ? '' : ` (${target.TargetHealth.Reason})`;
    return `${id} ${state}${reason}`;
  };
  const unhealthy = targets.filter((target) => target.TargetHealth?.State !== 'healthy');
  if (unhealthy.length === 0) {
    return {
      id: 'vpc-link-health',
      status: 'pass',
      resource,
      message: `All ${targets.length} target(s) of ${group.targetGroupArn} are healthy.`,
    };
  }
  const allDown = unhealthy.length === targets.length;
  return {
    id: 'vpc-link-health',
    status: allDown ? 'fail' : 'warn',
    resource,
    message:
      `${unhealthy.length} of ${targets.length} target(s) of ${group.targetGroupArn} behind VPC link ${input.vpcLinkId} are not healthy: ` +
      `${unhealthy.map(describeTarget).join(', ')}. ` +
      (allDown
        ? 'With no healthy target every request through the link fails (500 or "Network error communicating with endpoint").'
        : 'Requests routed to them can fail.'),
    supports: ['network_or_vpc_link'],
    fix,
  };
}

/**
 * One result for the link (fail when missing or not AVAILABLE) and one per target group (fail when it
 * has no targets or none is healthy, warn when some are not healthy). All support `network_or_vpc_link`.
 */
export function checkVpcLinkHealth(input: VpcLinkHealthInput): CheckResult[] {
  return [linkResult(input), ...(input.targetGroups ?? []).map((group) => targetGroupResult(input, group))];
}
