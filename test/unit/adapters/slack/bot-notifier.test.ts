import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotNotifier } from '../../../../shared/adapters/slack/bot-notifier.ts';
import type { Notification } from '../../../../shared/ports/notifier.ts';
import { renderSlackCard } from '../../../../shared/domain/render/slack-card.ts';
import { permissionLostReport } from '../../domain/render/incident-fixture.ts';
import { recordingSleep, startLoopbackSlack, type LoopbackSlack, type RecordedRequest } from './loopback-slack.ts';

const TOKEN = 'xoxb-0000000000-0000000000000-loopbacktesttoken';
const CHANNEL = 'C0123456789';
const POSTED = { ok: true, channel: CHANNEL, ts: '1763647331.000100', message: {} };

let slack: LoopbackSlack;
let first: Notification;
let ongoing: Notification;

beforeAll(async () => {
  slack = await startLoopbackSlack();
  first = { channel: 'slack', payload: renderSlackCard((await permissionLostReport('new')).report) };
  ongoing = { channel: 'slack', payload: renderSlackCard((await permissionLostReport('ongoing')).report) };
});

afterAll(async () => {
  await slack.close();
});

function notifier(sleep: (ms: number) => Promise<void>) {
  // A base delay unlike any Retry-After below, so a test can tell an honoured header from the backoff.
  return createBotNotifier({ token: TOKEN, channel: CHANNEL, slackApiUrl: `${slack.origin}/api/`, retry: { sleep, baseDelayMs: 250 } });
}

/** The form fields of a chat.postMessage call (the client sends them url-encoded, blocks as JSON). */
function form(request: RecordedRequest | undefined): URLSearchParams {
  return new URLSearchParams(request?.body ?? '');
}

describe('createBotNotifier', () => {
  it('posts the first message with chat.postMessage and returns it as the thread', async () => {
    // Prepare
    slack.script({ status: 200, body: POSTED });
    const { waits, sleep } = recordingSleep();

    // Act
    const result = await notifier(sleep).deliver(first, null);

    // Assess
    expect(result).toStrictEqual({ ok: true, value: { thread: { channel: CHANNEL, ts: POSTED.ts } } });
    expect(slack.requests).toHaveLength(1);
    const [request] = slack.requests;
    expect(request?.path).toBe('/api/chat.postMessage');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const fields = form(request);
    expect(fields.get('channel')).toBe(CHANNEL);
    expect(fields.get('thread_ts')).toBeNull();
    expect(fields.get('text')).toBe(first.channel === 'slack' ? first.payload.text : '');
    expect(JSON.parse(fields.get('blocks') ?? '[]')).toStrictEqual(first.channel === 'slack' ? first.payload.blocks : []);
    expect(waits).toStrictEqual([]);
  });

  it('replies under the first message with thread_ts and keeps returning that thread', async () => {
    // Prepare
    slack.script({ status: 200, body: { ...POSTED, ts: '1763647999.000200' } });
    const thread = { channel: 'C0THREAD01', ts: POSTED.ts };
    const { sleep } = recordingSleep();

    // Act
    const result = await notifier(sleep).deliver(ongoing, thread);

    // Assess
    expect(result).toStrictEqual({ ok: true, value: { thread } });
    const fields = form(slack.requests[0]);
    expect(fields.get('thread_ts')).toBe(POSTED.ts);
    expect(fields.get('channel')).toBe('C0THREAD01');
  });

  it('honours Retry-After on a 429 (the client’s own retries are off) and sends again', async () => {
    // Prepare
    slack.script({ status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } }, { status: 200, body: POSTED });
    const { waits, sleep } = recordingSleep();

    // Act
    const result = await notifier(sleep).deliver(first, null);

    // Assess
    expect(result.ok).toBe(true);
    expect(waits).toStrictEqual([1000]);
    expect(slack.requests).toHaveLength(2);
    expect(form(slack.requests[1]).get('blocks')).toBe(form(slack.requests[0]).get('blocks'));
  });

  it('retries after a 500, honouring its Retry-After when it has one', async () => {
    // Prepare
    slack.script({ status: 500, body: 'oops' }, { status: 503, headers: { 'retry-after': '3' }, body: 'busy' }, { status: 200, body: POSTED });
    const { waits, sleep } = recordingSleep();

    // Act
    const result = await notifier(sleep).deliver(first, null);

    // Assess
    expect(result.ok).toBe(true);
    expect(waits).toStrictEqual([250, 3000]);
    expect(slack.requests).toHaveLength(3);
  });

  it('returns invalid_blocks as a rejected failure after one call, without throwing', async () => {
    // Prepare
    slack.script({ status: 200, body: { ok: false, error: 'invalid_blocks', response_metadata: { messages: ['[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]'] } } });
    const { waits, sleep } = recordingSleep();

    // Act
    const result = await notifier(sleep).deliver(first, null);

    // Assess
    expect(result).toStrictEqual({ ok: false, error: { kind: 'rejected', message: 'Slack refused chat.postMessage: invalid_blocks ([ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text])' } });
    expect(slack.requests).toHaveLength(1);
    expect(waits).toStrictEqual([]);
  });

  it('calls a channel the bot is not in misconfigured', async () => {
    // Prepare
    slack.script({ status: 200, body: { ok: false, error: 'not_in_channel' } });
    const { sleep } = recordingSleep();

    // Act
    const result = await notifier(sleep).deliver(first, null);

    // Assess
    expect(result).toStrictEqual({ ok: false, error: { kind: 'misconfigured', message: 'Slack refused chat.postMessage: not_in_channel' } });
  });

  it('stops at the retry budget instead of sleeping through a long Retry-After', async () => {
    // Prepare
    slack.script({ status: 429, headers: { 'retry-after': '20' }, body: { ok: false, error: 'ratelimited' } });
    const { waits, sleep } = recordingSleep();

    // Act
    const result = await notifier(sleep).deliver(first, null);

    // Assess
    expect(result.ok ? null : result.error.kind).toBe('throttled');
    expect(waits).toStrictEqual([20_000]);
    expect(slack.requests).toHaveLength(2);
  });
});
