/**
 * Check `vpc-link-health`: a private integration reaches its backend through a VPC link and a Network
 * Load Balancer, and every hop of that chain can be what breaks it. The check follows the chain as
 * read (diagnose-vpc-link.ts reads it; this file only judges): the link's status → the load balancer's
 * state → the listener for the integration's port → the listener's target groups → each target's
 * health (state, reason code, description) → for unhealthy targets, whether their security groups
 * admit the target and health-check ports from the load balancer's subnets, and whether the network
 * ACL of their subnet lets that traffic in and the answers out. It names the first broken hop with
 * the exact fix (docs/facts.md (j)). Any hop that could not be read is a `skip` naming what was not
 * read: never a pass for something not seen.
 */
import type { CheckResult, JsonObject, JsonValue, SdkRequest } from '../model.ts';
import type {
  IpPermissionInfo,
  ListenerInfo,
  LoadBalancerInfo,
  NetworkAclInfo,
  NetworkInterfaceInfo,
  ReadFailure,
  SecurityGroupInfo,
  SubnetInfo,
  TargetGroupInfo,
  TargetHealthInfo,
  VpcLinkInfo,
} from '../../ports/account-reader.ts';
import type { CheckInput, MethodRef, StageRef } from './check-support.ts';
import { createDeploymentRequest, iacText, isReadFailure, methodLabel, skipForReadFailure, updateIntegrationRequest } from './check-support.ts';
import { cliCommand } from './fix-text.ts';
import { requestCommand, sdkRequest } from './sdk-request.ts';
import { aclDecision, freeRuleNumber, ingressAdmits, type AclVerdict } from './network-rules.ts';

/** DescribeTargetHealth of one target group the listener forwards to. */
export interface TargetGroupHealth {
  readonly targetGroupArn: string;
  readonly targets: CheckInput<readonly TargetHealthInfo[]>;
}

/** One load balancer behind the link, as far as the chain was read. */
export interface LoadBalancerHop {
  readonly arn: string;
  /** Null when DescribeLoadBalancers did not return it. */
  readonly loadBalancer: LoadBalancerInfo | null;
  /** DescribeListeners; null = not read (the load balancer is missing or not active). */
  readonly listeners: CheckInput<readonly ListenerInfo[]> | null;
  /** DescribeTargetGroups of the load balancer (target type, health-check port); null = not read. */
  readonly targetGroupInfo: CheckInput<readonly TargetGroupInfo[]> | null;
  /** The target groups the listener for the port forwards to, with their health. */
  readonly targetGroups: readonly TargetGroupHealth[];
}

/** The EC2 side of the unhealthy targets: read once for the whole chain. */
export interface TargetNetworkRead {
  /** DescribeNetworkInterfaces by the targets' private IPs / instance ids. */
  readonly interfaces: CheckInput<readonly NetworkInterfaceInfo[]>;
  /** DescribeSecurityGroups of those interfaces' groups; null = nothing to read (no interface found). */
  readonly securityGroups: CheckInput<readonly SecurityGroupInfo[]> | null;
  /** DescribeSubnets of the load balancers' subnets (their CIDRs are where the load balancer's traffic comes from). */
  readonly loadBalancerSubnets: CheckInput<readonly SubnetInfo[]> | null;
  /** DescribeNetworkAcls of the targets' subnets; null = nothing to read. */
  readonly networkAcls: CheckInput<readonly NetworkAclInfo[]> | null;
}

/** The chain behind a link, as diagnose-vpc-link.ts read it. */
export interface BackendChain {
  /** The port the integration calls (from its URI), or null when the URI does not say (then no listener is picked). */
  readonly port: number | null;
  readonly loadBalancerArns: readonly string[];
  /** DescribeLoadBalancers, one hop per ARN asked for. */
  readonly loadBalancers: CheckInput<readonly LoadBalancerHop[]>;
  /** Read only when some target is unhealthy; null otherwise. */
  readonly network: TargetNetworkRead | null;
}

/** A TLS host-name mismatch the failing requests show (classifier rule `host-name-mismatch`). */
export interface HostNameMismatch {
  readonly host: string;
  readonly certificateSubject: string;
}

/** What {@link checkVpcLinkHealth} looks at. */
export interface VpcLinkHealthInput {
  readonly stage: StageRef;
  /** The integration's `connectionId`. */
  readonly vpcLinkId: string;
  readonly vpcLink: CheckInput<VpcLinkInfo | null>;
  /** The method whose integration uses the link, and its integration URI (fixes for a wrong port or host change it). */
  readonly method?: MethodRef;
  readonly integrationUri?: string;
  /** The chain behind the link, when it was followed (in-depth methods whose link is AVAILABLE). */
  readonly backend?: BackendChain;
  /** Host-name mismatches in this method's failing requests. */
  readonly hostNameMismatches?: readonly HostNameMismatch[];
}

/** Where the chain is and what it serves, for messages and fixes (a REST VPC link, or an HTTP API one). */
export interface ChainContext {
  readonly region: string;
  readonly account: string;
  /** `VPC link vl1234`: how the messages name what sends traffic into the chain. */
  readonly via: string;
  /** The ARN of what sends traffic into the chain (the link), for results about the chain as a whole. */
  readonly resource: string;
  /** The integration whose URI names the port (for the "point it at a listener that exists" fix). */
  readonly integration?: { readonly stage: StageRef; readonly method: MethodRef; readonly uri: string };
}

const ID = 'vpc-link-health' as const;
const SUPPORTS = ['network_or_vpc_link'] as const;
/** The ephemeral ports the answers of a target go back to (the load balancer's side of the connection). */
const EPHEMERAL = { from: 1024, to: 65_535 } as const;

function vpcLinkArn(region: string, vpcLinkId: string): string {
  return `arn:aws:apigateway:${region}::/vpclinks/${vpcLinkId}`;
}

function ec2Arn(ctx: ChainContext, kind: string, id: string): string {
  return `arn:aws:ec2:${ctx.region}:${ctx.account}:${kind}/${id}`;
}

/** `net/inventory-nlb/50dc…` → `inventory-nlb`, for messages. */
function shortName(arn: string): string {
  const parts = arn.split('/');
  return parts.length >= 3 ? (parts[parts.length - 2] ?? arn) : arn;
}

function fail(resource: string, message: string, fix: CheckResult['fix']): CheckResult {
  return fix === undefined ? { id: ID, status: 'fail', resource, message, supports: SUPPORTS } : { id: ID, status: 'fail', resource, message, supports: SUPPORTS, fix };
}

function skip(resource: string, message: string): CheckResult {
  return { id: ID, status: 'skip', resource, message };
}

/** A skip that says which hop could not be read and what it means for the rest. */
function skipRead(resource: string, failure: ReadFailure, what: string): CheckResult {
  return skip(resource, `Skipped: could not read ${what} (${failure.operation} failed, ${failure.kind}: ${failure.message}); this hop of the chain is not checked.`);
}

function list(values: readonly string[]): string {
  return values.join(', ');
}

// ---- the link ---------------------------------------------------------------------------------

function linkResult(input: VpcLinkHealthInput): CheckResult {
  const { stage, vpcLinkId, vpcLink } = input;
  const resource = vpcLinkArn(stage.region, vpcLinkId);
  if (isReadFailure(vpcLink)) return skipForReadFailure(ID, resource, vpcLink);
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
    return fail(resource, `VPC link ${vpcLinkId}, used by a private integration of API ${stage.restApiId}, does not exist: every request through it fails with 500.`, {
      requests: [],
      cli: [
        '# create a link to the Network Load Balancer, then set the integration connectionId to its id and redeploy:',
        cliCommand(['aws', 'apigateway', 'create-vpc-link', '--name', `${stage.restApiId}-link`, '--target-arns', '<nlb-arn>', '--region', stage.region]),
      ].join('\n'),
      iac: linkIac,
    });
  }
  const status = (vpcLink.status ?? 'UNKNOWN').toUpperCase();
  const name = vpcLink.name === undefined ? vpcLinkId : `${vpcLinkId} (${vpcLink.name})`;
  if (status === 'AVAILABLE') return { id: ID, status: 'pass', resource, message: `VPC link ${name} is AVAILABLE.` };
  const statusMessage = vpcLink.statusMessage === undefined || vpcLink.statusMessage === '' ? '' : `: ${vpcLink.statusMessage}`;
  const targets = (vpcLink.targetArns ?? []).join(', ');
  return fail(
    resource,
    `VPC link ${name} is ${status}${statusMessage}. Requests through it fail with 500 until it is AVAILABLE${status === 'PENDING' ? ' (creation takes a few minutes)' : ''}.`,
    {
      requests: [],
      cli:
        status === 'FAILED'
          ? [
              describe,
              '# fix the cause above, then recreate the link and point the integrations at the new id:',
              cliCommand(['aws', 'apigateway', 'delete-vpc-link', '--vpc-link-id', vpcLinkId, '--region', stage.region]),
              cliCommand(['aws', 'apigateway', 'create-vpc-link', '--name', vpcLink.name ?? `${stage.restApiId}-link`, '--target-arns', targets === '' ? '<nlb-arn>' : targets, '--region', stage.region]),
            ].join('\n')
          : [describe, '# wait until status is AVAILABLE'].join('\n'),
      iac: linkIac,
    },
  );
}

// ---- load balancer and listener ---------------------------------------------------------------

/** The target group ARNs a listener forwards to (a plain forward, or a weighted ForwardConfig). */
export function forwardedTargetGroups(listener: ListenerInfo): string[] {
  const arns = new Set<string>();
  for (const action of listener.DefaultActions ?? []) {
    if ((action.Type ?? '').toLowerCase() !== 'forward') continue;
    if (action.TargetGroupArn !== undefined) arns.add(action.TargetGroupArn);
    for (const group of action.ForwardConfig?.TargetGroups ?? []) if (group.TargetGroupArn !== undefined) arns.add(group.TargetGroupArn);
  }
  return [...arns];
}

/** The URI with its port replaced (`http://nlb:8080/x` → `http://nlb:80/x`), or null when it has no host part. */
function withPort(uri: string, port: number): string | null {
  const m = /^(https?:\/\/)(\[[^\]]+\]|[^/:?#]+)(?::\d+)?(.*)$/i.exec(uri);
  return m === null ? null : `${m[1] ?? ''}${m[2] ?? ''}:${port}${m[3] ?? ''}`;
}

function loadBalancerResult(ctx: ChainContext, hop: LoadBalancerHop, port: number | null): CheckResult | null {
  const lb = hop.loadBalancer;
  const name = lb?.LoadBalancerName ?? shortName(hop.arn);
  const describe = cliCommand(['aws', 'elbv2', 'describe-load-balancers', '--load-balancer-arns', hop.arn, '--region', ctx.region]);
  if (lb === null) {
    return fail(hop.arn, `The load balancer ${hop.arn} that ${ctx.via} sends to does not exist (deleted?): every request through the link fails.`, {
      requests: [],
      cli: ['# re-create the Network Load Balancer (or pick the one that replaced it), then point the link at it:', describe].join('\n'),
      iac: '',
    });
  }
  const state = (lb.State?.Code ?? 'unknown').toLowerCase();
  if (state !== 'active' && state !== 'active_impaired') {
    const reason = lb.State?.Reason === undefined || lb.State.Reason === '' ? '' : ` (${lb.State.Reason})`;
    return fail(hop.arn, `Load balancer ${name} behind ${ctx.via} is ${state}${reason}, not active: it forwards no traffic${state === 'provisioning' ? ' until provisioning ends (a few minutes)' : ''}.`, {
      requests: [],
      cli: [describe, state === 'provisioning' ? '# wait until State.Code is active' : '# the state reason above says what to fix; a failed load balancer has to be re-created'].join('\n'),
      iac: '',
    });
  }
  if (port === null) return null;
  if (hop.listeners === null) return null;
  if (isReadFailure(hop.listeners)) return skipRead(hop.arn, hop.listeners, `the listeners of load balancer ${name}`);
  const listener = hop.listeners.find((l) => l.Port === port);
  if (listener === undefined) {
    const ports = hop.listeners.map((l) => `${l.Protocol ?? '?'} ${l.Port ?? '?'}`);
    const only = hop.listeners.length === 1 ? hop.listeners[0] : undefined;
    const integration = ctx.integration;
    const moved = only?.Port === undefined || integration === undefined ? null : withPort(integration.uri, only.Port);
    const requests: SdkRequest[] =
      moved === null || integration === undefined
        ? []
        : [updateIntegrationRequest(integration.stage, integration.method, { op: 'replace', path: '/uri', value: moved }), createDeploymentRequest(integration.stage)];
    const create = cliCommand(['aws', 'elbv2', 'create-listener', '--load-balancer-arn', hop.arn, '--protocol', 'TCP', '--port', String(port), '--default-actions', 'Type=forward,TargetGroupArn=<target-group-arn>', '--region', ctx.region]);
    return fail(
      hop.arn,
      `Load balancer ${name} behind ${ctx.via} has no listener on port ${port}, the port the integration calls` +
        `${integration === undefined ? '' : ` (${integration.uri})`}; it listens on ${ports.length === 0 ? 'no port at all' : list(ports)}. Every request through the link fails.`,
      {
        requests,
        cli: [
          ...(requests.length > 0 ? ['# point the integration at the port the load balancer listens on, and redeploy:', ...requests.map(requestCommand), '# or add a listener on the port the integration calls:'] : ['# add a listener on the port the integration calls:']),
          create,
        ].join('\n'),
        iac: iacText({
          cdk: `nlb.addListener('Listener', { port: ${port}, defaultTargetGroups: [targetGroup] });`,
          cloudFormation: `Type: AWS::ElasticLoadBalancingV2::Listener\nProperties:\n  LoadBalancerArn: !Ref Nlb\n  Port: ${port}\n  Protocol: TCP\n  DefaultActions: [{ Type: forward, TargetGroupArn: !Ref TargetGroup }]`,
          terraform: `resource "aws_lb_listener" "this" {\n  load_balancer_arn = aws_lb.nlb.arn\n  port              = ${port}\n  protocol          = "TCP"\n  default_action {\n    type             = "forward"\n    target_group_arn = aws_lb_target_group.this.arn\n  }\n}`,
        }),
      },
    );
  }
  const groups = forwardedTargetGroups(listener);
  if (groups.length === 0) {
    return fail(hop.arn, `Listener ${listener.Protocol ?? ''} ${port} of load balancer ${name} forwards to no target group: requests through ${ctx.via} reach no backend.`, {
      requests: [],
      cli: cliCommand(['aws', 'elbv2', 'modify-listener', '--listener-arn', listener.ListenerArn ?? '<listener-arn>', '--default-actions', 'Type=forward,TargetGroupArn=<target-group-arn>', '--region', ctx.region]),
      iac: '',
    });
  }
  const impaired = state === 'active_impaired' ? ' (active_impaired: some zones are not serving)' : '';
  return {
    id: ID,
    status: state === 'active_impaired' ? 'warn' : 'pass',
    resource: hop.arn,
    message: `Load balancer ${name} behind ${ctx.via} is ${state}${impaired} and listens on ${listener.Protocol ?? ''} ${port}, forwarding to ${list(groups.map(shortName))}.`,
    ...(state === 'active_impaired' ? { supports: SUPPORTS } : {}),
  };
}

// ---- targets ----------------------------------------------------------------------------------

function describeTarget(target: TargetHealthInfo): string {
  const id = `${target.Target?.Id ?? '?'}${target.Target?.Port === undefined ? '' : `:${target.Target.Port}`}`;
  const state = target.TargetHealth?.State ?? 'unknown';
  const reason = target.TargetHealth?.Reason;
  const description = target.TargetHealth?.Description;
  const why = [reason, description].filter((v): v is string => v !== undefined && v !== '').join(': ');
  return `${id} ${state}${why === '' ? '' : ` (${why})`}`;
}

function targetHealthResult(ctx: ChainContext, group: TargetGroupHealth, networkOpen: boolean): CheckResult {
  const resource = group.targetGroupArn;
  if (isReadFailure(group.targets)) return skipRead(resource, group.targets, `the health of target group ${shortName(resource)}`);
  const describe = cliCommand(['aws', 'elbv2', 'describe-target-health', '--target-group-arn', group.targetGroupArn, '--region', ctx.region]);
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
    return fail(resource, `Target group ${group.targetGroupArn} behind ${ctx.via} has no registered targets: requests through the link fail.`, fix);
  }
  const unhealthy = targets.filter((target) => target.TargetHealth?.State !== 'healthy');
  if (unhealthy.length === 0) {
    return { id: ID, status: 'pass', resource, message: `All ${targets.length} target(s) of ${group.targetGroupArn} are healthy.` };
  }
  const allDown = unhealthy.length === targets.length;
  const open = networkOpen
    ? ' The network path is open (security groups and network ACLs admit the load balancer), so the targets themselves do not answer: check that they listen on the port and pass the health check.'
    : '';
  return {
    id: ID,
    status: allDown ? 'fail' : 'warn',
    resource,
    message:
      `${unhealthy.length} of ${targets.length} target(s) of ${group.targetGroupArn} behind ${ctx.via} are not healthy: ` +
      `${unhealthy.map(describeTarget).join(', ')}. ` +
      (allDown
        ? 'With no healthy target every request through the link fails (500 or "Network error communicating with endpoint") or times out.'
        : 'Requests routed to them can fail.') +
      open,
    supports: SUPPORTS,
    fix,
  };
}

/** One unhealthy target with what the network reads say about it. */
interface TargetPath {
  readonly id: string;
  readonly ports: readonly number[];
  readonly loadBalancer: LoadBalancerInfo;
  readonly cidrs: readonly { readonly subnetId: string; readonly cidr: string }[];
  readonly targetGroup: string;
}

/** A target's type: the target group's `TargetType`, else what its id looks like (`i-…`, an IPv4 address, an ARN). */
export function targetTypeOf(info: TargetGroupInfo | undefined, id: string): string {
  if (info?.TargetType !== undefined) return info.TargetType;
  if (/^i-[0-9a-f]+$/.test(id)) return 'instance';
  if (id.startsWith('arn:')) return 'alb';
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(id) ? 'ip' : 'unknown';
}

function healthCheckPort(info: TargetGroupInfo | undefined, trafficPort: number): number {
  const raw = info?.HealthCheckPort;
  if (raw === undefined || raw === 'traffic-port') return trafficPort;
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : trafficPort;
}

/** `tcp/8080` or `tcp/8080 (traffic) and tcp/8081 (health checks)`. */
function portsLabel(ports: readonly number[], traffic: number): string {
  if (ports.length === 1) return `tcp/${ports[0] ?? traffic}`;
  return ports.map((p) => `tcp/${p} (${p === traffic ? 'traffic' : 'health checks'})`).join(' and ');
}

/** Groups the targets by the security groups on their interface, so twenty tasks in one group are one result. */
function securityGroupResults(ctx: ChainContext, paths: readonly TargetPath[], network: TargetNetworkRead): { results: CheckResult[]; open: boolean } {
  const results: CheckResult[] = [];
  if (isReadFailure(network.interfaces)) {
    return { results: [skipRead(paths[0]?.targetGroup ?? '', network.interfaces, `the network interfaces of targets ${list(paths.map((p) => p.id))}, so their security groups and network ACLs`)], open: false };
  }
  const interfaces = network.interfaces;
  if (network.loadBalancerSubnets !== null && isReadFailure(network.loadBalancerSubnets)) {
    return { results: [skipRead(paths[0]?.loadBalancer.LoadBalancerArn ?? '', network.loadBalancerSubnets, "the load balancer's subnets (their CIDRs are where its traffic comes from), so the targets' security groups and network ACLs")], open: false };
  }
  const subnets = network.loadBalancerSubnets ?? [];
  // A subnet whose CIDR is unknown is a source nobody checked: skip rather than pass without it.
  const lbSubnets = [...new Set(paths.flatMap((p) => (p.loadBalancer.AvailabilityZones ?? []).map((z) => z.SubnetId ?? '')))];
  const unknown = lbSubnets.filter((id) => !subnets.some((s) => s.SubnetId === id && s.CidrBlock !== undefined));
  if (unknown.length > 0) {
    return { results: [skip(paths[0]?.loadBalancer.LoadBalancerArn ?? '', `Skipped: the CIDR of the load balancer's subnet${unknown.length === 1 ? '' : 's'} ${list(unknown)} is unknown (not returned by DescribeSubnets), so the targets' security groups are not checked.`)], open: false };
  }
  const groupsById = network.securityGroups === null || isReadFailure(network.securityGroups) ? null : new Map(network.securityGroups.map((g) => [g.GroupId ?? '', g]));
  const byGroups = new Map<string, { paths: TargetPath[]; eni: NetworkInterfaceInfo[] }>();
  let open = true;
  for (const path of paths) {
    const matches = interfaces.filter((eni) => eni.PrivateIpAddress === path.id || eni.Attachment?.InstanceId === path.id);
    if (matches.length !== 1) {
      open = false;
      results.push(skip(
        path.targetGroup,
        matches.length === 0
          ? `Skipped: no network interface in this account and Region has target ${path.id}, so its security groups and network ACL are not checked (a target outside the VPC, or in another account).`
          : `Skipped: instance ${path.id} has ${matches.length} network interfaces and the one the load balancer sends to cannot be told apart here, so its security groups are not checked.`,
      ));
      continue;
    }
    const eni = matches[0] as NetworkInterfaceInfo;
    const key = (eni.Groups ?? []).map((g) => g.GroupId ?? '').sort().join(',');
    const entry = byGroups.get(key) ?? { paths: [], eni: [] };
    // Security groups apply inside a subnet too, so every load balancer subnet counts here (ACLs only between subnets).
    entry.paths.push(path);
    entry.eni.push(eni);
    byGroups.set(key, entry);
  }
  for (const [key, { paths: members, eni }] of byGroups) {
    const sg = securityGroupResult(ctx, key, members, network, groupsById);
    if (sg.status !== 'pass') open = false;
    results.push(sg);
    // The ACL is its own hop: checked (where readable) whatever the groups say, so both breaks show at once.
    const acl = aclResults(ctx, members, eni, network);
    if (acl.some((r) => r.status !== 'pass')) open = false;
    results.push(...acl);
  }
  return { results, open };
}

/** The verdict on one set of security groups shared by some targets. */
function securityGroupResult(ctx: ChainContext, key: string, members: readonly TargetPath[], network: TargetNetworkRead, groupsById: ReadonlyMap<string, SecurityGroupInfo> | null): CheckResult {
  const ids = key === '' ? [] : key.split(',');
  const first = members[0] as TargetPath;
  const resource = ids[0] === undefined ? first.targetGroup : ec2Arn(ctx, 'security-group', ids[0]);
  if (groupsById === null) {
    const failure = network.securityGroups;
    return failure !== null && isReadFailure(failure) ? skipRead(resource, failure, `security groups ${list(ids)}`) : skip(resource, `Skipped: security groups ${list(ids)} were not read.`);
  }
  const missing = ids.filter((id) => !groupsById.has(id));
  if (missing.length > 0) return skip(resource, `Skipped: DescribeSecurityGroups did not return ${list(missing)}, so the ingress of targets ${list(members.map((m) => m.id))} is not checked.`);
  const permissions: IpPermissionInfo[] = ids.flatMap((id) => [...(groupsById.get(id)?.IpPermissions ?? [])]);
  const names = ids.map((id) => {
    const name = groupsById.get(id)?.GroupName;
    return name === undefined ? id : `${id} (${name})`;
  });
  const lbGroups = [...(first.loadBalancer.SecurityGroups ?? [])];
  const problem = ingressProblem(ctx, { ids, names, resource, members, permissions, lbGroups });
  if (problem !== null) return problem;
  const cidrs = [...new Set(members.flatMap((m) => m.cidrs.map((c) => c.cidr)))];
  return {
    id: ID,
    status: 'pass',
    resource,
    message: `Security group${ids.length === 1 ? '' : 's'} ${list(names)} of target(s) ${list(members.map((m) => m.id))} admit ${portsLabel(first.ports, first.ports[0] ?? 0)} from the load balancer's subnets ${list(cidrs)}.`,
  };
}

function ingressProblem(
  ctx: ChainContext,
  g: { ids: readonly string[]; names: readonly string[]; resource: string; members: readonly TargetPath[]; permissions: readonly IpPermissionInfo[]; lbGroups: readonly string[] },
): CheckResult | null {
  const first = g.members[0] as TargetPath;
  const traffic = first.ports[0] ?? 0;
  const cidrs = [...new Map(g.members.flatMap((m) => m.cidrs).map((c) => [c.cidr, c])).values()];
  const blockedByPort = new Map<number, string[]>();
  const unsure: string[] = [];
  for (const port of first.ports) {
    for (const { cidr } of cidrs) {
      const verdict = ingressAdmits(g.permissions, port, cidr, g.lbGroups);
      if (verdict.admitted === true) continue;
      if (verdict.admitted === 'unknown') unsure.push(`tcp/${port} from ${cidr} only via ${verdict.because}`);
      else blockedByPort.set(port, [...(blockedByPort.get(port) ?? []), cidr]);
    }
  }
  if (blockedByPort.size === 0 && unsure.length === 0) return null;
  const targets = list(g.members.map((m) => m.id));
  const groupWord = g.ids.length === 1 ? `security group ${list(g.names)}` : `security groups ${list(g.names)}`;
  if (blockedByPort.size === 0) {
    return skip(g.resource, `Skipped: ${groupWord} of target(s) ${targets} admit ${list(unsure)}: not proven either way; check that it holds the load balancer's subnets.`);
  }
  const blockedPorts = [...blockedByPort.keys()];
  const blockedCidrs = [...new Set([...blockedByPort.values()].flat())];
  const admittedSome = cidrs.filter((c) => !blockedCidrs.includes(c.cidr)).map((c) => c.cidr);
  const lbName = first.loadBalancer.LoadBalancerName ?? shortName(first.loadBalancer.LoadBalancerArn ?? '');
  const groupId = g.ids[0] ?? '<security-group-id>';
  const permissions: JsonValue[] = blockedPorts.map((port): JsonObject => {
    const sources = blockedByPort.get(port) ?? [];
    return {
      IpProtocol: 'tcp',
      FromPort: port,
      ToPort: port,
      // A load balancer with security groups is best admitted by its group: that survives new subnets.
      ...(g.lbGroups.length > 0
        ? { UserIdGroupPairs: g.lbGroups.map((id): JsonObject => ({ GroupId: id, Description: `from load balancer ${lbName}` })) }
        : { IpRanges: sources.map((cidr): JsonObject => ({ CidrIp: cidr, Description: `load balancer ${lbName} subnet` })) }),
    };
  });
  const request = sdkRequest('ec2', 'AuthorizeSecurityGroupIngress', ctx.region, { GroupId: groupId, IpPermissions: permissions });
  // One rule per blocked port and source, so the template admits every subnet the request does.
  const rules = permissions.flatMap((perm) => {
    const p = perm as JsonObject;
    const port = Number(p['FromPort']);
    const sources = g.lbGroups.length > 0 ? g.lbGroups.map((id) => ({ group: id })) : (blockedByPort.get(port) ?? []).map((cidr) => ({ cidr }));
    return sources.map((source) => ({ port, ...source }));
  });
  const ruleName = (i: number): string => (rules.length === 1 ? 'from_nlb' : `from_nlb_${i + 1}`);
  const cdk = rules.map((r) => `taskSecurityGroup.addIngressRule(${'group' in r ? `ec2.Peer.securityGroupId('${r.group}')` : `ec2.Peer.ipv4('${r.cidr}')`}, ec2.Port.tcp(${r.port}), 'from the NLB (API Gateway VPC link)');`).join('\n');
  const cloudFormation = rules.map((r, i) =>
    `${ruleName(i).replace(/(^|_)(\w)/g, (_m, _u: string, c: string) => c.toUpperCase())}:\n  Type: AWS::EC2::SecurityGroupIngress\n  Properties:\n    GroupId: ${groupId}\n    IpProtocol: tcp\n    FromPort: ${r.port}\n    ToPort: ${r.port}\n    ${'group' in r ? `SourceSecurityGroupId: ${r.group}` : `CidrIp: ${r.cidr}`}`).join('\n');
  const terraform = rules.map((r, i) =>
    `resource "aws_vpc_security_group_ingress_rule" "${ruleName(i)}" {\n  security_group_id            = "${groupId}"\n  ip_protocol                  = "tcp"\n  from_port                    = ${r.port}\n  to_port                      = ${r.port}\n  ${'group' in r ? `referenced_security_group_id = "${r.group}"` : `cidr_ipv4                    = "${r.cidr}"`}\n}`).join('\n');
  const lines = blockedPorts.map((p) => `tcp/${p}${first.ports.length > 1 ? (p === traffic ? ' (traffic)' : ' (health checks)') : ''}`);
  return fail(
      g.resource,
      `${groupWord[0]?.toUpperCase() ?? ''}${groupWord.slice(1)} of target${g.members.length === 1 ? '' : 's'} ${targets} admit${g.ids.length === 1 ? 's' : ''} no traffic on ${list(lines)} ` +
        `from the load balancer's subnets ${list(blockedCidrs)}${admittedSome.length > 0 ? ` (only from ${list(admittedSome)})` : ''}` +
        `${g.lbGroups.length > 0 ? ` nor from its security group ${list(g.lbGroups)}` : ''}: ` +
        `the health checks of ${lbName} and the requests ${ctx.via} sends cannot reach ${g.members.length === 1 ? 'it' : 'them'}, so the targets are unhealthy and requests time out.`,
      {
        requests: [request],
        cli: requestCommand(request),
        iac: iacText({
          cdk,
          cloudFormation,
          terraform,
        }),
      },
    );
}

/** The network ACL of each target's subnet: inbound from the load balancer on the ports, outbound back to it. */
function aclResults(ctx: ChainContext, members: readonly TargetPath[], enis: readonly NetworkInterfaceInfo[], network: TargetNetworkRead): CheckResult[] {
  const subnetIds = [...new Set(enis.map((e) => e.SubnetId).filter((s): s is string => s !== undefined))];
  if (network.networkAcls === null) return [];
  if (isReadFailure(network.networkAcls)) return [skipRead(members[0]?.targetGroup ?? '', network.networkAcls, `the network ACLs of subnets ${list(subnetIds)}`)];
  const acls = network.networkAcls;
  const out: CheckResult[] = [];
  for (const subnetId of subnetIds) {
    const acl = acls.find((a) => (a.Associations ?? []).some((s) => s.SubnetId === subnetId));
    const inSubnet = members.filter((_, i) => enis[i]?.SubnetId === subnetId);
    const targets = list(inSubnet.map((m) => m.id));
    if (acl?.NetworkAclId === undefined) {
      out.push(skip(members[0]?.targetGroup ?? '', `Skipped: no network ACL of subnet ${subnetId} was returned, so the ACL of target(s) ${targets} is not checked.`));
      continue;
    }
    const resource = ec2Arn(ctx, 'network-acl', acl.NetworkAclId);
    const sources = [...new Set(inSubnet.flatMap((m) => m.cidrs.filter((c) => c.subnetId !== subnetId).map((c) => c.cidr)))];
    const ports = inSubnet[0]?.ports ?? [];
    const problems: { egress: boolean; cidr: string; from: number; to: number; verdict: AclVerdict }[] = [];
    for (const cidr of sources) {
      for (const port of ports) {
        const inbound = aclDecision(acl.Entries ?? [], false, cidr, port, port);
        if (inbound.action !== 'allow') problems.push({ egress: false, cidr, from: port, to: port, verdict: inbound });
      }
      const outbound = aclDecision(acl.Entries ?? [], true, cidr, EPHEMERAL.from, EPHEMERAL.to);
      if (outbound.action !== 'allow') problems.push({ egress: true, cidr, from: EPHEMERAL.from, to: EPHEMERAL.to, verdict: outbound });
    }
    if (problems.length === 0) {
      out.push({ id: ID, status: 'pass', resource, message: `Network ACL ${acl.NetworkAclId} of subnet ${subnetId} lets the load balancer's traffic in (${list(ports.map((p) => `tcp/${p}`))}) and the answers out.` });
      continue;
    }
    const denied = problems.filter((p) => p.verdict.action === 'deny');
    if (denied.length === 0) {
      out.push(skip(resource, `Skipped: network ACL ${acl.NetworkAclId} of subnet ${subnetId}: ${problems.map((p) => (p.verdict.action === 'unknown' ? p.verdict.because : '')).join('; ')}.`));
      continue;
    }
    const requests: SdkRequest[] = [];
    const taken = [...(acl.Entries ?? [])];
    for (const p of denied) {
      const rule = p.verdict.action === 'deny' ? p.verdict.rule : 32_767;
      const number = freeRuleNumber(taken, p.egress, rule);
      if (number === null) continue;
      taken.push({ RuleNumber: number, Egress: p.egress });
      requests.push(sdkRequest('ec2', 'CreateNetworkAclEntry', ctx.region, {
        NetworkAclId: acl.NetworkAclId, RuleNumber: number, Protocol: '6', RuleAction: 'allow', Egress: p.egress, CidrBlock: p.cidr, PortRange: { From: p.from, To: p.to },
      }));
    }
    const what = denied.map((p) => {
      const rule = p.verdict.action === 'deny' ? `rule ${p.verdict.rule === 32_767 ? '* (the default deny)' : p.verdict.rule}` : 'a rule';
      return p.egress ? `outbound tcp/${p.from}-${p.to} to ${p.cidr} (the answers) by ${rule}` : `inbound tcp/${p.from} from ${p.cidr} by ${rule}`;
    });
    out.push(fail(resource, `Network ACL ${acl.NetworkAclId} of subnet ${subnetId} (target${inSubnet.length === 1 ? '' : 's'} ${targets}) denies ${list(what)}: the load balancer's health checks and ${ctx.via}'s requests are dropped, so the targets are unhealthy.`, {
      requests,
      cli: requests.map(requestCommand).join('\n'),
      iac: iacText({
        cdk: `new ec2.NetworkAclEntry(this, 'FromNlb', { networkAcl, ruleNumber: ${String(requests[0]?.input['RuleNumber'] ?? 100)}, traffic: ec2.AclTraffic.tcpPort(${ports[0] ?? 0}), direction: ec2.TrafficDirection.INGRESS, cidr: ec2.AclCidr.ipv4('${sources[0] ?? ''}'), ruleAction: ec2.Action.ALLOW });`,
        cloudFormation: `Type: AWS::EC2::NetworkAclEntry\nProperties:\n  NetworkAclId: ${acl.NetworkAclId}\n  RuleNumber: ${String(requests[0]?.input['RuleNumber'] ?? 100)}\n  Protocol: 6\n  RuleAction: allow\n  Egress: false\n  CidrBlock: ${sources[0] ?? ''}\n  PortRange: { From: ${ports[0] ?? 0}, To: ${ports[0] ?? 0} }`,
        terraform: `resource "aws_network_acl_rule" "from_nlb" {\n  network_acl_id = "${acl.NetworkAclId}"\n  rule_number    = ${String(requests[0]?.input['RuleNumber'] ?? 100)}\n  protocol       = "tcp"\n  rule_action    = "allow"\n  egress         = false\n  cidr_block     = "${sources[0] ?? ''}"\n  from_port      = ${ports[0] ?? 0}\n  to_port        = ${ports[0] ?? 0}\n}`,
      }),
    }));
  }
  return out;
}

/**
 * The results of the chain behind a link: one per load balancer (state and listener), one per target
 * group (health), and for the unhealthy targets one per set of security groups and one per subnet ACL.
 * Exported so an HTTP API VPC link (which may front ALBs and NLBs) judges its chain the same way.
 */
export function checkBackendChain(ctx: ChainContext, chain: BackendChain): CheckResult[] {
  const results: CheckResult[] = [];
  if (isReadFailure(chain.loadBalancers)) {
    const resource = chain.loadBalancerArns[0] ?? '';
    if (chain.loadBalancers.kind === 'not_found') {
      return [fail(resource, `The load balancer ${list(chain.loadBalancerArns)} that ${ctx.via} sends to does not exist (deleted?): every request through the link fails. (${chain.loadBalancers.message})`, {
        requests: [],
        cli: '# re-create the Network Load Balancer (or find the one that replaced it) and re-create the VPC link with its ARN',
        iac: '',
      })];
    }
    return [skipRead(resource, chain.loadBalancers, `load balancer ${list(chain.loadBalancerArns)}, so nothing behind ${ctx.via}`)];
  }
  if (chain.loadBalancers.length === 0) return [skip(ctx.resource, `Skipped: ${ctx.via} names no load balancer, so there is no chain to follow.`)];
  const paths: TargetPath[] = [];
  const health: TargetGroupHealth[] = [];
  for (const hop of chain.loadBalancers) {
    const lb = loadBalancerResult(ctx, hop, chain.port);
    if (lb !== null) results.push(lb);
    if (chain.port === null && hop.loadBalancer !== null) {
      results.push(skip(hop.arn, `Skipped: the integration URI does not name a port (a stage variable?), so the listener of ${hop.loadBalancer.LoadBalancerName ?? hop.arn} it uses cannot be picked.`));
    }
    if (hop.targetGroupInfo !== null && isReadFailure(hop.targetGroupInfo)) {
      results.push(skipRead(hop.arn, hop.targetGroupInfo, `the target groups of ${hop.loadBalancer?.LoadBalancerName ?? hop.arn} (target type and health-check port); the traffic port is checked alone`));
    }
    const infos = hop.targetGroupInfo === null || isReadFailure(hop.targetGroupInfo) ? [] : hop.targetGroupInfo;
    const subnets = chain.network?.loadBalancerSubnets;
    const subnetList = subnets === undefined || subnets === null || isReadFailure(subnets) ? [] : subnets;
    const cidrs = (hop.loadBalancer?.AvailabilityZones ?? []).flatMap((z) => {
      const subnet = subnetList.find((s) => s.SubnetId === z.SubnetId);
      return subnet?.CidrBlock === undefined || z.SubnetId === undefined ? [] : [{ subnetId: z.SubnetId, cidr: subnet.CidrBlock }];
    });
    for (const group of hop.targetGroups) {
      health.push(group);
      if (isReadFailure(group.targets) || hop.loadBalancer === null) continue;
      const info = infos.find((i) => i.TargetGroupArn === group.targetGroupArn);
      for (const target of group.targets) {
        if (target.TargetHealth?.State !== 'unhealthy' || target.Target?.Id === undefined) continue;
        const id = target.Target.Id;
        const type = targetTypeOf(info, id);
        if (type !== 'ip' && type !== 'instance') continue;
        const trafficPort = target.Target.Port ?? info?.Port ?? chain.port ?? 0;
        const hc = healthCheckPort(info, trafficPort);
        paths.push({ id, ports: hc === trafficPort ? [trafficPort] : [trafficPort, hc], loadBalancer: hop.loadBalancer, cidrs, targetGroup: group.targetGroupArn });
      }
    }
  }
  let networkOpen = false;
  const network: CheckResult[] = [];
  if (paths.length > 0 && chain.network !== null) {
    const evaluated = securityGroupResults(ctx, paths, chain.network);
    network.push(...evaluated.results);
    // Without the target groups' health-check port only the traffic port was checked: not proof the path is open.
    const healthCheckPortKnown = chain.loadBalancers.every((h) => h.targetGroupInfo === null || !isReadFailure(h.targetGroupInfo));
    networkOpen = evaluated.open && evaluated.results.length > 0 && healthCheckPortKnown;
  }
  results.push(...health.map((group) => targetHealthResult(ctx, group, networkOpen)), ...network);
  return results;
}

/** The finding details of the classifier's `host-name-mismatch` rule, for one method's failing requests. */
function hostNameResults(input: VpcLinkHealthInput): CheckResult[] {
  const mismatches = input.hostNameMismatches ?? [];
  const first = mismatches[0];
  if (first === undefined) return [];
  const resource = input.method === undefined ? vpcLinkArn(input.stage.region, input.vpcLinkId) : methodLabel(input.method);
  // A plain host name in the subject (CN=api.internal.example.com) is a name the integration can use; a wildcard is not.
  const cn = /CN=([^,\s)]+)/i.exec(first.certificateSubject)?.[1];
  const usable = cn !== undefined && /^[a-z0-9.-]+$/i.test(cn) && cn.includes('.');
  const uri = input.integrationUri;
  const moved = usable && uri !== undefined ? uri.replace(/^(https:\/\/)(\[[^\]]+\]|[^/:?#]+)/i, `$1${cn}`) : null;
  const requests = moved !== null && moved !== uri && input.method !== undefined
    ? [updateIntegrationRequest(input.stage, input.method, { op: 'replace', path: '/uri', value: moved }), createDeploymentRequest(input.stage)]
    : [];
  return [fail(
    resource,
    `API Gateway called host '${first.host}' through VPC link ${input.vpcLinkId}, but the certificate the backend presented is for ${first.certificateSubject}: ` +
      `the host name in the integration URI must be one the certificate names (API Gateway verifies it), so every HTTPS request fails with 500.`,
    {
      requests,
      cli: [
        ...(requests.length > 0 ? [`# use the name the certificate is for (${cn ?? ''}) in the integration URI (for a VPC link it sets the Host header and the name verified, not where the request goes), and redeploy:`, ...requests.map(requestCommand)] : []),
        `# or re-issue the backend's certificate to include ${first.host} (e.g. in ACM, then update the NLB's TLS listener or the target's certificate)`,
      ].join('\n'),
      iac: '',
    },
  )];
}

/**
 * One result for the link (fail when missing or not AVAILABLE); when the chain was followed, the
 * results of every hop behind it ({@link checkBackendChain}); and a fail for a TLS host-name mismatch
 * the failing requests show. Failures and warnings support `network_or_vpc_link`.
 */
export function checkVpcLinkHealth(input: VpcLinkHealthInput): CheckResult[] {
  const link = linkResult(input);
  const ctx: ChainContext = {
    region: input.stage.region,
    account: input.stage.account,
    via: `VPC link ${input.vpcLinkId}`,
    resource: link.resource,
    ...(input.method === undefined || input.integrationUri === undefined ? {} : { integration: { stage: input.stage, method: input.method, uri: input.integrationUri } }),
  };
  const chain = link.status === 'pass' && input.backend !== undefined ? checkBackendChain(ctx, input.backend) : [];
  return [link, ...chain, ...hostNameResults(input)];
}
