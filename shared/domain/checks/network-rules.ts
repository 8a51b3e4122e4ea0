/**
 * The network arithmetic behind `vpc-link-health`: IPv4 CIDR containment, whether a target's security
 * groups admit a port from a source range, and what a (stateless, ordered) network ACL decides for a
 * source range and port. Pure functions over the port's EC2 types, no I/O.
 *
 * The answers are three-valued where AWS data can leave us unsure (a prefix list, a rule that covers
 * only part of a range): `unknown` is never turned into "admitted", so a check built on it skips
 * instead of passing falsely.
 */
import type { IpPermissionInfo, NetworkAclEntryInfo } from '../../ports/account-reader.ts';

/** An IPv4 range as two unsigned 32-bit numbers (first and last address). */
interface Range {
  readonly first: number;
  readonly last: number;
}

/** `10.0.1.0/24` → its first and last address; null for anything that is not an IPv4 CIDR (IPv6, garbage). */
export function parseCidr(cidr: string): Range | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(cidr.trim());
  if (m === null) return null;
  const octets = [m[1], m[2], m[3], m[4]].map((o) => Number(o));
  if (octets.some((o) => o > 255)) return null;
  const bits = m[5] === undefined ? 32 : Number(m[5]);
  if (bits > 32) return null;
  const address = ((octets[0] ?? 0) * 2 ** 24) + ((octets[1] ?? 0) << 16) + ((octets[2] ?? 0) << 8) + (octets[3] ?? 0);
  const size = 2 ** (32 - bits);
  const first = Math.floor(address / size) * size;
  return { first, last: first + size - 1 };
}

/** True when every address of `inner` lies in `outer` (both IPv4 CIDRs or single addresses). */
export function cidrContains(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  return o !== null && i !== null && o.first <= i.first && i.last <= o.last;
}

/** True when the two ranges share at least one address. */
export function cidrOverlaps(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  return x !== null && y !== null && x.first <= y.last && y.first <= x.last;
}

/** TCP as security groups (`tcp`, `6`) and ACLs (`6`) spell it, or every protocol (`-1`). */
function carriesTcp(protocol: string | undefined): boolean {
  const p = (protocol ?? '').toLowerCase();
  return p === 'tcp' || p === '6' || p === '-1';
}

function coversPort(from: number | undefined, to: number | undefined, port: number, allProtocols: boolean): boolean {
  if (allProtocols) return true;
  // A TCP rule always has both ports; one without is malformed and admits nothing we can prove.
  return from !== undefined && to !== undefined && from <= port && port <= to;
}

/** What the security groups of a target say about one source range and port. */
export type IngressVerdict =
  | { readonly admitted: true; readonly by: string }
  | { readonly admitted: false }
  | { readonly admitted: 'unknown'; readonly because: string };

/**
 * Whether the permissions (the union of every group on the target's interface: security groups only
 * allow) admit TCP `port` from every address of `sourceCidr`, or from one of `sourceGroups` (the load
 * balancer's own security groups, when it has any).
 */
export function ingressAdmits(permissions: readonly IpPermissionInfo[], port: number, sourceCidr: string, sourceGroups: readonly string[]): IngressVerdict {
  let unknown: string | null = null;
  for (const p of permissions) {
    if (!carriesTcp(p.IpProtocol)) continue;
    if (!coversPort(p.FromPort, p.ToPort, port, p.IpProtocol === '-1')) continue;
    const range = (p.IpRanges ?? []).find((r) => r.CidrIp !== undefined && cidrContains(r.CidrIp, sourceCidr));
    if (range?.CidrIp !== undefined) return { admitted: true, by: range.CidrIp };
    const group = (p.UserIdGroupPairs ?? []).find((g) => g.GroupId !== undefined && sourceGroups.includes(g.GroupId));
    if (group?.GroupId !== undefined) return { admitted: true, by: group.GroupId };
    const list = (p.PrefixListIds ?? []).find((l) => l.PrefixListId !== undefined);
    if (list?.PrefixListId !== undefined) unknown ??= `prefix list ${list.PrefixListId} (its entries are not read)`;
    // A rule from a range that only partly covers the source leaves part of it out: not proof either way.
    const partial = (p.IpRanges ?? []).find((r) => r.CidrIp !== undefined && cidrOverlaps(r.CidrIp, sourceCidr));
    if (partial?.CidrIp !== undefined) unknown ??= `${partial.CidrIp}, which covers only part of ${sourceCidr}`;
  }
  return unknown === null ? { admitted: false } : { admitted: 'unknown', because: unknown };
}

/** What a network ACL decides for one direction, range and port range. */
export type AclVerdict =
  | { readonly action: 'allow'; readonly rule: number }
  | { readonly action: 'deny'; readonly rule: number; readonly cidr: string }
  | { readonly action: 'unknown'; readonly because: string };

/**
 * The first matching entry of the ACL for TCP traffic to ports `from`–`to` from (`egress` false) or to
 * (`egress` true) `cidr`, in rule-number order, as AWS evaluates them. An allow must cover the whole
 * range and port span to decide; a deny that touches any part of them decides (some packets are
 * dropped). The implicit last rule (`*`, 32767) denies everything, so an ACL always decides unless
 * its entries cannot be read.
 */
export function aclDecision(entries: readonly NetworkAclEntryInfo[], egress: boolean, cidr: string, from: number, to: number): AclVerdict {
  const ordered = entries.filter((e) => (e.Egress ?? false) === egress && e.RuleNumber !== undefined && e.CidrBlock !== undefined).sort((a, b) => (a.RuleNumber ?? 0) - (b.RuleNumber ?? 0));
  for (const entry of ordered) {
    if (!carriesTcp(entry.Protocol)) continue;
    const all = entry.Protocol === '-1';
    const lo = all ? 0 : (entry.PortRange?.From ?? 0);
    const hi = all ? 65_535 : (entry.PortRange?.To ?? 65_535);
    const block = entry.CidrBlock ?? '';
    const rule = entry.RuleNumber ?? 0;
    const action = (entry.RuleAction ?? '').toLowerCase();
    if (action === 'deny' && cidrOverlaps(block, cidr) && lo <= to && from <= hi) return { action: 'deny', rule, cidr: block };
    if (action === 'allow' && cidrContains(block, cidr) && lo <= from && to <= hi) return { action: 'allow', rule };
  }
  return ordered.length === 0 ? { action: 'unknown', because: 'the ACL lists no IPv4 entries' } : { action: 'deny', rule: 32_767, cidr: '0.0.0.0/0' };
}

/** The highest free rule number below `before` (so a new allow is evaluated just before it), or null when there is none. */
export function freeRuleNumber(entries: readonly NetworkAclEntryInfo[], egress: boolean, before: number): number | null {
  const used = new Set(entries.filter((e) => (e.Egress ?? false) === egress).map((e) => e.RuleNumber));
  // Counting down from just below the deny keeps the new rule next to the one it works around.
  for (let n = Math.min(before, 32_767) - 1; n >= 1; n -= 1) if (!used.has(n)) return n;
  return null;
}
