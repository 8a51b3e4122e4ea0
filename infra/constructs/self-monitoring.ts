/**
 * apigw-doctor watching itself: alarms on every function's Errors and Throttles, on both dead-letter
 * queues, on the work queue's oldest message, on coverage failures, on a missing coverage heartbeat
 * and on failed notifications, all to the stack's topic; and one dashboard (incidents by cause,
 * actions, notifications, coverage, pipeline errors).
 *
 * Every alarm is named `<prefix>-self-…`, the prefix the alarm EventBridge rule excludes, so these
 * alarms never reach alarm-ingest (no self-alerting loop).
 */
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  LogQueryWidget,
  Metric,
  SingleValueWidget,
  TextWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, SERVICE_NAME, type DoctorFunction } from './doctor-function.ts';

/** What the monitoring looks at. */
export interface SelfMonitoringProps {
  readonly selfAlarmPrefix: string;
  readonly topic: ITopic;
  readonly functions: Readonly<Record<'log-ingest' | 'alarm-ingest' | 'worker' | 'coverage', DoctorFunction>>;
  readonly workQueue: Queue;
  readonly workDlq: Queue;
  readonly eventsDlq: Queue;
  /** Minutes between two coverage sweeps (the heartbeat window is a few of them). */
  readonly sweepMinutes: number;
}

/** A metric the service emits through Powertools (EMF; Powertools adds the `service` dimension). */
export function serviceMetric(name: string, statistic: string, period: Duration): Metric {
  return new Metric({ namespace: METRICS_NAMESPACE, metricName: name, dimensionsMap: { service: SERVICE_NAME }, statistic, period });
}

/** The alarms and the dashboard. */
export class SelfMonitoring extends Construct {
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: SelfMonitoringProps) {
    super(scope, id);
    const action = new SnsAction(props.topic);
    const five = Duration.minutes(5);
    const alarm = (key: string, name: string, metric: IMetric, threshold: number, description: string, options: { comparison?: ComparisonOperator; missing?: TreatMissingData } = {}) => {
      const a = new Alarm(this, key, {
        alarmName: `${props.selfAlarmPrefix}${name}`,
        alarmDescription: `apigw-doctor self-monitoring: ${description}`,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: options.comparison ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: options.missing ?? TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(action);
      this.alarms.push(a);
      return a;
    };

    for (const [name, fn] of Object.entries(props.functions)) {
      const key = name.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase());
      alarm(`${key}Errors`, `${name}-errors`, fn.function.metricErrors({ period: five, statistic: 'Sum' }), 1, `${name} failed invocations`);
      alarm(`${key}Throttles`, `${name}-throttles`, fn.function.metricThrottles({ period: five, statistic: 'Sum' }), 1, `${name} was throttled`);
    }
    alarm('WorkDlqDepth', 'work-dlq-depth', props.workDlq.metricApproximateNumberOfMessagesVisible({ period: five, statistic: 'Maximum' }), 1, 'work items the worker gave up on (dead-letter queue not empty)');
    alarm('EventsDlqDepth', 'events-dlq-depth', props.eventsDlq.metricApproximateNumberOfMessagesVisible({ period: five, statistic: 'Maximum' }), 1, 'events EventBridge could not deliver (dead-letter queue not empty)');
    alarm('WorkQueueAge', 'work-queue-age', props.workQueue.metricApproximateAgeOfOldestMessage({ period: five, statistic: 'Maximum' }), 900, 'the oldest work item waited 15 minutes or more');
    alarm('CoverageFailures', 'coverage-failures', serviceMetric('CoverageFailures', 'Sum', Duration.minutes(props.sweepMinutes)), 1, 'coverage could not read or change subscriptions or alarms');
    alarm('CoverageHeartbeat', 'coverage-heartbeat', serviceMetric('Heartbeat', 'SampleCount', Duration.minutes(props.sweepMinutes * 4)), 1, `no full coverage sweep for ${props.sweepMinutes * 4} minutes`, {
      comparison: ComparisonOperator.LESS_THAN_THRESHOLD,
      // No heartbeat at all is exactly the failure this alarm exists for.
      missing: TreatMissingData.BREACHING,
    });
    alarm('NotificationsFailed', 'notifications-failed', serviceMetric('NotificationsFailed', 'Sum', five), 1, 'an incident message could not be delivered');

    const hour = Duration.hours(1);
    const sum = (names: readonly string[]) => names.map((n) => serviceMetric(n, 'Sum', hour));
    const worker = props.functions.worker;
    const logIngest = props.functions['log-ingest'];
    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(7),
      widgets: [
        [new TextWidget({ markdown: '# apigw-doctor\nIncidents, actions and notifications from the worker; findings from log-ingest; coverage from the coverage sweep; pipeline health.', width: 24, height: 2 })],
        [
          new LogQueryWidget({
            title: 'Incidents opened by cause',
            logGroupNames: [worker.logGroup.logGroupName],
            queryLines: ['filter message = "Incident handled" and new = 1', 'parse incident "*|*|*|*|*|*" as account, region, api, stage, cause, route', 'stats count(*) as incidents by cause', 'sort incidents desc'],
            width: 12,
          }),
          new LogQueryWidget({
            title: 'Findings by cause (log-ingest)',
            logGroupNames: [logIngest.logGroup.logGroupName],
            queryLines: ['filter message = "5xx classified"', 'stats count(*) as findings by cause', 'sort findings desc'],
            width: 12,
          }),
        ],
        [
          new GraphWidget({ title: 'Incidents', left: sum(['IncidentsOpened', 'IncidentsResolved']), width: 8 }),
          new GraphWidget({ title: 'Actions', left: sum(['ActionsApplied', 'ActionsVerified', 'ActionsFailed', 'ActionsSkipped']), width: 8 }),
          new GraphWidget({ title: 'Notifications', left: sum(['NotificationsSent', 'NotificationsFailed']), width: 8 }),
        ],
        [
          new GraphWidget({ title: 'Findings and work items', left: sum(['Findings', 'WorkItemsQueued']), width: 8 }),
          new SingleValueWidget({
            title: 'Coverage (last sweep)',
            metrics: ['StagesWatched', 'StagesWithoutLogging', 'LogGroupsFull'].map((n) => serviceMetric(n, 'Maximum', Duration.minutes(props.sweepMinutes * 2))),
            width: 8,
          }),
          new GraphWidget({ title: 'Coverage changes and failures', left: sum(['CoverageChanges', 'CoverageFailures', 'Heartbeat']), width: 8 }),
        ],
        [
          new GraphWidget({ title: 'Function errors', left: Object.values(props.functions).map((f) => f.function.metricErrors({ period: five, statistic: 'Sum' })), width: 8 }),
          new GraphWidget({ title: 'Function throttles', left: Object.values(props.functions).map((f) => f.function.metricThrottles({ period: five, statistic: 'Sum' })), width: 8 }),
          new GraphWidget({
            title: 'Queues',
            left: [props.workDlq.metricApproximateNumberOfMessagesVisible({ period: five }), props.eventsDlq.metricApproximateNumberOfMessagesVisible({ period: five })],
            right: [props.workQueue.metricApproximateAgeOfOldestMessage({ period: five })],
            width: 8,
          }),
        ],
      ],
    });
  }
}
