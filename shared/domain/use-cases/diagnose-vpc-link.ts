/**
 * Reads the backend chain behind a VPC link for `vpc-link-health` (shared/domain/checks/vpc-link-health.ts
 * judges it): load balancers → the listener for the integration's port → its target groups → target
 * health → for unhealthy targets, their network interfaces, security groups, the load balancer's
 * subnets and the targets' network ACLs. Every read is through the port and resolves to a value or
 * the failure that stopped the hop (the check turns failures into skips).
 *
 * Budget: read only for in-depth methods (the failing requests point at them), once per (link, port)
 * however many methods share it (memoised here; the reader memoises identical calls as well).
 * Calls per link: 3 + T when every target is healthy (DescribeLoadBalancers, DescribeListeners,
 * DescribeTargetGroups, one DescribeTargetHealth per forwarded target group), and at most 4 more
 * when some are not (DescribeNetworkInterfaces, DescribeSubnets, DescribeSecurityGroups,
 * DescribeNetworkAcls; one more DescribeNetworkInterfaces when ip and instance targets are mixed).
 * Lists are bounded: {@link MAX_LOAD_BALANCERS}, {@link MAX_TARGET_GROUPS}, {@link MAX_EXAMINED_TARGETS}.
 */
import type {
  AccountReader,
  IntegrationInfo,
  LoadBalancerInfo,
  NetworkInterfaceInfo,
  ReadFailure,
  TargetGroupInfo,
  VpcLinkInfo,
} from '../../ports/account-reader.ts';
import type { Finding } from '../model.ts';
import type { CheckInput, MethodRef, StageRef } from '../checks/check-support.ts';
import { isReadFailure } from '../checks/check-support.ts';
import {
  forwardedTargetGroups,
  targetTypeOf,
  type BackendChain,
  type HostNameMismatch,
  type LoadBalancerHop,
  type TargetGroupHealth,
  type TargetNetworkRead,
  type VpcLinkHealthInput,
} from '../checks/vpc-link-health.ts';

/** Load balancers followed per chain (a REST VPC link names exactly one). */
export const MAX_LOAD_BALANCERS = 5;
/** Target groups followed per listener (a weighted forward names at most 5). */
export const MAX_TARGET_GROUPS = 5;
/** Unhealthy targets whose network path is looked up per chain (in one batched call per kind). */
export const MAX_EXAMINED_TARGETS = 20;

/** The reads the chain makes: narrower than the whole port, so an HTTP API diagnosis (or a test) can pass any reader that has them. */
export type BackendChainReader = Pick<
  AccountReader,
  | 'describeLoadBalancers'
  | 'describeListeners'
  | 'describeTargetGroups'
  | 'describeTargetHealth'
  | 'describeNetworkInterfaces'
  | 'describeSecurityGroups'
  | 'describeSubnets'
  | 'describeNetworkAcls'
>;

/** What {@link readBackendChain} follows: the load balancers traffic enters and the port it is sent to. */
export interface BackendChainRequest {
  readonly loadBalancerArns: readonly string[];
  /** The listener port; null when unknown (then only the load balancers' state is read). */
  readonly port: number | null;
}

/**
 * The port an integration URI calls: `http://nlb-dns:8080/x` → 8080; without a port, 80 for http and
 * 443 for https. Null when the URI has no literal host and scheme (e.g. `${stageVariables.url}`).
 */
export function integrationPort(uri: string | undefined): number | null {
  if (uri === undefined) return null;
  const m = /^(https?):\/\/(\[[^\]]+\]|[^/:?#$]+)(?::(\d{1,5}))?(?:[/?#]|$)/i.exec(uri.trim());
  if (m === null) return null;
  if (m[3] !== undefined) {
    const port = Number(m[3]);
    return port >= 1 && port <= 65_535 ? port : null;
  }
  return (m[1] ?? '').toLowerCase() === 'https' ? 443 : 80;
}

function valueOr<T>(read: { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ReadFailure }): CheckInput<T> {
  return read.ok ? read.value : read.error;
}

function sorted(values: Iterable<string>): string[] {
  return [...new Set(values)].filter((v) => v !== '').sort();
}

/** One load balancer: its listeners and target groups, then the health of the listener's target groups. */
async function readHop(reader: BackendChainReader, arn: string, found: readonly LoadBalancerInfo[], port: number | null): Promise<LoadBalancerHop> {
  const loadBalancer = found.find((lb) => lb.LoadBalancerArn === arn) ?? null;
  const state = (loadBalancer?.State?.Code ?? '').toLowerCase();
  // A load balancer that is gone or not active is the broken hop: nothing behind it is worth a call.
  if (loadBalancer === null || (state !== 'active' && state !== 'active_impaired') || port === null) {
    return { arn, loadBalancer, listeners: null, targetGroupInfo: null, targetGroups: [] };
  }
  const [listenersRead, groupsRead] = await Promise.all([reader.describeListeners(arn), reader.describeTargetGroups(arn)]);
  const listeners = valueOr(listenersRead);
  const listener = isReadFailure(listeners) ? undefined : listeners.find((l) => l.Port === port);
  const forwarded = listener === undefined ? [] : forwardedTargetGroups(listener).slice(0, MAX_TARGET_GROUPS);
  const targetGroups: TargetGroupHealth[] = await Promise.all(
    forwarded.map(async (targetGroupArn) => ({ targetGroupArn, targets: valueOr(await reader.describeTargetHealth(targetGroupArn)) })),
  );
  return { arn, loadBalancer, listeners, targetGroupInfo: valueOr(groupsRead), targetGroups };
}

/** The EC2 reads for the unhealthy targets: interfaces (by IP and by instance), the load balancers' subnets, then groups and ACLs. */
async function readNetwork(reader: BackendChainReader, hops: readonly LoadBalancerHop[]): Promise<TargetNetworkRead | null> {
  const ips: string[] = [];
  const instances: string[] = [];
  for (const hop of hops) {
    const infos: readonly TargetGroupInfo[] = hop.targetGroupInfo === null || isReadFailure(hop.targetGroupInfo) ? [] : hop.targetGroupInfo;
    for (const group of hop.targetGroups) {
      if (isReadFailure(group.targets)) continue;
      const info = infos.find((i) => i.TargetGroupArn === group.targetGroupArn);
      for (const target of group.targets) {
        const id = target.Target?.Id;
        if (target.TargetHealth?.State !== 'unhealthy' || id === undefined) continue;
        const type = targetTypeOf(info, id);
        if (type === 'ip') ips.push(id);
        else if (type === 'instance') instances.push(id);
      }
    }
  }
  // Bounded: the first targets (sorted, so the same account always costs the same calls) stand for the rest.
  const ipList = sorted(ips).slice(0, MAX_EXAMINED_TARGETS);
  const instanceList = sorted(instances).slice(0, Math.max(0, MAX_EXAMINED_TARGETS - ipList.length));
  if (ipList.length === 0 && instanceList.length === 0) return null;
  const subnetIds = sorted(hops.flatMap((h) => (h.loadBalancer?.AvailabilityZones ?? []).map((z) => z.SubnetId ?? '')));
  const [byIp, byInstance, subnetsRead] = await Promise.all([
    ipList.length === 0 ? null : reader.describeNetworkInterfaces([{ Name: 'addresses.private-ip-address', Values: ipList }]),
    instanceList.length === 0 ? null : reader.describeNetworkInterfaces([{ Name: 'attachment.instance-id', Values: instanceList }]),
    subnetIds.length === 0 ? null : reader.describeSubnets(subnetIds),
  ]);
  const failed = [byIp, byInstance].find((r) => r !== null && !r.ok);
  const interfaces: CheckInput<readonly NetworkInterfaceInfo[]> =
    failed !== undefined && failed !== null && !failed.ok ? failed.error : [...(byIp?.ok ? byIp.value : []), ...(byInstance?.ok ? byInstance.value : [])];
  const loadBalancerSubnets = subnetsRead === null ? [] : valueOr(subnetsRead);
  if (isReadFailure(interfaces)) return { interfaces, securityGroups: null, loadBalancerSubnets, networkAcls: null };
  const groupIds = sorted(interfaces.flatMap((eni) => (eni.Groups ?? []).map((g) => g.GroupId ?? '')));
  const targetSubnets = sorted(interfaces.map((eni) => eni.SubnetId ?? ''));
  const [groupsRead, aclsRead] = await Promise.all([
    groupIds.length === 0 ? null : reader.describeSecurityGroups(groupIds),
    targetSubnets.length === 0 ? null : reader.describeNetworkAcls(targetSubnets),
  ]);
  return {
    interfaces,
    securityGroups: groupsRead === null ? null : valueOr(groupsRead),
    loadBalancerSubnets,
    networkAcls: aclsRead === null ? null : valueOr(aclsRead),
  };
}

/**
 * Follows the chain from load balancer ARNs and a listener port: `readBackendChain(reader,
 * { loadBalancerArns, port })` → {@link BackendChain}, the input of `checkBackendChain`. Exported for
 * HTTP API VPC links too (their integration URI is a listener ARN: pass its load balancer and port).
 * Never rejects: each failed read is kept in the hop it stopped.
 */
export async function readBackendChain(reader: BackendChainReader, request: BackendChainRequest): Promise<BackendChain> {
  const loadBalancerArns = sorted(request.loadBalancerArns).slice(0, MAX_LOAD_BALANCERS);
  const base = { port: request.port, loadBalancerArns };
  if (loadBalancerArns.length === 0) return { ...base, loadBalancers: [], network: null };
  const described = await reader.describeLoadBalancers(loadBalancerArns);
  if (!described.ok) return { ...base, loadBalancers: described.error, network: null };
  const hops = await Promise.all(loadBalancerArns.map((arn) => readHop(reader, arn, described.value, request.port)));
  return { ...base, loadBalancers: hops, network: await readNetwork(reader, hops) };
}

/** The VPC-link chains of one diagnosis: read once per (link, port), reported by one method. */
export interface VpcLinkChains {
  /** The chain for this method's link and port, or null when this method is not the one that reports it. */
  forMethod(method: MethodRef, integration: IntegrationInfo, link: VpcLinkInfo): Promise<BackendChain> | null;
}

function methodKey(method: MethodRef): string {
  return `${method.httpMethod} ${method.resourceId}`;
}

/**
 * Chains for the in-depth methods of one diagnosis. Methods sharing a link and port share one read
 * (memoised), and only the first of them in `inDepth` order reports it, so the results (and the
 * calls) are per link, not per method, and do not depend on which read finishes first.
 */
export function createVpcLinkChains(reader: BackendChainReader, inDepth: readonly { readonly method: MethodRef; readonly integration: IntegrationInfo | null }[]): VpcLinkChains {
  const owners = new Map<string, string>();
  for (const m of inDepth) {
    if (m.integration?.connectionType !== 'VPC_LINK' || m.integration.connectionId === undefined) continue;
    const key = `${m.integration.connectionId}@${integrationPort(m.integration.uri) ?? ''}`;
    if (!owners.has(key)) owners.set(key, methodKey(m.method));
  }
  const memo = new Map<string, Promise<BackendChain>>();
  return {
    forMethod(method, integration, link) {
      const port = integrationPort(integration.uri);
      if (owners.get(`${integration.connectionId ?? ''}@${port ?? ''}`) !== methodKey(method)) return null;
      const request = { loadBalancerArns: link.targetArns ?? [], port };
      const key = `${sorted(request.loadBalancerArns).join(',')}@${port ?? ''}`;
      const pending = memo.get(key) ?? readBackendChain(reader, request);
      memo.set(key, pending);
      return pending;
    },
  };
}

/** What {@link vpcLinkHealthInput} needs for one method of a VPC_LINK integration. */
export interface VpcLinkMethod {
  readonly stage: StageRef;
  readonly method: MethodRef;
  readonly integration: IntegrationInfo;
  /** GetVpcLink as read (null = no such link). */
  readonly link: CheckInput<VpcLinkInfo | null>;
  /** The failing requests of the window (host-name mismatches of this method are taken from them). */
  readonly findings: readonly Finding[];
}

/** The classifier's host-name mismatches among the findings that belong to this method (or name no method). */
export function hostNameMismatchesOf(findings: readonly Finding[], method: MethodRef): HostNameMismatch[] {
  const out: HostNameMismatch[] = [];
  for (const f of findings) {
    const host = f.details['host'];
    const subject = f.details['certificateSubject'];
    if (typeof host !== 'string' || typeof subject !== 'string') continue;
    const verb = f.details['method'];
    const path = f.details['resourcePath'];
    const mine = (typeof verb !== 'string' || verb === method.httpMethod || method.httpMethod === 'ANY') && (typeof path !== 'string' || path === method.resourcePath);
    if (mine && !out.some((m) => m.host === host && m.certificateSubject === subject)) out.push({ host, certificateSubject: subject });
  }
  return out;
}

/**
 * The check input for one method's VPC link: the link as read and, when the link is AVAILABLE and
 * this method reports its chain ({@link createVpcLinkChains}), the chain behind it.
 */
export async function vpcLinkHealthInput(chains: VpcLinkChains, m: VpcLinkMethod): Promise<VpcLinkHealthInput> {
  const vpcLinkId = m.integration.connectionId ?? '';
  const uri = m.integration.uri;
  const mismatches = hostNameMismatchesOf(m.findings, m.method);
  const input: VpcLinkHealthInput = {
    stage: m.stage,
    vpcLinkId,
    vpcLink: m.link,
    method: m.method,
    ...(uri === undefined ? {} : { integrationUri: uri }),
    ...(mismatches.length === 0 ? {} : { hostNameMismatches: mismatches }),
  };
  const link = m.link;
  if (link === null || isReadFailure(link) || (link.status ?? '').toUpperCase() !== 'AVAILABLE') return input;
  const pending = chains.forMethod(m.method, m.integration, link);
  return pending === null ? input : { ...input, backend: await pending };
}

/** The identifiers a chain touched (link, load balancers, target groups, security groups, ACLs), for matching CloudTrail events. */
export function chainResources(input: VpcLinkHealthInput): string[] {
  const out = new Set<string>([input.vpcLinkId]);
  const backend = input.backend;
  if (backend !== undefined) {
    for (const arn of backend.loadBalancerArns) out.add(arn);
    if (!isReadFailure(backend.loadBalancers)) {
      for (const hop of backend.loadBalancers) {
        for (const group of hop.targetGroups) out.add(group.targetGroupArn);
        if (hop.listeners !== null && !isReadFailure(hop.listeners)) for (const l of hop.listeners) if (l.ListenerArn !== undefined) out.add(l.ListenerArn);
      }
    }
    const network = backend.network;
    if (network !== null) {
      if (!isReadFailure(network.interfaces)) {
        for (const eni of network.interfaces) {
          for (const g of eni.Groups ?? []) if (g.GroupId !== undefined) out.add(g.GroupId);
          if (eni.NetworkInterfaceId !== undefined) out.add(eni.NetworkInterfaceId);
        }
      }
      if (network.networkAcls !== null && !isReadFailure(network.networkAcls)) for (const acl of network.networkAcls) if (acl.NetworkAclId !== undefined) out.add(acl.NetworkAclId);
    }
  }
  return [...out].filter((v) => v !== '');
}
