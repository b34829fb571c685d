import { baseDashboard } from '../dashboard-base';
import { prom, row, timeSeriesPanel } from '../panels';
import { prometheusDatasource } from '../variables';

export const COLLECTOR_UID = 'perf-otel-collector';

// The Collector's own telemetry (:8888), as otelcol-perf-otel 0.165 names it (no _total on its
// counters); the alerts on the same series are deploy/prometheus/rules/perf-otel-collector.yml.
const RATE = '$__rate_interval';
const perInstance = (expr: string) => `sum by (instance) (${expr})`;
const perExporter = (expr: string) => `sum by (instance, exporter) (${expr})`;

export function collectorHealth() {
  return baseDashboard(
    COLLECTOR_UID,
    'perf-otel / Collector',
    'The Collector tier itself (agents and gateways): points in, refused and failed, memory and its limiter, sending queues against their capacity, export failures, remote-write WAL backlog.',
  )
    .variables([prometheusDatasource()])
    .withRow(row('Collector health'))
    .withPanel(
      timeSeriesPanel(
        'Points received / refused / failed',
        [
          prom(perInstance(`rate(otelcol_receiver_accepted_metric_points[${RATE}])`), '{{instance}} accepted'),
          prom(perInstance(`rate(otelcol_receiver_refused_metric_points[${RATE}])`), '{{instance}} refused'),
          prom(perInstance(`rate(otelcol_receiver_failed_metric_points[${RATE}])`), '{{instance}} failed'),
        ],
        { unit: 'short', width: 8, description: 'Refused: memory_limiter said no (senders retry). Failed: the pipeline returned another error.' },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        'Memory and memory_limiter',
        [
          prom('max by (instance) (otelcol_process_memory_rss)', '{{instance}} RSS'),
          prom('max by (instance) (otelcol_process_runtime_heap_alloc_bytes)', '{{instance}} Go heap'),
        ],
        {
          unit: 'bytes',
          width: 8,
          description:
            'memory_limiter compares the Go heap with its limit (OTELCOL_MEMORY_LIMIT_MIB or % of the container); RSS is what the container limit sees.',
        },
      ),
    )
    .withPanel(
      timeSeriesPanel('memory_limiter refusals', [prom(perInstance(`rate(otelcol_processor_memory_limiter_refused_metric_points[${RATE}])`), '{{instance}}')], {
        unit: 'short',
        width: 8,
      }),
    )
    .withPanel(
      timeSeriesPanel(
        'Sending queue vs capacity',
        [
          prom(perExporter('otelcol_exporter_queue_size'), '{{instance}} {{exporter}} size'),
          prom(perExporter('otelcol_exporter_queue_capacity'), '{{instance}} {{exporter}} capacity'),
        ],
        {
          unit: 'short',
          width: 8,
          description: 'Batches waiting per exporter (on disk with the gateway overlay). Full: new data is dropped (enqueue failed).',
        },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        'Exported / failed points',
        [
          prom(perExporter(`rate(otelcol_exporter_sent_metric_points[${RATE}])`), '{{instance}} {{exporter}} sent'),
          prom(perExporter(`rate(otelcol_exporter_send_failed_metric_points[${RATE}])`), '{{instance}} {{exporter}} send failed'),
          prom(perExporter(`rate(otelcol_exporter_enqueue_failed_metric_points[${RATE}])`), '{{instance}} {{exporter}} queue full'),
        ],
        { unit: 'short', width: 8 },
      ),
    )
    .withPanel(
      timeSeriesPanel('Remote-write WAL backlog', [prom('max by (instance) (otelcol_exporter_prometheusremotewrite_wal_lag)', '{{instance}}')], {
        unit: 'short',
        width: 8,
        description: 'Write requests in the remote-write WAL not yet sent (gateway overlay); grows while the endpoint is down.',
      }),
    );
}
