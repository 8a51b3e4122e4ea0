import { describe, expect, it } from 'vitest';
import { checkVpcLinkHealth, type BackendChain, type LoadBalancerHop, type TargetNetworkRead, type VpcLinkHealthInput } from '../../../../shared/domain/checks/vpc-link-health.ts';
import type { NetworkAclInfo, ReadFailure, SecurityGroupInfo, TargetHealthInfo } from '../../../../shared/ports/account-reader.ts';
import type { CheckResult } from '../../../../shared/domain/model.ts';

const stage = { restApiId: 'a1b2c3', stageName: 'prod', region: 'us-east-1', account: '123456789012' };
const method = { resourceId: 'r1', resourcePath: '/items', httpMethod: 'GET' };
const linkArn = 'arn:aws:apigateway:us-east-1::/vpclinks/vl1234';
const nlb = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/backend/50dc6c495c0c9188';
const tg = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/backend/73e2d6bc24d8a067';
const sgArn = 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-task';
const aclArn = 'arn:aws:ec2:us-east-1:123456789012:network-acl/acl-task';
const uri = 'http://backend.internal:8080/items';
const denied = (operation: string): ReadFailure => ({ kind: 'denied', operation, message: 'AccessDenied: not authorized' });

const unhealthy = (ip: string): TargetHealthInfo => ({ Target: { Id: ip, Port: 8080 }, TargetHealth: { State: 'unhealthy', Reason: 'Target.Timeout', Description: 'Health checks failed' } });
const openSg: SecurityGroupInfo = { GroupId: 'sg-task', GroupName: 'tasks', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.0.0.0/16' }] }] };
const closedSg: SecurityGroupInfo = { GroupId: 'sg-task', GroupName: 'tasks', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.0.200.0/24' }] }] };
const allowAll: NetworkAclInfo = {
  NetworkAclId: 'acl-task',
  Associations: [{ SubnetId: 'subnet-t1' }],
  Entries: [
    { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' },
    { RuleNumber: 32_767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' },
    { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' },
    { RuleNumber: 32_767, Protocol: '-1', RuleAction: 'deny', Egress: true, CidrBlock: '0.0.0.0/0' },
  ],
};

function hop(overrides: Partial<LoadBalancerHop> = {}): LoadBalancerHop {
  return {
    arn: nlb,
    loadBalancer: {
      LoadBalancerArn: nlb, LoadBalancerName: 'backend', Type: 'network', State: { Code: 'active' },
      AvailabilityZones: [{ ZoneName: 'us-east-1a', SubnetId: 'subnet-a' }, { ZoneName: 'us-east-1b', SubnetId: 'subnet-b' }],
    },
    listeners: [{ ListenerArn: `${nlb}/l1`, Port: 8080, Protocol: 'TCP', DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] }],
    targetGroupInfo: [{ TargetGroupArn: tg, Port: 8080, Protocol: 'TCP', TargetType: 'ip', HealthCheckPort: 'traffic-port' }],
    targetGroups: [{ targetGroupArn: tg, targets: [unhealthy('10.0.10.5')] }],
    ...overrides,
  };
}

function network(overrides: Partial<TargetNetworkRead> = {}): TargetNetworkRead {
  return {
    interfaces: [{ NetworkInterfaceId: 'eni-1', PrivateIpAddress: '10.0.10.5', SubnetId: 'subnet-t1', Groups: [{ GroupId: 'sg-task' }] }],
    securityGroups: [closedSg],
    loadBalancerSubnets: [{ SubnetId: 'subnet-a', CidrBlock: '10.0.0.0/24' }, { SubnetId: 'subnet-b', CidrBlock: '10.0.1.0/24' }],
    networkAcls: [allowAll],
    ...overrides,
  };
}

function chain(overrides: Partial<BackendChain> = {}): BackendChain {
  return { port: 8080, loadBalancerArns: [nlb], loadBalancers: [hop()], network: network(), ...overrides };
}

function input(overrides: Partial<VpcLinkHealthInput> = {}): VpcLinkHealthInput {
  return {
    stage,
    vpcLinkId: 'vl1234',
    vpcLink: { id: 'vl1234', name: 'backend-link', status: 'AVAILABLE', targetArns: [nlb] },
    method,
    integrationUri: uri,
    backend: chain(),
    ...overrides,
  };
}

const byResource = (results: readonly CheckResult[], resource: string): CheckResult[] => results.filter((r) => r.resource === resource);

describe('checkVpcLinkHealth: the link', () => {
  it('fails a FAILED link with its status message and a recreate command, and follows no chain', () => {
    // Prepare
    const value = input({ vpcLink: { id: 'vl1234', name: 'backend-link', status: 'FAILED', statusMessage: 'NLB not found', targetArns: [nlb] } });
    // Act
    const results = checkVpcLinkHealth(value);
    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]?.status).toBe('fail');
    expect(results[0]?.supports).toEqual(['network_or_vpc_link']);
    expect(results[0]?.message).toBe('VPC link vl1234 (backend-link) is FAILED: NLB not found. Requests through it fail with 500 until it is AVAILABLE.');
    expect(results[0]?.fix?.cli.split('\n')).toEqual([
      'aws apigateway get-vpc-link --vpc-link-id vl1234 --region us-east-1',
      '# fix the cause above, then recreate the link and point the integrations at the new id:',
      'aws apigateway delete-vpc-link --vpc-link-id vl1234 --region us-east-1',
      `aws apigateway create-vpc-link --name backend-link --target-arns ${nlb} --region us-east-1`,
    ]);
  });

  it('fails a PENDING link, saying creation takes minutes', () => {
    // Prepare / Act
    const [result] = checkVpcLinkHealth(input({ vpcLink: { id: 'vl1234', status: 'PENDING' } }));
    // Assess
    expect(result?.message).toBe('VPC link vl1234 is PENDING. Requests through it fail with 500 until it is AVAILABLE (creation takes a few minutes).');
    expect(result?.fix?.cli).toBe('aws apigateway get-vpc-link --vpc-link-id vl1234 --region us-east-1\n# wait until status is AVAILABLE');
  });

  it('fails a link that does not exist, and skips one it could not read', () => {
    // Prepare / Act
    const [missing] = checkVpcLinkHealth(input({ vpcLink: null }));
    const results = checkVpcLinkHealth(input({ vpcLink: denied('apigateway:GetVpcLink') }));
    // Assess
    expect(missing?.status).toBe('fail');
    expect(missing?.message).toBe('VPC link vl1234, used by a private integration of API a1b2c3, does not exist: every request through it fails with 500.');
    expect(results).toEqual([{ id: 'vpc-link-health', status: 'skip', resource: linkArn, message: 'Skipped: apigateway:GetVpcLink failed (denied): AccessDenied: not authorized' }]);
  });

  it('checks only the link when the chain was not followed (a method not in depth)', () => {
    // Prepare / Act
    const results = checkVpcLinkHealth(input({ backend: undefined }));
    // Assess
    expect(results).toEqual([{ id: 'vpc-link-health', status: 'pass', resource: linkArn, message: 'VPC link vl1234 (backend-link) is AVAILABLE.' }]);
  });
});

describe('checkVpcLinkHealth: load balancer and listener', () => {
  it('passes a healthy chain hop by hop', () => {
    // Prepare
    const healthy = chain({ loadBalancers: [hop({ targetGroups: [{ targetGroupArn: tg, targets: [{ Target: { Id: '10.0.10.5', Port: 8080 }, TargetHealth: { State: 'healthy' } }] }] })], network: null });
    // Act
    const results = checkVpcLinkHealth(input({ backend: healthy }));
    // Assess
    expect(results.map((r) => [r.status, r.resource])).toEqual([['pass', linkArn], ['pass', nlb], ['pass', tg]]);
    expect(results[1]?.message).toBe('Load balancer backend behind VPC link vl1234 is active and listens on TCP 8080, forwarding to backend.');
    expect(results[2]?.message).toBe(`All 1 target(s) of ${tg} are healthy.`);
  });

  it('fails a load balancer that does not exist and skips one it could not describe', () => {
    // Prepare
    const gone = chain({ loadBalancers: { kind: 'not_found', operation: 'elasticloadbalancing:DescribeLoadBalancers', message: 'LoadBalancerNotFoundException: One or more load balancers not found' }, network: null });
    const unread = chain({ loadBalancers: denied('elasticloadbalancing:DescribeLoadBalancers'), network: null });
    // Act
    const [, missing] = checkVpcLinkHealth(input({ backend: gone }));
    const [, skipped] = checkVpcLinkHealth(input({ backend: unread }));
    // Assess
    expect(missing?.status).toBe('fail');
    expect(missing?.message).toContain(`The load balancer ${nlb} that VPC link vl1234 sends to does not exist (deleted?)`);
    expect(skipped).toEqual({
      id: 'vpc-link-health', status: 'skip', resource: nlb,
      message: `Skipped: could not read load balancer ${nlb}, so nothing behind VPC link vl1234 (elasticloadbalancing:DescribeLoadBalancers failed, denied: AccessDenied: not authorized); this hop of the chain is not checked.`,
    });
  });

  it('fails a load balancer that is not active', () => {
    // Prepare
    const provisioning = chain({ loadBalancers: [hop({ loadBalancer: { LoadBalancerArn: nlb, LoadBalancerName: 'backend', State: { Code: 'failed', Reason: 'subnet has no free addresses' } }, listeners: null, targetGroupInfo: null, targetGroups: [] })], network: null });
    // Act
    const results = checkVpcLinkHealth(input({ backend: provisioning }));
    // Assess
    expect(results.map((r) => r.status)).toEqual(['pass', 'fail']);
    expect(results[1]?.message).toBe('Load balancer backend behind VPC link vl1234 is failed (subnet has no free addresses), not active: it forwards no traffic.');
  });

  it('fails when no listener is on the integration port, naming the ports there are and pointing the integration at the one that exists', () => {
    // Prepare
    const other = chain({ loadBalancers: [hop({ listeners: [{ ListenerArn: `${nlb}/l2`, Port: 80, Protocol: 'TCP', DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] }], targetGroups: [] })], network: null });
    // Act
    const [, result] = checkVpcLinkHealth(input({ backend: other }));
    // Assess
    expect(result?.status).toBe('fail');
    expect(result?.message).toBe(`Load balancer backend behind VPC link vl1234 has no listener on port 8080, the port the integration calls (${uri}); it listens on TCP 80. Every request through the link fails.`);
    expect(result?.fix?.requests.map((r) => [r.operation, r.input])).toEqual([
      ['UpdateIntegration', { restApiId: 'a1b2c3', resourceId: 'r1', httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/uri', value: 'http://backend.internal:80/items' }] }],
      ['CreateDeployment', { restApiId: 'a1b2c3', stageName: 'prod' }],
    ]);
    expect(result?.fix?.cli).toContain(`aws elbv2 create-listener --load-balancer-arn ${nlb} --protocol TCP --port 8080`);
  });

  it('skips the listener hop when the listeners could not be read or the URI names no port', () => {
    // Prepare
    const unread = chain({ loadBalancers: [hop({ listeners: denied('elasticloadbalancing:DescribeListeners'), targetGroups: [] })], network: null });
    const noPort = chain({ port: null, loadBalancers: [hop({ listeners: null, targetGroups: [] })], network: null });
    // Act
    const [, listeners] = checkVpcLinkHealth(input({ backend: unread }));
    const [, port] = checkVpcLinkHealth(input({ backend: noPort }));
    // Assess
    expect(listeners?.status).toBe('skip');
    expect(listeners?.message).toContain('could not read the listeners of load balancer backend (elasticloadbalancing:DescribeListeners failed, denied');
    expect(port?.status).toBe('skip');
    expect(port?.message).toContain('the integration URI does not name a port');
  });
});

describe('checkVpcLinkHealth: targets and their network path', () => {
  it('fails a target group with no registered targets, and skips one whose health it could not read', () => {
    // Prepare
    const empty = chain({ loadBalancers: [hop({ targetGroups: [{ targetGroupArn: tg, targets: [] }] })], network: null });
    const unread = chain({ loadBalancers: [hop({ targetGroups: [{ targetGroupArn: tg, targets: denied('elasticloadbalancing:DescribeTargetHealth') }] })], network: null });
    // Act
    const [result] = byResource(checkVpcLinkHealth(input({ backend: empty })), tg);
    const [skipped] = byResource(checkVpcLinkHealth(input({ backend: unread })), tg);
    // Assess
    expect(result?.status).toBe('fail');
    expect(result?.message).toBe(`Target group ${tg} behind VPC link vl1234 has no registered targets: requests through the link fail.`);
    expect(skipped?.status).toBe('skip');
    expect(skipped?.message).toContain('could not read the health of target group backend');
  });

  it('names the security group, port and CIDRs that block the load balancer, with the exact ingress fix', () => {
    // Prepare / Act
    const results = checkVpcLinkHealth(input());
    // Assess
    const [health] = byResource(results, tg);
    expect(health?.status).toBe('fail');
    expect(health?.message).toContain('1 of 1 target(s) of');
    expect(health?.message).toContain('10.0.10.5:8080 unhealthy (Target.Timeout: Health checks failed)');
    const [sg] = byResource(results, sgArn);
    expect(sg?.status).toBe('fail');
    expect(sg?.supports).toEqual(['network_or_vpc_link']);
    expect(sg?.message).toBe(
      "Security group sg-task (tasks) of target 10.0.10.5 admits no traffic on tcp/8080 from the load balancer's subnets 10.0.0.0/24, 10.0.1.0/24: " +
        'the health checks of backend and the requests VPC link vl1234 sends cannot reach it, so the targets are unhealthy and requests time out.',
    );
    expect(sg?.fix?.requests).toEqual([{
      service: 'ec2', operation: 'AuthorizeSecurityGroupIngress', region: 'us-east-1',
      input: {
        GroupId: 'sg-task',
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.0.0.0/24', Description: 'load balancer backend subnet' }, { CidrIp: '10.0.1.0/24', Description: 'load balancer backend subnet' }] }],
      },
    }]);
    expect(sg?.fix?.cli).toBe(`aws ec2 authorize-security-group-ingress --group-id sg-task --ip-permissions '[{"IpProtocol":"tcp","FromPort":8080,"ToPort":8080,"IpRanges":[{"CidrIp":"10.0.0.0/24","Description":"load balancer backend subnet"},{"CidrIp":"10.0.1.0/24","Description":"load balancer backend subnet"}]}]' --region us-east-1`);
    expect(sg?.fix?.iac).toContain('AWS::EC2::SecurityGroupIngress');
  });

  it('checks the health-check port too, and admits the load balancer by its own security group', () => {
    // Prepare
    const withSg = hop({
      loadBalancer: { LoadBalancerArn: nlb, LoadBalancerName: 'backend', State: { Code: 'active' }, SecurityGroups: ['sg-nlb'], AvailabilityZones: [{ SubnetId: 'subnet-a' }] },
      targetGroupInfo: [{ TargetGroupArn: tg, TargetType: 'ip', HealthCheckPort: '8081' }],
    });
    const sgs: SecurityGroupInfo = { GroupId: 'sg-task', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: 'sg-nlb' }] }] };
    // Act
    const [sg] = byResource(checkVpcLinkHealth(input({ backend: chain({ loadBalancers: [withSg], network: network({ securityGroups: [sgs] }) }) })), sgArn);
    // Assess
    expect(sg?.status).toBe('fail');
    expect(sg?.message).toContain('admits no traffic on tcp/8081 (health checks) from the load balancer\'s subnets 10.0.0.0/24 nor from its security group sg-nlb');
    expect(sg?.fix?.requests[0]?.input).toEqual({ GroupId: 'sg-task', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8081, ToPort: 8081, UserIdGroupPairs: [{ GroupId: 'sg-nlb', Description: 'from load balancer backend' }] }] });
  });

  it('skips (never passes) a group that admits the port only through a prefix list', () => {
    // Prepare
    const viaList: SecurityGroupInfo = { GroupId: 'sg-task', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, PrefixListIds: [{ PrefixListId: 'pl-0abc' }] }] };
    // Act
    const [sg] = byResource(checkVpcLinkHealth(input({ backend: chain({ network: network({ securityGroups: [viaList] }) }) })), sgArn);
    // Assess
    expect(sg?.status).toBe('skip');
    expect(sg?.message).toContain('only via prefix list pl-0abc');
  });

  it('fails a network ACL that denies the load balancer, with a rule to add below the deny', () => {
    // Prepare
    const denying: NetworkAclInfo = {
      ...allowAll,
      Entries: [{ RuleNumber: 50, Protocol: '6', RuleAction: 'deny', Egress: false, CidrBlock: '10.0.1.0/24', PortRange: { From: 8000, To: 9000 } }, ...(allowAll.Entries ?? [])],
    };
    // Act
    const results = checkVpcLinkHealth(input({ backend: chain({ network: network({ securityGroups: [openSg], networkAcls: [denying] }) }) }));
    // Assess
    expect(byResource(results, sgArn)[0]?.status).toBe('pass');
    const [acl] = byResource(results, aclArn);
    expect(acl?.status).toBe('fail');
    expect(acl?.message).toContain('Network ACL acl-task of subnet subnet-t1 (target 10.0.10.5) denies inbound tcp/8080 from 10.0.1.0/24 by rule 50');
    expect(acl?.fix?.requests).toEqual([{
      service: 'ec2', operation: 'CreateNetworkAclEntry', region: 'us-east-1',
      input: { NetworkAclId: 'acl-task', RuleNumber: 49, Protocol: '6', RuleAction: 'allow', Egress: false, CidrBlock: '10.0.1.0/24', PortRange: { From: 8080, To: 8080 } },
    }]);
    expect(byResource(results, tg)[0]?.message).not.toContain('The network path is open');
  });

  it('says the network path is open when groups and ACLs admit the load balancer: the targets themselves do not answer', () => {
    // Prepare / Act
    const results = checkVpcLinkHealth(input({ backend: chain({ network: network({ securityGroups: [openSg] }) }) }));
    // Assess
    expect(byResource(results, sgArn)[0]?.status).toBe('pass');
    expect(byResource(results, aclArn)[0]?.status).toBe('pass');
    expect(byResource(results, tg)[0]?.message).toContain('The network path is open (security groups and network ACLs admit the load balancer), so the targets themselves do not answer');
  });

  it('skips each network hop it could not read, and never calls the path open then', () => {
    // Prepare
    const cases: [Partial<TargetNetworkRead>, string][] = [
      [{ interfaces: denied('ec2:DescribeNetworkInterfaces') }, 'could not read the network interfaces of targets 10.0.10.5'],
      [{ loadBalancerSubnets: denied('ec2:DescribeSubnets') }, "could not read the load balancer's subnets"],
      [{ securityGroups: denied('ec2:DescribeSecurityGroups') }, 'could not read security groups sg-task'],
      [{ securityGroups: [openSg], networkAcls: denied('ec2:DescribeNetworkAcls') }, 'could not read the network ACLs of subnets subnet-t1'],
      [{ interfaces: [] }, 'no network interface in this account and Region has target 10.0.10.5'],
      [{ loadBalancerSubnets: [{ SubnetId: 'subnet-a', CidrBlock: '10.0.0.0/24' }] }, "the CIDR of the load balancer's subnet subnet-b is unknown"],
    ];
    for (const [overrides, expected] of cases) {
      // Act
      const results = checkVpcLinkHealth(input({ backend: chain({ network: network(overrides) }) }));
      // Assess
      const skips = results.filter((r) => r.status === 'skip');
      expect(skips.map((r) => r.message).join('\n'), expected).toContain(expected);
      expect(results.filter((r) => r.resource === sgArn && r.status === 'pass').length + results.filter((r) => r.status === 'fail' && r.resource !== tg).length, expected).toBe(
        overrides.networkAcls === undefined ? 0 : 1,
      );
      expect(byResource(results, tg)[0]?.message, expected).not.toContain('network path is open');
    }
  });
});

describe('checkVpcLinkHealth: TLS host name', () => {
  it('names the host and the certificate subject, and points the URI at the name the certificate is for', () => {
    // Prepare
    const value = input({ integrationUri: 'https://backend.internal/items', backend: undefined, hostNameMismatches: [{ host: 'backend.internal', certificateSubject: 'CN=api.example.com' }] });
    // Act
    const [, tls] = checkVpcLinkHealth(value);
    // Assess
    expect(tls?.status).toBe('fail');
    expect(tls?.resource).toBe('GET /items');
    expect(tls?.message).toContain("API Gateway called host 'backend.internal' through VPC link vl1234, but the certificate the backend presented is for CN=api.example.com");
    expect(tls?.fix?.requests[0]?.input['patchOperations']).toEqual([{ op: 'replace', path: '/uri', value: 'https://api.example.com/items' }]);
  });

  it('gives no URI change for a wildcard subject', () => {
    // Prepare / Act
    const [, tls] = checkVpcLinkHealth(input({ integrationUri: 'https://backend.internal/items', hostNameMismatches: [{ host: 'backend.internal', certificateSubject: 'CN=*.example.com' }], backend: undefined }));
    // Assess
    expect(tls?.fix?.requests).toEqual([]);
    expect(tls?.fix?.cli).toContain("re-issue the backend's certificate to include backend.internal");
  });
});
