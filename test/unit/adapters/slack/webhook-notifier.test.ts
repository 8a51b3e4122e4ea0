import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookNotifier } from '../../../../shared/adapters/slack/webhook-notifier.ts';
import type { Notification } from '../../../../shared/ports/notifier.ts';
import { renderSlackCard } from '../../../../shared/domain/render/slack-card.ts';
import { renderSnsMessage } from '../../../../shared/domain/render/sns-message.ts';
import { permissionLostReport } from '../../domain/render/incident-fixture.ts';
import { closedPort, recordingSleep, startLoopbackSlack, type LoopbackSlack } from './loopback-slack.ts';

/** The secret part of a webhook URL: it must never show up in a failure message. */
const HOOK_PATH = '/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';

let slack: LoopbackSlack;
let notification: Notification;

beforeAll(async () => {
  slack = await startLoopbackSlack();
  const { report } = await permissionLostReport();
  notification = { channel: 'slack', payload: renderSlackCard(report) };
});

afterAll(async () => {
  await slack.close();
});

function notifier(sleep: (ms: number) => Promise<void>, url = `${slack.origin}${HOOK_PATH}`) {
  // A base delay unlike any Retry-After below, so a test can tell an honoured header from the backoff.
  return createWebhookNotifier({ webhookUrl: url, retry: { sleep, baseDelayMs: 250 } });
}

describe('createWebhookNotifier', () => {
  it('POSTs the card as JSON to the webhook URL through the real IncomingWebhook', async () => {
    // Prepare
    slack.script({ status: 200, body: 'ok' });
    const { waits, sleep } = recordingSleep();

    // Act
    const result = await notifier(sleep).deliver(notification, null);

    // Assess
    expect(result).toStrictEqual({ ok: true, value: { thread: null } });
    expect(slack.requests).toHaveLength(1);
    const [request] = slack.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(HOOK_PATH);
    expect(request?.headers['content-type']).toBe('application/json');
    const body = JSON.parse(request?.body ?? '{}') as { text: string; blocks: unknown[]; unfurl_links: boolean };
    expect(body).toMatchObject({ text: notification.channel === 'slack' ? notification.payload.text : '', unfurl_links: false });
    expect(body.blocks).toStrictEqual(notification.channel === 'slack' ? notification.payload.blocks : []);
    expect(waits).toStrictEqual([]);
  });

  it('honours Retry-After on a 429 and sends again', async () => {
    // Prepare
    slack.script({ status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' }, { status: 200, body: 'ok' });
    const { waits, sleep } = recordingSleep();

    // Act
    const result = await notifier(sleep).deliver(notification, null);

    // Assess
    expect(result.ok).toBe(true);
    expect(waits).toStrictEqual([1000]);
    expect(slack.requests).toHaveLength(2);
    expect(slack.requests[1]?.body).toBe(slack.requests[0]?.body);
  });

  it('backs off and retries after a 500', async () => {
    // Prepare
    slack.script({ status: 500, body: 'internal_error' }, { status: 200, body: 'ok' });
    const { waits, sleep } = recordingSleep();

    // Act
    const result = await notifier(sleep).deliver(notification, null);

    // Assess
    expect(result.ok).toBe(true);
    expect(waits).toStrictEqual([250]);
    expect(slack.requests).toHaveLength(2);
  });

  it('returns a permanent 400 invalid_blocks as a rejected failure, once, without throwing', async () => {
    // Prepare
    slack.script({ status: 400, body: 'invalid_blocks' });
    const { waits, sleep } = recordingSleep();

    // Act
    const result = await notifier(sleep).deliver(notification, null);

    // Assess
    expect(result).toStrictEqual({ ok: false, error: { kind: 'rejected', message: 'Slack webhook answered 400 invalid_blocks' } });
    expect(slack.requests).toHaveLength(1);
    expect(waits).toStrictEqual([]);
  });

  it('gives up after 3 attempts, backing off 250 ms then 500 ms, when Slack keeps failing', async () => {
    // Prepare
    slack.script({ status: 503, body: 'service_unavailable' });
    const { waits, sleep } = recordingSleep();

    // Act
    const result = await notifier(sleep).deliver(notification, null);

    // Assess
    expect(result).toStrictEqual({ ok: false, error: { kind: 'unreachable', message: 'Slack webhook answered 503 service_unavailable (gave up after 3 attempts)' } });
    expect(waits).toStrictEqual([250, 500]);
    expect(slack.requests).toHaveLength(3);
  });

  it('does not wait past the 30 s budget when Retry-After asks for more', async () => {
    // Prepare
    slack.script({ status: 429, headers: { 'retry-after': '120' }, body: 'rate_limited' });
    const { waits, sleep } = recordingSleep();

    // Act
    const result = await notifier(sleep).deliver(notification, null);

    // Assess
    expect(result.ok ? null : result.error.kind).toBe('throttled');
    expect(result.ok ? '' : result.error.message).toContain('asked to wait 120 s, over the 30 s retry budget');
    expect(waits).toStrictEqual([]);
    expect(slack.requests).toHaveLength(1);
  });

  it('calls a removed webhook misconfigured, and never puts its URL in the message', async () => {
    // Prepare
    slack.script({ status: 404, body: 'no_service' });
    const { sleep } = recordingSleep();

    // Act
    const result = await notifier(sleep).deliver(notification, null);

    // Assess
    expect(result).toStrictEqual({ ok: false, error: { kind: 'misconfigured', message: 'Slack webhook answered 404 no_service' } });
  });

  it('retries a connection that is refused, then reports Slack unreachable', async () => {
    // Prepare
    const port = await closedPort();
    const { waits, sleep } = recordingSleep();

    // Act
    const result = await notifier(sleep, `http://127.0.0.1:${port}${HOOK_PATH}`).deliver(notification, null);

    // Assess
    expect(result.ok ? null : result.error.kind).toBe('unreachable');
    expect(result.ok ? '' : result.error.message).not.toContain(HOOK_PATH);
    expect(waits).toStrictEqual([250, 500]);
  });

  it('reads the URL through the credential function on each delivery, and reports a failed read', async () => {
    // Prepare
    slack.script({ status: 200, body: 'ok' });
    const { sleep } = recordingSleep();
    let reads = 0;
    const good = createWebhookNotifier({ webhookUrl: async () => { reads += 1; return `${slack.origin}${HOOK_PATH}`; }, retry: { sleep } });
    const broken = createWebhookNotifier({ webhookUrl: async () => { throw new Error('cannot read secret apigw-doctor/slack: AccessDeniedException'); }, retry: { sleep } });

    // Act
    const results = [await good.deliver(notification, null), await good.deliver(notification, null), await broken.deliver(notification, null)];

    // Assess
    expect(results.map((r) => r.ok)).toStrictEqual([true, true, false]);
    expect(reads).toBe(2);
    expect(results[2]).toStrictEqual({ ok: false, error: { kind: 'misconfigured', message: 'cannot read the Slack webhook URL: cannot read secret apigw-doctor/slack: AccessDeniedException' } });
  });

  it('refuses an SNS notification and blocks that are not card blocks, sending nothing', async () => {
    // Prepare
    slack.script({ status: 200, body: 'ok' });
    const { report } = await permissionLostReport();
    const sns = renderSnsMessage(report);
    const { sleep } = recordingSleep();

    // Act
    const wrongChannel = await notifier(sleep).deliver({ channel: 'sns', ...sns }, null);
    const wrongBlock = await notifier(sleep).deliver({ channel: 'slack', payload: { text: 'x', blocks: [{ type: 'image', image_url: 'https://x' }] } }, null);

    // Assess
    expect(wrongChannel.ok ? null : wrongChannel.error.kind).toBe('misconfigured');
    expect(wrongBlock.ok ? null : wrongBlock.error.kind).toBe('rejected');
    expect(slack.requests).toHaveLength(0);
  });
});
