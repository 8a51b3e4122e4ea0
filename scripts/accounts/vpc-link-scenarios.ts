/**
 * The VPC link scenarios of events/accounts/: the on-call story users tell most. A REST API
 * (`inventory-api`) reaches ECS tasks through an HTTP_PROXY VPC_LINK integration to an internal
 * Network Load Balancer on port 8080 (ip targets in the tasks' security group). At 14:00 someone
 * revoked the NLB subnets' ingress on 8080 from that group (RevokeSecurityGroupIngress, request
 * parameters as CloudTrail writes them for EC2: `ipPermissions.items[].ipRanges.items[].cidrIp`);
 * the health checks then time out, both targets go unhealthy, and from 14:05 requests end in the
 * gateway's 29 s integration timeout (504) while a curl from the bastion to a task still works.
 * `scripts/accounts/build.ts` expands each entry; the outputs are shaped like the SDK's
 * (`@aws-sdk/client-elastic-load-balancing-v2`, `@aws-sdk/client-ec2`).
 */
import type { JsonObject } from '../../shared/domain/model.ts';
import { ACCOUNT, LOGGED_STAGE, REGION, uuidFrom, type LogLine, type Scenario } from './build.ts';

const API_ID = 'v6k2n8q3ra';
const VPC_LINK_ID = 'x7p2kq';
const VPC_ID = 'vpc-0c4e8a1f2b3d5e7a9';
const NLB_NAME = 'inventory-nlb';
const NLB_SUFFIX = '3f9a1c7e5b2d4a60';
const NLB_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/net/${NLB_NAME}/${NLB_SUFFIX}`;
const NLB_DNS = `${NLB_NAME}-${NLB_SUFFIX}.elb.${REGION}.amazonaws.com`;
const LISTENER_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/net/${NLB_NAME}/${NLB_SUFFIX}/9c2e4b6a8d0f1e3a`;
const TG_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/inventory-tasks/7b3d5f9e1a2c4e68`;
const TASK_SG = 'sg-0b7c9d1e3f5a7b9c1';
/** The NLB's subnets: its nodes (health checks, forwarded requests) send from these ranges. */
const NLB_SUBNETS = [
  { id: 'subnet-0a1b2c3d4e5f60718', cidr: '10.0.0.0/24', az: 'us-east-1a' },
  { id: 'subnet-0b2c3d4e5f6071829', cidr: '10.0.1.0/24', az: 'us-east-1b' },
] as const;
/** The tasks: one per zone, in private subnets. */
const TASKS = [
  { ip: '10.0.10.37', eni: 'eni-0d1e2f3a4b5c6d7e8', subnet: 'subnet-0c3d4e5f607182930', az: 'us-east-1a' },
  { ip: '10.0.11.142', eni: 'eni-0e2f3a4b5c6d7e8f9', subnet: 'subnet-0d4e5f60718293041', az: 'us-east-1b' },
] as const;
const TASK_ACL = 'acl-0f6a7b8c9d0e1f2a3';
const BACKEND_URL = `http://${NLB_DNS}:8080`;

/** The lines API Gateway writes for one HTTP_PROXY request through the VPC link (INFO level; docs/facts.md (d)). */
function proxyRequestLines(at: string, verb: string, resource: string, params: Readonly<Record<string, string>>, outcome: 'ok' | 'timeout'): LogLine[] {
  const id = uuidFrom(`${API_ID}/${at}/${verb} ${resource}`);
  const start = Date.parse(`2026-11-20T${at}Z`);
  const path = resource.replace(/\{([^{}]+)\}/g, (_, name: string) => params[name] ?? name);
  const host = `${API_ID}.execute-api.${REGION}.amazonaws.com`;
  const traceId = `1-${Math.floor(start / 1000).toString(16)}-${uuidFrom(`${id}/trace`).replaceAll('-', '').slice(0, 24)}`;
  const lines: [number, string][] = [
    [0, `Extended Request Id: ${uuidFrom(`${id}/extended`).replaceAll('-', '').slice(0, 15)}=`],
    [0, `Starting execution for request: ${id}`],
    [0, `HTTP Method: ${verb}, Resource Path: ${resource}`],
    [0, `Method request path: {${Object.entries(params).map(([k, v]) => `${k}=${v}`).join(', ')}}`],
    [0, 'Method request query string: {}'],
    [0, `Method request headers: {Accept=application/json, Host=${host}, User-Agent=inventory-sync/3.2, X-Amzn-Trace-Id=Root=${traceId}, X-Forwarded-For=198.51.100.24, X-Forwarded-Port=443, X-Forwarded-Proto=https}`],
    [0, 'Method request body before transformations: '],
    [1, `Endpoint request URI: ${BACKEND_URL}${path}`],
    [1, `Endpoint request headers: {x-amzn-apigateway-api-id=${API_ID}, Accept=application/json, User-Agent=AmazonAPIGateway_${API_ID}, Host=${NLB_DNS}, X-Amzn-Trace-Id=Root=${traceId}}`],
    [1, 'Endpoint request body after transformations: '],
    [1, `Sending request to ${BACKEND_URL}${path}`],
  ];
  if (outcome === 'ok') {
    const body = JSON.stringify(resource === '/items' ? { items: [{ sku: 'BK-1142', onHand: 37 }, { sku: 'BK-2210', onHand: 4 }] } : { sku: params['sku'] ?? '', onHand: 12 });
    lines.push(
      [43, 'Received response. Status: 200, Integration latency: 42 ms'],
      [43, `Endpoint response headers: {Date=${new Date(start).toUTCString()}, Content-Type=application/json, Content-Length=${body.length}, Connection=keep-alive}`],
      [43, `Endpoint response body before transformations: ${body}`],
      [44, `Method response body after transformations: ${body}`],
      [44, `Method response headers: {Date=${new Date(start).toUTCString()}, Content-Type=application/json, X-Amzn-Trace-Id=Root=${traceId}}`],
      [44, 'Successfully completed execution'],
      [44, 'Method completed with status: 200'],
    );
  } else {
    lines.push([29_001, 'Execution failed due to a timeout error'], [29_001, 'Method completed with status: 504']);
  }
  lines.push([lines[lines.length - 1]?.[0] ?? 0, `X-ray Tracing ID : ${traceId}`]);
  return lines.map(([offset, text]) => ({ timestamp: start + offset, message: `(${id}) ${text}` }));
}

/** The HTTP_PROXY VPC_LINK integration of one method (raw GetResources fields). */
function vpcLinkIntegration(path: string, pathParameters: readonly string[]): JsonObject {
  return {
    type: 'HTTP_PROXY',
    httpMethod: 'GET',
    uri: `${BACKEND_URL}${path}`,
    connectionType: 'VPC_LINK',
    connectionId: VPC_LINK_ID,
    ...(pathParameters.length === 0 ? {} : { requestParameters: Object.fromEntries(pathParameters.map((p) => [`integration.request.path.${p}`, `method.request.path.${p}`])) }),
    integrationResponses: { '200': { statusCode: '200' } },
  };
}

/** DescribeLoadBalancers' item for the internal NLB (no security groups: created before NLBs had them). */
const NLB_OUTPUT: JsonObject = {
  LoadBalancerArn: NLB_ARN,
  DNSName: NLB_DNS,
  CanonicalHostedZoneId: 'Z26RNL4JYFTOTI',
  CreatedTime: '2025-09-02T08:14:51.120Z',
  LoadBalancerName: NLB_NAME,
  Scheme: 'internal',
  VpcId: VPC_ID,
  State: { Code: 'active' },
  Type: 'network',
  AvailabilityZones: NLB_SUBNETS.map((s): JsonObject => ({ ZoneName: s.az, SubnetId: s.id, LoadBalancerAddresses: [] })),
  IpAddressType: 'ipv4',
};

/** The tasks' security group after the revoke: SSH and 8080 from the bastion subnet, nothing from the NLB. */
const TASK_SG_OUTPUT: JsonObject = {
  GroupId: TASK_SG,
  GroupName: 'inventory-tasks',
  Description: 'inventory service tasks',
  OwnerId: ACCOUNT,
  VpcId: VPC_ID,
  SecurityGroupArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${TASK_SG}`,
  IpPermissions: [
    {
      IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080,
      IpRanges: [{ CidrIp: '10.0.200.0/24', Description: 'bastion' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [],
    },
    {
      IpProtocol: 'tcp', FromPort: 22, ToPort: 22,
      IpRanges: [{ CidrIp: '10.0.200.0/24', Description: 'bastion' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [],
    },
  ],
  IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
  Tags: [{ Key: 'Name', Value: 'inventory-tasks' }],
};

/** One task's network interface as DescribeNetworkInterfaces returns an ECS (awsvpc) task's. */
function taskInterface(task: (typeof TASKS)[number]): JsonObject {
  return {
    Attachment: {
      AttachTime: '2026-11-18T06:02:44.000Z', AttachmentId: `ela-attach-${task.eni.slice(4, 12)}`, DeleteOnTermination: false,
      DeviceIndex: 1, NetworkCardIndex: 0, InstanceOwnerId: '578734482556', Status: 'attached',
    },
    AvailabilityZone: task.az,
    Description: `arn:aws:ecs:${REGION}:${ACCOUNT}:attachment/${uuidFrom(`${task.eni}/attachment`)}`,
    Groups: [{ GroupId: TASK_SG, GroupName: 'inventory-tasks' }],
    InterfaceType: 'interface',
    Ipv6Addresses: [],
    MacAddress: `0e:${task.eni.slice(4, 14).match(/../g)?.join(':') ?? '00:00:00:00:00'}`,
    NetworkInterfaceId: task.eni,
    OwnerId: ACCOUNT,
    PrivateDnsName: `ip-${task.ip.replaceAll('.', '-')}.ec2.internal`,
    PrivateIpAddress: task.ip,
    PrivateIpAddresses: [{ Primary: true, PrivateDnsName: `ip-${task.ip.replaceAll('.', '-')}.ec2.internal`, PrivateIpAddress: task.ip }],
    RequesterId: '578734482556',
    RequesterManaged: true,
    SourceDestCheck: true,
    Status: 'in-use',
    SubnetId: task.subnet,
    TagSet: [],
    VpcId: VPC_ID,
  };
}

/** The tasks' subnets share the VPC's default ACL: everything in and out (so the security group is the hop that broke). */
const TASK_ACL_OUTPUT: JsonObject = {
  Associations: TASKS.map((t, i): JsonObject => ({ NetworkAclAssociationId: `aclassoc-0${i + 1}a2b3c4d5e6f7a8b9`, NetworkAclId: TASK_ACL, SubnetId: t.subnet })),
  Entries: [
    { CidrBlock: '0.0.0.0/0', Egress: true, Protocol: '-1', RuleAction: 'allow', RuleNumber: 100 },
    { CidrBlock: '0.0.0.0/0', Egress: true, Protocol: '-1', RuleAction: 'deny', RuleNumber: 32_767 },
    { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '-1', RuleAction: 'allow', RuleNumber: 100 },
    { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '-1', RuleAction: 'deny', RuleNumber: 32_767 },
  ],
  IsDefault: true,
  NetworkAclId: TASK_ACL,
  Tags: [],
  VpcId: VPC_ID,
  OwnerId: ACCOUNT,
};

const ELB = 'elastic-load-balancing-v2';
const NLB_DIMENSIONS = { LoadBalancer: `net/${NLB_NAME}/${NLB_SUFFIX}`, TargetGroup: 'targetgroup/inventory-tasks/7b3d5f9e1a2c4e68' };
const API_DIMENSIONS = { ApiName: 'inventory-api', Stage: 'prod' };

/** The VPC link scenarios, one file each. */
export const VPC_LINK_SCENARIOS: readonly Scenario[] = [
  {
    file: 'sg-change-behind-vpc-link.json',
    api: { id: API_ID, name: 'inventory-api', description: 'Warehouse inventory (ECS behind an NLB)', created: '2025-09-02T08:30:12Z' },
    stage: { ...LOGGED_STAGE, deploymentId: 'h8v3mq' },
    methods: [
      { verb: 'GET', path: '/items', fn: 'inventory-service', integration: vpcLinkIntegration('/items', []) },
      { verb: 'GET', path: '/items/{sku}', fn: 'inventory-service', integration: vpcLinkIntegration('/items/{sku}', ['sku']) },
    ],
    functions: [],
    cloudWatchRole: true,
    executionLog: {
      events: [
        ...proxyRequestLines('13:58:40.118', 'GET', '/items', {}, 'ok'),
        ...proxyRequestLines('13:59:21.507', 'GET', '/items/{sku}', { sku: 'BK-1142' }, 'ok'),
        ...proxyRequestLines('14:05:07.332', 'GET', '/items', {}, 'timeout'),
        ...proxyRequestLines('14:05:52.904', 'GET', '/items/{sku}', { sku: 'BK-2210' }, 'timeout'),
        ...proxyRequestLines('14:06:30.215', 'GET', '/items', {}, 'timeout'),
        ...proxyRequestLines('14:07:45.660', 'GET', '/items/{sku}', { sku: 'BK-0907' }, 'timeout'),
        ...proxyRequestLines('14:08:20.041', 'GET', '/items', {}, 'timeout'),
      ],
      logStream: '5d0c8e2b7f1a4c9e8b3d6f0a2c4e6b8d',
    },
    extraCalls: [
      {
        service: 'api-gateway', operation: 'GetVpcLink', input: { vpcLinkId: VPC_LINK_ID },
        output: { id: VPC_LINK_ID, name: 'inventory-nlb-link', targetArns: [NLB_ARN], status: 'AVAILABLE', statusMessage: 'Your vpc link is ready for use', tags: {} },
      },
      { service: ELB, operation: 'DescribeLoadBalancers', input: { LoadBalancerArns: [NLB_ARN] }, output: { LoadBalancers: [NLB_OUTPUT] } },
      {
        service: ELB, operation: 'DescribeListeners', input: { LoadBalancerArn: NLB_ARN },
        output: { Listeners: [{ ListenerArn: LISTENER_ARN, LoadBalancerArn: NLB_ARN, Port: 8080, Protocol: 'TCP', DefaultActions: [{ Type: 'forward', TargetGroupArn: TG_ARN, ForwardConfig: { TargetGroups: [{ TargetGroupArn: TG_ARN, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } } }] }] },
      },
      {
        service: ELB, operation: 'DescribeTargetGroups', input: { LoadBalancerArn: NLB_ARN },
        output: {
          TargetGroups: [{
            TargetGroupArn: TG_ARN, TargetGroupName: 'inventory-tasks', Protocol: 'TCP', Port: 8080, VpcId: VPC_ID,
            HealthCheckProtocol: 'TCP', HealthCheckPort: 'traffic-port', HealthCheckEnabled: true, HealthCheckIntervalSeconds: 30, HealthCheckTimeoutSeconds: 10,
            HealthyThresholdCount: 5, UnhealthyThresholdCount: 2, LoadBalancerArns: [NLB_ARN], TargetType: 'ip', IpAddressType: 'ipv4',
          }],
        },
      },
      {
        service: ELB, operation: 'DescribeTargetHealth', input: { TargetGroupArn: TG_ARN },
        output: {
          TargetHealthDescriptions: TASKS.map((t): JsonObject => ({
            Target: { Id: t.ip, Port: 8080, AvailabilityZone: t.az },
            HealthCheckPort: '8080',
            TargetHealth: { State: 'unhealthy', Reason: 'Target.Timeout', Description: 'Health checks failed' },
          })),
        },
      },
      {
        service: 'ec2', operation: 'DescribeNetworkInterfaces', input: { Filters: [{ Name: 'addresses.private-ip-address', Values: TASKS.map((t) => t.ip).sort() }] },
        output: { NetworkInterfaces: TASKS.map(taskInterface) },
      },
      {
        service: 'ec2', operation: 'DescribeSubnets', input: { SubnetIds: NLB_SUBNETS.map((s) => s.id) },
        output: {
          Subnets: NLB_SUBNETS.map((s): JsonObject => ({
            AvailabilityZone: s.az, AvailableIpAddressCount: 248, CidrBlock: s.cidr, DefaultForAz: false, MapPublicIpOnLaunch: false,
            State: 'available', SubnetId: s.id, VpcId: VPC_ID, OwnerId: ACCOUNT, SubnetArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/${s.id}`,
          })),
        },
      },
      { service: 'ec2', operation: 'DescribeSecurityGroups', input: { GroupIds: [TASK_SG] }, output: { SecurityGroups: [TASK_SG_OUTPUT] } },
      {
        service: 'ec2', operation: 'DescribeNetworkAcls', input: { Filters: [{ Name: 'association.subnet-id', Values: TASKS.map((t) => t.subnet).sort() }] },
        output: { NetworkAcls: [TASK_ACL_OUTPUT] },
      },
    ],
    cloudTrail: [
      {
        // What revoked it, exactly as CloudTrail logs an EC2 request (lists as `{ items: [...] }`).
        at: '2026-11-20T14:00:12Z', source: 'ec2.amazonaws.com', name: 'RevokeSecurityGroupIngress', who: 'sam',
        parameters: {
          groupId: TASK_SG,
          ipPermissions: {
            items: [{
              ipProtocol: 'tcp', fromPort: 8080, toPort: 8080, groups: {},
              ipRanges: { items: NLB_SUBNETS.map((s) => ({ cidrIp: s.cidr })) },
              ipv6Ranges: {}, prefixListIds: {},
            }],
          },
        },
        resources: [{ type: 'AWS::EC2::SecurityGroup', name: TASK_SG }],
      },
      {
        // A change the night before on the same path, and one on another group: both ranked below (or left out).
        at: '2026-11-19T22:14:03Z', source: 'elasticloadbalancing.amazonaws.com', name: 'ModifyTargetGroup', who: 'inventory-deploy-role',
        invokedBy: 'cloudformation.amazonaws.com', parameters: { targetGroupArn: TG_ARN, healthCheckIntervalSeconds: 30 },
        resources: [{ type: 'AWS::ElasticLoadBalancingV2::TargetGroup', name: TG_ARN }],
      },
      {
        at: '2026-11-20T13:41:05Z', source: 'ec2.amazonaws.com', name: 'AuthorizeSecurityGroupIngress', who: 'sam',
        parameters: {
          groupId: 'sg-0f1e2d3c4b5a69788',
          ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, groups: {}, ipRanges: { items: [{ cidrIp: '10.0.10.0/23' }] }, ipv6Ranges: {}, prefixListIds: {} }] },
        },
        resources: [{ type: 'AWS::EC2::SecurityGroup', name: 'sg-0f1e2d3c4b5a69788' }],
      },
      { at: '2026-11-20T14:09:02Z', source: 'ec2.amazonaws.com', name: 'DescribeSecurityGroups', who: 'oncall', readOnly: true, parameters: { groupId: TASK_SG } },
    ],
    metrics: [
      { namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: API_DIMENSIONS, stat: 'Sum', from: '14:00', values: [0, 0, 0, 0, 0, 39, 41, 40, 42, 41] },
      { namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions: API_DIMENSIONS, stat: 'Sum', from: '14:00', values: [52, 49, 51, 50, 48, 49, 51, 50, 52, 51] },
      { namespace: 'AWS/ApiGateway', metricName: 'IntegrationLatency', dimensions: API_DIMENSIONS, stat: 'Maximum', from: '14:00', values: [41, 44, 39, 47, 52, 29_001, 29_002, 29_001, 29_003, 29_001] },
      { namespace: 'AWS/ApiGateway', metricName: 'Latency', dimensions: API_DIMENSIONS, stat: 'Maximum', from: '14:00', values: [58, 61, 55, 66, 70, 29_013, 29_011, 29_014, 29_012, 29_015] },
      { namespace: 'AWS/NetworkELB', metricName: 'UnHealthyHostCount', dimensions: NLB_DIMENSIONS, stat: 'Maximum', from: '14:00', values: [0, 0, 1, 2, 2, 2, 2, 2, 2, 2] },
      { namespace: 'AWS/NetworkELB', metricName: 'HealthyHostCount', dimensions: NLB_DIMENSIONS, stat: 'Maximum', from: '14:00', values: [2, 2, 1, 0, 0, 0, 0, 0, 0, 0] },
    ],
  },
];
