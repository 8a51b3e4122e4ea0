import { describe, expect, it } from 'vitest';
import {
  chainResources,
  createVpcLinkChains,
  hostNameMismatchesOf,
  integrationPort,
  readBackendChain,
  vpcLinkHealthInput,
  type BackendChainReader,
} from '../../../../shared/domain/use-cases/diagnose-vpc-link.ts';
import { checkVpcLinkHealth } from '../../../../shared/domain/checks/vpc-link-health.ts';
import type {
  Ec2Filter,
  ListenerInfo,
  LoadBalancerInfo,
  NetworkAclInfo,
  NetworkInterfaceInfo,
  Read,
  ReadFailure,
  SecurityGroupInfo,
  SubnetInfo,
  TargetGroupInfo,
  TargetHealthInfo,
} from '../../../../shared/ports/account-reader.ts';
import type { Finding } from '../../../../shared/domain/model.ts';
import { err, ok } from '../../../../shared/domain/result.ts';

const stage = { restApiId: 'a1b2c3', stageName: 'prod', region: 'us-east-1', account: '123456789012' };
const nlb = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/backend/50dc6c495c0c9188';
const tg = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/backend/73e2d6bc24d8a067';
const link = { id: 'vl1234', name: 'backend-link', status: 'AVAILABLE', targetArns: [nlb] };

type Op = keyof BackendChainReader;

/** An in-memory account with the chain's reads; any read can be made to fail. Counts every call. */
interface ChainAccount {
  loadBalancers: LoadBalancerInfo[];
  listeners: ListenerInfo[];
  targetGroups: TargetGroupInfo[];
  health: TargetHealthInfo[];
  interfaces: NetworkInterfaceInfo[];
  groups: SecurityGroupInfo[];
  subnets: SubnetInfo[];
  acls: NetworkAclInfo[];
  failing: Partial<Record<Op, ReadFailure>>;
}

function account(overrides: Partial<ChainAccount> = {}): ChainAccount {
  return {
    loadBalancers: [{ LoadBalancerArn: nlb, LoadBalancerName: 'backend', State: { Code: 'active' }, AvailabilityZones: [{ SubnetId: 'subnet-a' }] }],
    listeners: [{ ListenerArn: `${nlb}/l1`, Port: 8080, Protocol: 'TCP', DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] }],
    targetGroups: [{ TargetGroupArn: tg, TargetType: 'ip', Port: 8080, HealthCheckPort: 'traffic-port' }],
    health: [{ Target: { Id: '10.0.10.5', Port: 8080 }, TargetHealth: { State: 'unhealthy', Reason: 'Target.Timeout' } }],
    interfaces: [{ NetworkInterfaceId: 'eni-1', PrivateIpAddress: '10.0.10.5', SubnetId: 'subnet-t1', Groups: [{ GroupId: 'sg-task' }] }],
    groups: [{ GroupId: 'sg-task', IpPermissions: [] }],
    subnets: [{ SubnetId: 'subnet-a', CidrBlock: '10.0.0.0/24' }],
    acls: [{ NetworkAclId: 'acl-1', Associations: [{ SubnetId: 'subnet-t1' }], Entries: [{ RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' }, { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' }] }],
    failing: {},
    ...overrides,
  };
}

function reader(data: ChainAccount): { reader: BackendChainReader; calls: string[] } {
  const calls: string[] = [];
  const answer = <T>(op: Op, arg: unknown, value: T): Read<T> => {
    calls.push(`${op} ${JSON.stringify(arg)}`);
    const failure = data.failing[op];
    return Promise.resolve(failure === undefined ? ok(value) : err(failure));
  };
  const byFilter = (filters: readonly Ec2Filter[]): NetworkInterfaceInfo[] =>
    data.interfaces.filter((eni) => filters.every((f) => (f.Name === 'addresses.private-ip-address' ? f.Values.includes(eni.PrivateIpAddress ?? '') : f.Values.includes(eni.Attachment?.InstanceId ?? ''))));
  return {
    calls,
    reader: {
      describeLoadBalancers: (arns) => answer('describeLoadBalancers', arns, data.loadBalancers.filter((lb) => arns.includes(lb.LoadBalancerArn ?? ''))),
      describeListeners: (arn) => answer('describeListeners', arn, data.listeners),
      describeTargetGroups: (arn) => answer('describeTargetGroups', arn, data.targetGroups),
      describeTargetHealth: (arn) => answer('describeTargetHealth', arn, data.health),
      describeNetworkInterfaces: (filters) => answer('describeNetworkInterfaces', filters, byFilter(filters)),
      describeSecurityGroups: (ids) => answer('describeSecurityGroups', ids, data.groups.filter((g) => ids.includes(g.GroupId ?? ''))),
      describeSubnets: (ids) => answer('describeSubnets', ids, data.subnets.filter((s) => ids.includes(s.SubnetId ?? ''))),
      describeNetworkAcls: (ids) => answer('describeNetworkAcls', ids, data.acls),
    },
  };
}

const denied = (operation: string): ReadFailure => ({ kind: 'denied', operation, message: 'AccessDenied' });

describe('integrationPort', () => {
  it('reads the port of the integration URI, else the scheme default', () => {
    // Prepare / Act / Assess
    expect(integrationPort('http://nlb-dns:8080/x')).toBe(8080);
    expect(integrationPort('http://nlb-dns/x')).toBe(80);
    expect(integrationPort('https://api.internal.example.com/items/{sku}')).toBe(443);
    expect(integrationPort('HTTPS://nlb-dns:8443')).toBe(8443);
    expect(integrationPort('http://[fd00::1]:9000/x')).toBe(9000);
    expect(integrationPort('http://${stageVariables.host}/x')).toBeNull();
    expect(integrationPort('http://nlb-dns:70000/x')).toBeNull();
    expect(integrationPort(undefined)).toBeNull();
  });
});

describe('readBackendChain', () => {
  it('follows every hop down to the network ACLs when a target is unhealthy: 8 calls, each once', async () => {
    // Prepare
    const { reader: r, calls } = reader(account());
    // Act
    const chain = await readBackendChain(r, { loadBalancerArns: [nlb], port: 8080 });
    // Assess
    expect(calls).toEqual([
      `describeLoadBalancers ["${nlb}"]`,
      `describeListeners "${nlb}"`,
      `describeTargetGroups "${nlb}"`,
      `describeTargetHealth "${tg}"`,
      'describeNetworkInterfaces [{"Name":"addresses.private-ip-address","Values":["10.0.10.5"]}]',
      'describeSubnets ["subnet-a"]',
      'describeSecurityGroups ["sg-task"]',
      'describeNetworkAcls ["subnet-t1"]',
    ]);
    expect(chain.network?.securityGroups).toEqual([{ GroupId: 'sg-task', IpPermissions: [] }]);
  });

  it('stops after target health when every target is healthy (4 calls), and asks instance targets by instance id', async () => {
    // Prepare
    const healthy = reader(account({ health: [{ Target: { Id: '10.0.10.5', Port: 8080 }, TargetHealth: { State: 'healthy' } }] }));
    const instances = reader(account({
      targetGroups: [{ TargetGroupArn: tg, TargetType: 'instance' }],
      health: [{ Target: { Id: 'i-0b22', Port: 8080 }, TargetHealth: { State: 'unhealthy' } }, { Target: { Id: 'i-0a11', Port: 8080 }, TargetHealth: { State: 'unhealthy' } }],
    }));
    // Act
    const chain = await readBackendChain(healthy.reader, { loadBalancerArns: [nlb], port: 8080 });
    await readBackendChain(instances.reader, { loadBalancerArns: [nlb], port: 8080 });
    // Assess
    expect(healthy.calls).toHaveLength(4);
    expect(chain.network).toBeNull();
    expect(instances.calls[4]).toBe('describeNetworkInterfaces [{"Name":"attachment.instance-id","Values":["i-0a11","i-0b22"]}]');
  });

  it('reads nothing behind a load balancer that is not active or a port it does not listen on', async () => {
    // Prepare
    const provisioning = reader(account({ loadBalancers: [{ LoadBalancerArn: nlb, State: { Code: 'provisioning' } }] }));
    const otherPort = reader(account());
    // Act
    await readBackendChain(provisioning.reader, { loadBalancerArns: [nlb], port: 8080 });
    const chain = await readBackendChain(otherPort.reader, { loadBalancerArns: [nlb], port: 9090 });
    // Assess
    expect(provisioning.calls).toEqual([`describeLoadBalancers ["${nlb}"]`]);
    expect(otherPort.calls).toHaveLength(3);
    expect(chain.network).toBeNull();
  });

  it('turns a denied read at each hop into a skip of that hop (never a pass), as the check reads it', async () => {
    // Prepare
    const hops: [Op, string][] = [
      ['describeLoadBalancers', 'could not read load balancer'],
      ['describeListeners', 'could not read the listeners of load balancer backend'],
      ['describeTargetGroups', 'could not read the target groups of backend'],
      ['describeTargetHealth', 'could not read the health of target group backend'],
      ['describeNetworkInterfaces', 'could not read the network interfaces of targets 10.0.10.5'],
      ['describeSubnets', "could not read the load balancer's subnets"],
      ['describeSecurityGroups', 'could not read security groups sg-task'],
      ['describeNetworkAcls', 'could not read the network ACLs of subnets subnet-t1'],
    ];
    for (const [op, expected] of hops) {
      const { reader: r } = reader(account({ groups: [{ GroupId: 'sg-task', IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }], failing: { [op]: denied(`x:${op}`) } }));
      // Act
      const backend = await readBackendChain(r, { loadBalancerArns: [nlb], port: 8080 });
      const results = checkVpcLinkHealth({ stage, vpcLinkId: 'vl1234', vpcLink: link, backend });
      // Assess
      const skip = results.find((c) => c.status === 'skip');
      expect(skip?.message, op).toContain(expected);
      expect(skip?.message, op).toContain(`x:${op} failed, denied`);
      expect(results.some((c) => c.message.includes('network path is open')), op).toBe(false);
    }
  });
});

describe('createVpcLinkChains / vpcLinkHealthInput', () => {
  const get = { resourceId: 'r1', resourcePath: '/items', httpMethod: 'GET' };
  const put = { resourceId: 'r1', resourcePath: '/items', httpMethod: 'PUT' };
  const integration = { type: 'HTTP_PROXY', uri: 'http://backend.internal:8080/items', connectionType: 'VPC_LINK', connectionId: 'vl1234' };

  it('reads a chain once for the methods that share a link and port, and reports it with the first in-depth one', async () => {
    // Prepare
    const { reader: r, calls } = reader(account());
    const chains = createVpcLinkChains(r, [{ method: get, integration }, { method: put, integration }]);
    // Act
    const [first, second] = await Promise.all([
      vpcLinkHealthInput(chains, { stage, method: put, integration, link, findings: [] }),
      vpcLinkHealthInput(chains, { stage, method: get, integration, link, findings: [] }),
    ]);
    // Assess
    expect(first.backend).toBeUndefined();
    expect(second.backend?.port).toBe(8080);
    expect(calls).toHaveLength(8);
    expect(chainResources(second)).toEqual(['vl1234', nlb, tg, `${nlb}/l1`, 'sg-task', 'eni-1', 'acl-1']);
  });

  it('follows no chain for a method not in depth, or a link that is not AVAILABLE', async () => {
    // Prepare
    const { reader: r, calls } = reader(account());
    const chains = createVpcLinkChains(r, [{ method: put, integration }]);
    // Act
    const notInDepth = await vpcLinkHealthInput(chains, { stage, method: get, integration, link, findings: [] });
    const pending = await vpcLinkHealthInput(chains, { stage, method: put, integration, link: { ...link, status: 'PENDING' }, findings: [] });
    // Assess
    expect(notInDepth.backend).toBeUndefined();
    expect(pending.backend).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it("takes this method's host-name mismatches from the findings", () => {
    // Prepare
    const finding = (method: string, path: string): Finding => ({
      cause: 'network_or_vpc_link', requestId: 'r', status: 500, evidence: [],
      details: { method, resourcePath: path, host: 'backend.internal', certificateSubject: 'CN=api.example.com', rule: 'host-name-mismatch' },
    });
    // Act
    const mine = hostNameMismatchesOf([finding('GET', '/items'), finding('GET', '/items'), finding('GET', '/other')], get);
    // Assess
    expect(mine).toEqual([{ host: 'backend.internal', certificateSubject: 'CN=api.example.com' }]);
  });
});
