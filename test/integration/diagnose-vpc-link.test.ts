/**
 * End to end: the CLI diagnoses the recorded account of the on-call story (events/accounts/sg-change-behind-vpc-link.json):
 * a security-group change behind a REST VPC link, found hop by hop, with the change that caused it first.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAccountReaderFromRecording, parseRecording, type Recording } from '../../shared/adapters/recorded/recorded-account.ts';
import { diagnoseStage } from '../../shared/domain/use-cases/diagnose.ts';
import { runCli } from '../support/cli.ts';

const FILE = join(fileURLToPath(new URL('../../', import.meta.url)), 'events', 'accounts', 'sg-change-behind-vpc-link.json');
const API = 'v6k2n8q3ra';
const SG = 'sg-0b7c9d1e3f5a7b9c1';

interface DiagnosisJson {
  readonly changes: readonly { readonly eventName: string; readonly relatedTo: string | null; readonly revert: string | null; readonly who: string | null; readonly minutesBeforeFirstFailure: number | null; readonly resources: readonly string[] }[];
  readonly checks: readonly { readonly id: string; readonly status: string; readonly resource: string; readonly message: string; readonly fix: { readonly cli: string; readonly iac: string } | null }[];
  readonly causes: readonly { readonly cause: string; readonly because: readonly string[] }[];
  readonly notes: readonly string[];
}

function recording(): Recording {
  const parsed = parseRecording(JSON.parse(readFileSync(FILE, 'utf8')), FILE);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

describe('diagnose: a security group change behind a VPC link', () => {
  it('ranks the network first, names the group, port and CIDRs, and leads with the revoke and its revert', async () => {
    // Prepare / Act
    const run = await runCli(['diagnose', '--rest-api-id', API, '--stage', 'prod', '--recording', FILE, '--json']);
    const out = JSON.parse(run.stdout) as DiagnosisJson;

    // Assess
    expect(run.code).toBe(1);
    expect(out.causes[0]?.cause).toBe('network_or_vpc_link');
    expect(out.causes.find((c) => c.cause === 'integration_timeout')?.because.at(-1)).toContain('making the backend faster would not help');
    const failing = out.checks.filter((c) => c.id === 'vpc-link-health' && c.status === 'fail');
    expect(failing.map((c) => c.resource)).toEqual([
      `arn:aws:ec2:us-east-1:123456789012:security-group/${SG}`,
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/inventory-tasks/7b3d5f9e1a2c4e68',
    ]);
    expect(failing[0]?.message).toContain(`Security group ${SG} (inventory-tasks) of targets 10.0.10.37, 10.0.11.142 admits no traffic on tcp/8080 from the load balancer's subnets 10.0.0.0/24, 10.0.1.0/24`);
    expect(failing[0]?.fix?.cli).toMatch(/^aws ec2 authorize-security-group-ingress --group-id sg-0b7c9d1e3f5a7b9c1 --ip-permissions /);
    // The template change admits every blocked subnet, as the command does: a later deploy must not close one again.
    for (const cidr of ['10.0.0.0/24', '10.0.1.0/24']) {
      expect(failing[0]?.fix?.iac).toContain(`ec2.Peer.ipv4('${cidr}'), ec2.Port.tcp(8080)`);
      expect(failing[0]?.fix?.iac).toContain(`CidrIp: ${cidr}`);
      expect(failing[0]?.fix?.iac).toContain(`cidr_ipv4                    = "${cidr}"`);
    }
    expect(failing[1]?.message).toContain('10.0.10.37:8080 unhealthy (Target.Timeout: Health checks failed)');
    expect(out.checks.filter((c) => c.id === 'vpc-link-health' && c.status === 'pass').map((c) => c.resource)).toEqual(expect.arrayContaining([
      'arn:aws:apigateway:us-east-1::/vpclinks/x7p2kq',
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/inventory-nlb/3f9a1c7e5b2d4a60',
      'arn:aws:ec2:us-east-1:123456789012:network-acl/acl-0f6a7b8c9d0e1f2a3',
    ]));
    expect(out.changes[0]).toMatchObject({ eventName: 'RevokeSecurityGroupIngress', relatedTo: 'vpc-link-health', who: 'sam', minutesBeforeFirstFailure: 5, resources: [SG] });
    expect(out.changes[0]?.revert).toBe(
      `aws ec2 authorize-security-group-ingress --group-id ${SG} --ip-permissions '[{"IpProtocol":"tcp","FromPort":8080,"ToPort":8080,"IpRanges":[{"CidrIp":"10.0.0.0/24"},{"CidrIp":"10.0.1.0/24"}]}]' --region us-east-1`,
    );
    // The change on another group and the read are not on the failing path; the target group change has no revert of its own.
    expect(out.changes.map((c) => c.eventName)).toEqual(['RevokeSecurityGroupIngress', 'ModifyTargetGroup']);
    expect(out.changes[1]?.revert).toBeNull();
    expect(out.causes[0]?.because[0]).toContain('what changed: sam revoked 10.0.0.0/24:8080, 10.0.1.0/24:8080 on sg-0b7c9d1e3f5a7b9c1 at 14:00 UTC (5 min before the first failure); errors began 14:05 UTC');
    expect(JSON.stringify(out)).not.toContain('no record for');
  });

  it('skips the security group hop, never passes it, when DescribeSecurityGroups is denied', async () => {
    // Prepare
    const base = recording();
    const denied: Recording = {
      ...base,
      calls: base.calls.map((c) => (c.operation === 'DescribeSecurityGroups' ? { service: c.service, operation: c.operation, input: c.input, error: { name: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' } } : c)),
    };
    const now = Date.parse(base.now ?? '');

    // Act
    const result = await diagnoseStage(createAccountReaderFromRecording(denied), { restApiId: API, stageName: 'prod', startTime: now - 3_600_000, endTime: now });

    // Assess
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const sg = result.value.checks.filter((c) => c.resource === `arn:aws:ec2:us-east-1:123456789012:security-group/${SG}`);
    expect(sg.map((c) => c.status)).toEqual(['skip']);
    expect(sg[0]?.message).toContain('could not read security groups sg-0b7c9d1e3f5a7b9c1 (ec2:DescribeSecurityGroups failed, denied');
    // Still a network cause (all targets are down), with no pass for a hop nobody saw.
    expect(result.value.causes[0]?.cause).toBe('network_or_vpc_link');
    expect(result.value.checks.some((c) => c.message.includes('network path is open'))).toBe(false);
  });
});
