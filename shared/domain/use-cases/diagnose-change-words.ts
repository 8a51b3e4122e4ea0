/**
 * What a CloudTrail management event did, in the words an incident review uses: "revoked
 * 10.0.0.0/24:8080 on sg-0a1b2c3d", "removed permission orders-read from orders-handler", "set reserved
 * concurrency of reports to 0". Read from the event's own `requestParameters` (CloudTrail writes EC2
 * lists as `{ items: [...] }`, ELBv2 and Lambda ones as plain arrays). Null when the event is not one
 * these words know; the caller then falls back to the event name and its resources.
 * Pure: parses the event text only.
 */
import type { CloudTrailEventInfo } from '../../ports/account-reader.ts';
import type { JsonValue } from '../model.ts';
import { jsonField as field, parseEventDetail as parseDetail } from './cloudtrail-detail.ts';

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** A list written either way: `{ items: [...] }` (EC2) or `[...]`. */
function list(value: JsonValue | undefined): readonly JsonValue[] {
  if (Array.isArray(value)) return value as readonly JsonValue[];
  const items = field(value, 'items');
  return Array.isArray(items) ? (items as readonly JsonValue[]) : [];
}

/** `arn:…:function:orders:live` → `orders:live`; a name stays as it is. */
function functionLabel(value: string): string {
  const at = value.indexOf(':function:');
  return at === -1 ? value : value.slice(at + ':function:'.length);
}

/** `arn:…:targetgroup/orders-tg/0123abcd` → `orders-tg`; `…:loadbalancer/net/orders-nlb/…` → `orders-nlb`. */
function elbName(arn: string): string {
  const tg = /:targetgroup\/([^/]+)/.exec(arn);
  if (tg?.[1] !== undefined) return tg[1];
  const lb = /:loadbalancer\/(?:net|app|gwy)\/([^/]+)/.exec(arn);
  if (lb?.[1] !== undefined) return lb[1];
  const listener = /:listener\/(?:net|app|gwy)\/([^/]+)\/[^/]+\/([^/]+)$/.exec(arn);
  return listener?.[1] !== undefined ? `${listener[1]} listener ${listener[2] ?? ''}`.trim() : arn;
}

function ports(p: JsonValue): string {
  const protocol = text(field(p, 'ipProtocol'));
  if (protocol === '-1') return 'all traffic';
  const from = text(field(p, 'fromPort'));
  const to = text(field(p, 'toPort'));
  if (from === undefined) return protocol ?? 'any port';
  return from === to || to === undefined ? from : `${from}-${to}`;
}

/** `10.0.0.0/24:8080`, `sg-0aa:443`, `pl-12:443`, `0.0.0.0/0 all traffic` for each source of each rule. */
function ingressRules(parameters: JsonValue | undefined): string[] {
  const out: string[] = [];
  for (const p of list(field(parameters, 'ipPermissions'))) {
    const port = ports(p);
    const join = (source: string): string => (port === 'all traffic' ? `${source} (all traffic)` : `${source}:${port}`);
    for (const r of list(field(p, 'ipRanges'))) out.push(join(text(field(r, 'cidrIp')) ?? '?'));
    for (const r of list(field(p, 'ipv6Ranges'))) out.push(join(text(field(r, 'cidrIpv6')) ?? '?'));
    for (const g of list(field(p, 'groups'))) out.push(join(text(field(g, 'groupId')) ?? '?'));
    for (const l of list(field(p, 'prefixListIds'))) out.push(join(text(field(l, 'prefixListId')) ?? '?'));
  }
  return out;
}

function targets(parameters: JsonValue | undefined): string {
  const names = list(field(parameters, 'targets')).map((t) => {
    const id = text(field(t, 'id')) ?? '?';
    const port = text(field(t, 'port'));
    return port === undefined ? id : `${id}:${port}`;
  });
  return names.length === 0 ? 'targets' : names.join(', ');
}

/** The event's action in words, or null when these words do not cover it. */
export function changeSummary(event: CloudTrailEventInfo): string | null {
  const name = (event.EventName ?? '').replace(/\d{8}(?:v\d+)?$/, '');
  const parameters = field(parseDetail(event), 'requestParameters');
  const p = (key: string): string | undefined => text(field(parameters, key));
  const fn = p('functionName') === undefined ? undefined : functionLabel(p('functionName') ?? '');
  switch (name) {
    case 'RevokeSecurityGroupIngress':
    case 'AuthorizeSecurityGroupIngress': {
      const verb = name === 'RevokeSecurityGroupIngress' ? 'revoked' : 'authorized';
      const group = p('groupId') ?? p('groupName') ?? 'a security group';
      const rules = ingressRules(parameters);
      const ruleIds = list(field(parameters, 'securityGroupRuleIds')).flatMap((r) => (typeof r === 'string' ? [r] : []));
      const what = rules.length > 0 ? rules.join(', ') : ruleIds.length > 0 ? `rule ${ruleIds.join(', ')}` : 'ingress';
      return `${verb} ${what} on ${group}`;
    }
    case 'ModifySecurityGroupRules':
      return `changed the rules of ${p('groupId') ?? 'a security group'}`;
    case 'RemovePermission':
      return fn === undefined ? null : `removed permission ${p('statementId') ?? '?'} from ${fn}${p('qualifier') === undefined ? '' : `:${p('qualifier') ?? ''}`}`;
    case 'AddPermission':
      return fn === undefined ? null : `added permission ${p('statementId') ?? '?'} to ${fn}`;
    case 'PutFunctionConcurrency':
      return fn === undefined ? null : `set reserved concurrency of ${fn} to ${p('reservedConcurrentExecutions') ?? '?'}`;
    case 'DeleteFunctionConcurrency':
      return fn === undefined ? null : `removed the reserved concurrency of ${fn}`;
    case 'UpdateFunctionConfiguration':
      if (fn === undefined) return null;
      return p('timeout') === undefined ? `changed the configuration of ${fn}` : `set the timeout of ${fn} to ${p('timeout') ?? ''} s`;
    case 'DeleteFunction':
      return fn === undefined ? null : `deleted function ${fn}`;
    case 'DeleteAlias':
      return fn === undefined ? null : `deleted alias ${p('name') ?? '?'} of ${fn}`;
    case 'UpdateAlias':
      return fn === undefined ? null : `pointed alias ${p('name') ?? '?'} of ${fn} at version ${p('functionVersion') ?? '?'}`;
    case 'DeregisterTargets':
    case 'RegisterTargets': {
      const group = p('targetGroupArn');
      if (group === undefined) return null;
      return name === 'DeregisterTargets' ? `deregistered ${targets(parameters)} from target group ${elbName(group)}` : `registered ${targets(parameters)} in target group ${elbName(group)}`;
    }
    case 'ModifyTargetGroup': {
      const group = p('targetGroupArn');
      if (group === undefined) return null;
      const changed = ['healthCheckPort', 'healthCheckPath', 'healthCheckProtocol'].flatMap((k) => (p(k) === undefined ? [] : [`${k} ${p(k) ?? ''}`]));
      return `changed target group ${elbName(group)}${changed.length === 0 ? '' : ` (${changed.join(', ')})`}`;
    }
    case 'ModifyListener':
    case 'DeleteListener': {
      const listener = p('listenerArn');
      return listener === undefined ? null : `${name === 'ModifyListener' ? 'changed' : 'deleted'} listener ${elbName(listener)}`;
    }
    case 'DeleteLoadBalancer': {
      const lb = p('loadBalancerArn');
      return lb === undefined ? null : `deleted load balancer ${elbName(lb)}`;
    }
    case 'DeleteVpcLink':
    case 'UpdateVpcLink':
      return p('vpcLinkId') === undefined ? null : `${name === 'DeleteVpcLink' ? 'deleted' : 'changed'} VPC link ${p('vpcLinkId') ?? ''}`;
    case 'CreateDeployment':
      return p('restApiId') === undefined ? null : `deployed API ${p('restApiId') ?? ''}${p('stageName') === undefined ? '' : ` to stage ${p('stageName') ?? ''}`}`;
    case 'UpdateStage':
      return p('restApiId') === undefined ? null : `changed stage ${p('stageName') ?? '?'} of API ${p('restApiId') ?? ''}`;
    default:
      return null;
  }
}
