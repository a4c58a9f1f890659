/**
 * Cloud Monitoring alert policies on what users feel: the share of requests that fail (5xx) for every function,
 * and the api's 95th-percentile latency. The functions are Cloud Run services, so the Cloud Run request
 * metrics cover HTTP calls and Pub/Sub push deliveries alike (a thrown handler error is a 5xx).
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';

export interface AlertPoliciesArgs {
  project: string;
  /** Cloud Run service names of the functions. */
  services: readonly string[];
  /** The synchronous service whose latency people wait for. */
  apiService: string;
  /** Where notifications go; without it the policies still open incidents in the console. */
  alertEmail: string | undefined;
}

/** Alert when more than this share of a function's requests fail over the window. */
export const ERROR_RATE_THRESHOLD = 0.05;
/** Alert when the api's p95 latency stays above this (milliseconds): a login should take well under a second. */
export const API_P95_LATENCY_MS = 1500;
const WINDOW = '300s';

const serviceFilter = (service: string, metric: string) =>
  `resource.type = "cloud_run_revision" AND resource.labels.service_name = "${service}" AND metric.type = "${metric}"`;

export class AlertPolicies extends pulumi.ComponentResource {
  readonly policies: gcp.monitoring.AlertPolicy[] = [];

  constructor(name: string, args: AlertPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('facegate:monitoring:AlertPolicies', name, {}, opts);
    const channels = args.alertEmail
      ? [
          new gcp.monitoring.NotificationChannel(
            `${name}-email`,
            {
              project: args.project,
              type: 'email',
              displayName: 'FaceGate alerts',
              labels: { email_address: args.alertEmail },
            },
            { parent: this },
          ).name,
        ]
      : [];
    const rate = { alignmentPeriod: '60s', perSeriesAligner: 'ALIGN_RATE', crossSeriesReducer: 'REDUCE_SUM' };

    for (const service of args.services) {
      const requests = serviceFilter(service, 'run.googleapis.com/request_count');
      this.policies.push(
        new gcp.monitoring.AlertPolicy(
          `${service}-error-rate`,
          {
            project: args.project,
            displayName: `${service}: more than ${ERROR_RATE_THRESHOLD * 100}% of requests fail`,
            combiner: 'OR',
            severity: 'ERROR',
            notificationChannels: channels,
            conditions: [
              {
                displayName: '5xx share of requests',
                conditionThreshold: {
                  filter: `${requests} AND metric.labels.response_code_class = "5xx"`,
                  aggregations: [rate],
                  denominatorFilter: requests,
                  denominatorAggregations: [rate],
                  comparison: 'COMPARISON_GT',
                  thresholdValue: ERROR_RATE_THRESHOLD,
                  duration: WINDOW,
                },
              },
            ],
            documentation: {
              mimeType: 'text/markdown',
              content: `Requests to ${service} are failing. Its logs: Cloud Run service \`${service}\`.`,
            },
          },
          { parent: this },
        ),
      );
    }

    this.policies.push(
      new gcp.monitoring.AlertPolicy(
        `${args.apiService}-latency`,
        {
          project: args.project,
          displayName: `${args.apiService}: p95 latency above ${API_P95_LATENCY_MS} ms`,
          combiner: 'OR',
          severity: 'WARNING',
          notificationChannels: channels,
          conditions: [
            {
              displayName: 'p95 request latency',
              conditionThreshold: {
                filter: serviceFilter(args.apiService, 'run.googleapis.com/request_latencies'),
                aggregations: [
                  {
                    alignmentPeriod: '60s',
                    perSeriesAligner: 'ALIGN_DELTA',
                    crossSeriesReducer: 'REDUCE_PERCENTILE_95',
                  },
                ],
                comparison: 'COMPARISON_GT',
                thresholdValue: API_P95_LATENCY_MS,
                duration: WINDOW,
              },
            },
          ],
        },
        { parent: this },
      ),
    );
    this.registerOutputs({});
  }
}
