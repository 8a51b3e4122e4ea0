import { describe, expect, it } from 'vitest';
import { aclDecision, cidrContains, cidrOverlaps, freeRuleNumber, ingressAdmits, parseCidr } from '../../../../shared/domain/checks/network-rules.ts';
import type { IpPermissionInfo, NetworkAclEntryInfo } from '../../../../shared/ports/account-reader.ts';

describe('parseCidr / cidrContains / cidrOverlaps', () => {
  it('reads IPv4 CIDRs and single addresses, and rejects IPv6 and garbage', () => {
    // Prepare / Act / Assess
    expect(parseCidr('10.0.1.0/24')).toEqual({ first: 167_772_416, last: 167_772_671 });
    expect(parseCidr('10.0.1.7')).toEqual({ first: 167_772_423, last: 167_772_423 });
    expect(parseCidr('0.0.0.0/0')).toEqual({ first: 0, last: 4_294_967_295 });
    expect(parseCidr('10.0.1.9/24')).toEqual({ first: 167_772_416, last: 167_772_671 });
    expect(parseCidr('::/0')).toBeNull();
    expect(parseCidr('10.0.300.0/24')).toBeNull();
    expect(parseCidr('10.0.0.0/33')).toBeNull();
  });

  it('tells containment from overlap', () => {
    // Prepare / Act / Assess
    expect(cidrContains('10.0.0.0/16', '10.0.1.0/24')).toBe(true);
    expect(cidrContains('10.0.1.0/24', '10.0.0.0/16')).toBe(false);
    expect(cidrOverlaps('10.0.1.0/24', '10.0.0.0/16')).toBe(true);
    expect(cidrContains('10.0.0.0/24', '10.0.1.0/24')).toBe(false);
    expect(cidrOverlaps('10.0.0.0/24', '10.0.1.0/24')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '192.168.7.0/24')).toBe(true);
  });
});

describe('ingressAdmits', () => {
  const tcp = (from: number, to: number, extra: Partial<IpPermissionInfo>): IpPermissionInfo => ({ IpProtocol: 'tcp', FromPort: from, ToPort: to, ...extra });

  it('admits a port from a range inside a rule, by protocol -1, or by the load balancer security group', () => {
    // Prepare
    const byCidr = [tcp(8000, 8100, { IpRanges: [{ CidrIp: '10.0.0.0/16' }] })];
    const all = [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '10.0.0.0/8' }] }];
    const byGroup = [tcp(8080, 8080, { UserIdGroupPairs: [{ GroupId: 'sg-nlb' }] })];

    // Act / Assess
    expect(ingressAdmits(byCidr, 8080, '10.0.1.0/24', [])).toEqual({ admitted: true, by: '10.0.0.0/16' });
    expect(ingressAdmits(all, 8080, '10.0.1.0/24', [])).toEqual({ admitted: true, by: '10.0.0.0/8' });
    expect(ingressAdmits(byGroup, 8080, '10.0.1.0/24', ['sg-nlb'])).toEqual({ admitted: true, by: 'sg-nlb' });
  });

  it('refuses another port, another range, udp, or a group that is not the load balancer', () => {
    // Prepare
    const permissions = [
      tcp(22, 22, { IpRanges: [{ CidrIp: '10.0.1.0/24' }] }),
      tcp(8080, 8080, { IpRanges: [{ CidrIp: '10.0.200.0/24' }], UserIdGroupPairs: [{ GroupId: 'sg-bastion' }] }),
      { IpProtocol: 'udp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
    ];

    // Act / Assess
    expect(ingressAdmits(permissions, 8080, '10.0.1.0/24', ['sg-nlb'])).toEqual({ admitted: false });
  });

  it('is unsure (never admitted) for a prefix list or a range covering only part of the source', () => {
    // Prepare
    const prefix = [tcp(8080, 8080, { PrefixListIds: [{ PrefixListId: 'pl-0abc' }] })];
    const partial = [tcp(8080, 8080, { IpRanges: [{ CidrIp: '10.0.1.0/25' }] })];

    // Act / Assess
    expect(ingressAdmits(prefix, 8080, '10.0.1.0/24', [])).toEqual({ admitted: 'unknown', because: 'prefix list pl-0abc (its entries are not read)' });
    expect(ingressAdmits(partial, 8080, '10.0.1.0/24', [])).toEqual({ admitted: 'unknown', because: '10.0.1.0/25, which covers only part of 10.0.1.0/24' });
  });
});

describe('aclDecision / freeRuleNumber', () => {
  const entries: NetworkAclEntryInfo[] = [
    { RuleNumber: 90, Protocol: '6', RuleAction: 'deny', Egress: false, CidrBlock: '10.0.1.0/24', PortRange: { From: 8080, To: 8080 } },
    { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '10.0.0.0/16' },
    { RuleNumber: 32_767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' },
    { RuleNumber: 100, Protocol: '6', RuleAction: 'allow', Egress: true, CidrBlock: '10.0.0.0/16', PortRange: { From: 1024, To: 65_535 } },
    { RuleNumber: 32_767, Protocol: '-1', RuleAction: 'deny', Egress: true, CidrBlock: '0.0.0.0/0' },
  ];

  it('takes the first matching rule in number order, deny before a later allow', () => {
    // Prepare / Act / Assess
    expect(aclDecision(entries, false, '10.0.1.0/24', 8080, 8080)).toEqual({ action: 'deny', rule: 90, cidr: '10.0.1.0/24' });
    expect(aclDecision(entries, false, '10.0.0.0/24', 8080, 8080)).toEqual({ action: 'allow', rule: 100 });
    expect(aclDecision(entries, false, '192.168.0.0/24', 8080, 8080)).toEqual({ action: 'deny', rule: 32_767, cidr: '0.0.0.0/0' });
    expect(aclDecision(entries, true, '10.0.0.0/24', 1024, 65_535)).toEqual({ action: 'allow', rule: 100 });
  });

  it('does not let an allow that covers only part of the ports decide', () => {
    // Prepare
    const narrow: NetworkAclEntryInfo[] = [
      { RuleNumber: 100, Protocol: '6', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0', PortRange: { From: 32_768, To: 65_535 } },
      { RuleNumber: 32_767, Protocol: '-1', RuleAction: 'deny', Egress: true, CidrBlock: '0.0.0.0/0' },
    ];

    // Act / Assess
    expect(aclDecision(narrow, true, '10.0.0.0/24', 1024, 65_535)).toEqual({ action: 'deny', rule: 32_767, cidr: '0.0.0.0/0' });
    expect(aclDecision([], true, '10.0.0.0/24', 1024, 65_535)).toEqual({ action: 'unknown', because: 'the ACL lists no IPv4 entries' });
  });

  it('finds the free rule number just below the deny', () => {
    // Prepare / Act / Assess
    expect(freeRuleNumber(entries, false, 90)).toBe(89);
    expect(freeRuleNumber([...entries, { RuleNumber: 89, Egress: false }], false, 90)).toBe(88);
    expect(freeRuleNumber(entries, false, 1)).toBeNull();
  });
});
