/**
 * The in-house EventBridge matcher against the examples of the AWS documentation:
 * - "Comparison operators for use in event patterns in Amazon EventBridge"
 *   (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html),
 * - "Content filtering in Amazon EventBridge event patterns"
 *   (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html),
 * - "Creating event patterns" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern.html).
 * The rule syntax of each case is the documented one; the events are the smallest that show the
 * documented meaning, one that matches and one that does not.
 */
import { describe, expect, it } from 'vitest';
import { eventPatternMatcher, matchesEventPattern, UnsupportedPatternError } from '../support/event-pattern-matcher.ts';

interface Case {
  readonly name: string;
  readonly pattern: unknown;
  readonly matches: readonly unknown[];
  readonly misses: readonly unknown[];
}

const CASES: readonly Case[] = [
  {
    name: 'exact values, AND across fields (EC2 terminated example)',
    pattern: { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['terminated'] } },
    matches: [{ source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification', detail: { state: 'terminated', 'instance-id': 'i-1' } }],
    misses: [{ source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification', detail: { state: 'running' } }, { source: 'aws.ec2', detail: { state: 'terminated' } }],
  },
  {
    name: 'several values of one field are an OR',
    pattern: { source: ['aws.ec2', 'aws.fargate'] },
    matches: [{ source: 'aws.fargate' }],
    misses: [{ source: 'aws.s3' }],
  },
  {
    name: 'an event array matches when it intersects the pattern values',
    pattern: { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f', 'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f'] },
    matches: [{ resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f', 'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f'] }],
    misses: [{ resources: ['arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f'] }],
  },
  {
    name: 'empty string and null are values',
    pattern: { detail: { LastName: [''], UserID: [null] } },
    matches: [{ detail: { LastName: '', UserID: null } }],
    misses: [{ detail: { LastName: 'Doe', UserID: null } }, { detail: { LastName: '' } }],
  },
  {
    name: 'prefix (time starts with 2017-10-02)',
    pattern: { time: [{ prefix: '2017-10-02' }] },
    matches: [{ time: '2017-10-02T18:43:48Z' }],
    misses: [{ time: '2017-10-03T18:43:48Z' }, { time: 20171002 }],
  },
  {
    name: 'prefix ignoring case (service starts with EventB)',
    pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
    matches: [{ detail: { service: 'eventbridge' } }, { detail: { service: 'EVENTBRIDGE' } }],
    misses: [{ detail: { service: 'lambda' } }],
  },
  {
    name: 'suffix (FileName ends with .png)',
    pattern: { FileName: [{ suffix: '.png' }] },
    matches: [{ FileName: 'cat.png' }],
    misses: [{ FileName: 'cat.PNG' }, { FileName: 'cat.jpg' }],
  },
  {
    name: 'suffix ignoring case',
    pattern: { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
    matches: [{ detail: { FileName: 'cat.PNG' } }],
    misses: [{ detail: { FileName: 'cat.gif' } }],
  },
  {
    name: 'equals-ignore-case (detail-type in any case)',
    pattern: { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
    matches: [{ 'detail-type': 'EC2 Instance State-change Notification' }],
    misses: [{ 'detail-type': 'EC2 Instance State-change' }],
  },
  {
    name: 'anything-but a string',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    matches: [{ detail: { state: 'running' } }],
    misses: [{ detail: { state: 'initializing' } }, { detail: {} }],
  },
  {
    name: 'anything-but a number',
    pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
    matches: [{ detail: { 'x-limit': 124 } }],
    misses: [{ detail: { 'x-limit': 123 } }],
  },
  {
    name: 'anything-but a list of strings / numbers',
    pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }], 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
    matches: [{ detail: { state: 'running', 'x-limit': 150 } }],
    misses: [{ detail: { state: 'stopped', 'x-limit': 150 } }, { detail: { state: 'running', 'x-limit': 200 } }],
  },
  {
    name: 'anything-but a prefix (Region not in the US)',
    pattern: { Region: [{ 'anything-but': { prefix: 'us-' } }] },
    matches: [{ Region: 'eu-west-1' }],
    misses: [{ Region: 'us-east-1' }],
  },
  {
    name: 'anything-but a suffix',
    pattern: { FileName: [{ 'anything-but': { suffix: '.png' } }] },
    matches: [{ FileName: 'a.txt' }],
    misses: [{ FileName: 'a.png' }],
  },
  {
    name: 'anything-but ignoring case (a string and a list)',
    pattern: { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }], color: [{ 'anything-but': { 'equals-ignore-case': ['Red', 'Blue'] } }] } },
    matches: [{ detail: { state: 'running', color: 'green' } }],
    misses: [{ detail: { state: 'INITIALIZING', color: 'green' } }, { detail: { state: 'running', color: 'BLUE' } }],
  },
  {
    name: 'anything-but a wildcard (FilePath not under /lib/)',
    pattern: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
    matches: [{ FilePath: '/usr/bin/node' }],
    misses: [{ FilePath: '/usr/lib/node' }],
  },
  {
    name: 'wildcard (an event bus ARN in any account)',
    pattern: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] },
    matches: [{ EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/orders' }],
    misses: [{ EventBusArn: 'arn:aws:events:eu-west-1:123456789012:event-bus/orders' }],
  },
  {
    name: 'numeric ranges and equality (c-count, d-count, x-limit)',
    pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }], 'd-count': [{ numeric: ['<', 10] }], 'x-limit': [{ numeric: ['=', 3.018e2] }] } },
    matches: [{ detail: { 'c-count': 5, 'd-count': 7, 'x-limit': 301.8 } }],
    misses: [{ detail: { 'c-count': 0, 'd-count': 7, 'x-limit': 301.8 } }, { detail: { 'c-count': 5, 'd-count': 10, 'x-limit': 301.8 } }, { detail: { 'c-count': '5', 'd-count': 7, 'x-limit': 301.8 } }],
  },
  {
    name: 'exists: false (the field is absent)',
    pattern: { detail: { state: [{ exists: false }] } },
    matches: [{ detail: { c: 1 } }],
    misses: [{ detail: { state: 'running' } }],
  },
  {
    name: 'exists: true only on leaves',
    pattern: { detail: { state: [{ exists: true }] } },
    matches: [{ detail: { state: 'running' } }],
    misses: [{ detail: {} }, { detail: { state: { nested: 1 } } }],
  },
  {
    name: '$or (any of the sub-patterns)',
    pattern: { detail: { $or: [{ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] }, { 'd-count': [{ numeric: ['<', 10] }] }, { 'x-limit': [{ numeric: ['=', 3.018e2] }] }] } },
    matches: [{ detail: { 'c-count': 9, 'd-count': 3 } }, { detail: { 'x-limit': 301.8 } }],
    misses: [{ detail: { 'c-count': 9, 'd-count': 30, 'x-limit': 1 } }],
  },
  {
    name: 'an array of objects matches a nested pattern when one element matches all of it',
    pattern: { detail: { metrics: { metricStat: { metric: { namespace: ['AWS/ApiGateway'], name: ['5XXError'] } } } } },
    matches: [{ detail: { metrics: [{ expression: 'm1' }, { metricStat: { metric: { namespace: 'AWS/ApiGateway', name: '5XXError' } } }] } }],
    misses: [{ detail: { metrics: [{ metricStat: { metric: { namespace: 'AWS/ApiGateway', name: 'Count' } } }, { metricStat: { metric: { namespace: 'AWS/Lambda', name: '5XXError' } } }] } }],
  },
];

describe('event-pattern-matcher on the documented examples', () => {
  it.each(CASES)('$name', ({ pattern, matches, misses }) => {
    // Prepare
    const matcher = eventPatternMatcher(pattern);

    // Act
    const hits = matches.map((e) => matcher(e));
    const falseHits = misses.map((e) => matcher(e));

    // Assess
    expect(hits).toEqual(matches.map(() => true));
    expect(falseHits).toEqual(misses.map(() => false));
  });
});

describe('event-pattern-matcher refuses what it does not implement', () => {
  it.each([
    { name: 'cidr', pattern: { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } } },
    { name: 'an unknown operator', pattern: { detail: { state: [{ contains: 'x' }] } } },
    { name: 'anything-but of an unknown kind', pattern: { detail: { state: [{ 'anything-but': { 'contains': 'x' } }] } } },
    { name: 'a wildcard escape', pattern: { detail: { path: [{ wildcard: 'a\\*b' }] } } },
    { name: 'an empty value list', pattern: { source: [] } },
    { name: 'a bare value instead of a list', pattern: { source: 'aws.ec2' } },
    { name: 'a malformed numeric', pattern: { detail: { n: [{ numeric: ['>', '0'] }] } } },
    { name: 'a single-branch $or', pattern: { detail: { $or: [{ a: ['x'] }] } } },
    { name: 'an operator object with two keys', pattern: { detail: { a: [{ prefix: 'x', suffix: 'y' }] } } },
  ])('throws on $name before looking at any event', ({ pattern }) => {
    // Act / Assess
    expect(() => eventPatternMatcher(pattern)).toThrow(UnsupportedPatternError);
    expect(() => matchesEventPattern(pattern, {})).toThrow(UnsupportedPatternError);
  });
});
