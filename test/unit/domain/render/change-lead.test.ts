import { describe, expect, it } from 'vitest';
import { changeLead } from '../../../../shared/domain/render/change-lead.ts';
import type { Change } from '../../../../shared/domain/model.ts';

const change: Change = {
  time: '2026-11-20T00:10:04.000Z',
  eventName: 'RevokeSecurityGroupIngress',
  eventSource: 'ec2.amazonaws.com',
  who: 'alice',
  resources: ['sg-0a1b'],
  relatedTo: 'vpc-link-health',
  minutesBeforeFirstFailure: 5,
  revert: "aws ec2 authorize-security-group-ingress --group-id sg-0a1b --ip-permissions '[...]' --region us-east-1",
  revertRequest: null,
  summary: 'revoked 10.0.0.0/24:8080 on sg-0a1b',
};

describe('changeLead', () => {
  it('says who did what at what time and when errors began', () => {
    expect(changeLead([change], null)).toStrictEqual({
      text: 'alice revoked 10.0.0.0/24:8080 on sg-0a1b at 00:10 UTC; errors began 00:15 UTC',
      who: 'alice', what: 'revoked 10.0.0.0/24:8080 on sg-0a1b', time: change.time, relatedTo: 'vpc-link-health', revert: change.revert,
    });
  });

  it('falls back to the event name and its resources, and to the incident’s first failure', () => {
    const { summary: _none, ...bare } = change;
    expect(changeLead([{ ...bare, who: null, minutesBeforeFirstFailure: null, eventName: 'ModifyNetworkInterfaceAttribute' }], '2026-11-20T00:16:30.000Z')?.text)
      .toBe('someone ModifyNetworkInterfaceAttribute on sg-0a1b at 00:10 UTC; errors began 00:16 UTC');
  });

  it('leads with nothing when the first change explains no failing check or cause', () => {
    expect(changeLead([{ ...change, relatedTo: null }, change], null)).toBeNull();
    expect(changeLead(undefined, null)).toBeNull();
  });
});
