/**
 * The whole pipeline on a laptop: the same use cases as the Lambdas (work items → handleWork), over a
 * recorded account (its writes change what it answers), an in-memory incident store and the
 * notifiers the flags configure. The composition root of `replay` and `demo`; adapters are loaded on
 * demand so commands that never read an account start fast.
 */
import type { IngestReport } from '../shared/domain/use-cases/ingest-event.ts';
import type { RemediationMode, SdkRequest } from '../shared/domain/model.ts';
import type { Notifier } from '../shared/ports/notifier.ts';
import type { WorkResult, WorkSettings } from '../shared/domain/use-cases/handle-work.ts';
import type { Recording } from '../shared/adapters/recorded/recorded-account.ts';

/** How to run it. */
export interface LocalPipelineOptions {
  readonly recording: Recording;
  readonly mode: RemediationMode;
  /** An incoming-webhook URL to really post the Slack cards to (else they are only rendered). */
  readonly slackWebhookUrl?: string;
  /** The log window alarms are diagnosed over. */
  readonly windowMs: number;
}

/** What the run did. */
export interface LocalPipelineRun {
  readonly results: readonly WorkResult[];
  /** Every call that changed the (recorded) account, in order. */
  readonly writes: readonly SdkRequest[];
  /** Why some signals gave no work. */
  readonly unworkable: readonly string[];
}

/** Runs every work item of `report` through the worker's use case. */
export async function runLocalPipeline(report: IngestReport, options: LocalPipelineOptions): Promise<LocalPipelineRun> {
  const [{ createRecordedAccount }, { recordedClock }, { MemoryIncidentStore }, { workItemsFor }, { handleWork }] = await Promise.all([
    import('../shared/adapters/recorded/recorded-remediator.ts'),
    import('../shared/adapters/recorded/recorded-account.ts'),
    import('../shared/adapters/memory/incident-store.ts'),
    import('../shared/domain/use-cases/work-items.ts'),
    import('../shared/domain/use-cases/handle-work.ts'),
  ]);
  const account = createRecordedAccount(options.recording);
  const clock = recordedClock(options.recording);
  const store = new MemoryIncidentStore({ clock });
  const notifiers: Notifier[] = [];
  if (options.slackWebhookUrl !== undefined) {
    const { createWebhookNotifier } = await import('../shared/adapters/slack/webhook-notifier.ts');
    notifiers.push(createWebhookNotifier({ webhookUrl: options.slackWebhookUrl }));
  }
  const settings: WorkSettings = {
    mode: options.mode,
    executionLogLevel: 'ERROR',
    cloudWatchRoleArn: null,
    maxActionsPerHour: 10,
    windowMs: options.windowMs,
    claimLeaseMs: 5 * 60_000,
    chatbotFormat: false,
  };
  const probe = account.reader();
  const { items, unworkable } = workItemsFor(report, { region: probe.region, account: probe.account }, clock.now().toISOString());
  const results: WorkResult[] = [];
  for (const item of items) {
    results.push(await handleWork(item, settings, { reader: () => account.reader(), remediator: account.remediator, store, notifiers, clock }));
  }
  return { results, writes: account.writes(), unworkable: unworkable.map((u) => u.reason) };
}
