import { isAlarm } from '../findings';
import type { InsightsResult } from '../insights';
import { formatDuration } from '../durations';
import { ReportDocument } from './document';
import { formatTime, formatValue } from './format';

/** How many endpoints the tables and the impact chart show. */
const TOP_ENDPOINTS = 10;

function noRequestsNote(result: InsightsResult): string {
  const others = result.otherServices ?? [];
  if (others.length === 0) return 'No HTTP requests recorded in this window (by any service).';
  return `No HTTP requests${result.service ? ` of ${result.service}` : ''} in this window; services with requests: ${others.join(', ')}.`;
}

export function insightsDocument(result: InsightsResult): ReportDocument {
  const alarms = result.findings.filter(isAlarm);
  const hints = result.findings.filter((f) => !isAlarm(f));
  const top = result.endpoints.slice(0, TOP_ENDPOINTS);
  const short = result.end - result.start < 600;
  return {
    title: `perf-otel insights${result.service ? ` for ${result.service}` : ''}`,
    subtitle: `${result.source}, ${formatTime(result.start, short)} – ${formatTime(result.end, short)} (${formatDuration(result.end - result.start)}); latency threshold ${formatValue(result.latencyThresholdSeconds, 'seconds')}`,
    verdict:
      alarms.length === 0
        ? { text: 'No alarms: nothing crossed a threshold', tone: 'good' }
        : { text: `${alarms.length} alarm(s): ${alarms.filter((f) => f.severity === 'critical').length} critical`, tone: 'bad' },
    sections: [
      { heading: 'Alarms', findings: alarms, note: alarms.length === 0 ? 'No endpoint, database, pool or runtime alarm in this window.' : undefined },
      {
        heading: 'Endpoints by impact (rate × mean latency)',
        table: {
          columns: ['endpoint', 'req/s', 'mean', 'p95', 'p99', '5xx', 'share of time'],
          rows: top.map((e) => [
            e.endpoint,
            formatValue(e.rate, 'per-second'),
            formatValue(e.meanSeconds, 'seconds'),
            formatValue(e.p95Seconds, 'seconds'),
            formatValue(e.p99Seconds, 'seconds'),
            formatValue(e.errorRatio, 'ratio'),
            formatValue(e.impactShare, 'ratio'),
          ]),
        },
        note: top.length === 0 ? noRequestsNote(result) : undefined,
        charts: [
          {
            kind: 'line',
            title: 'Latency percentiles over time',
            unit: 'seconds',
            series: result.latencyOverTime.map((s) => ({ name: s.percentile, points: s.points })),
          },
          {
            kind: 'bars',
            title: 'Top endpoints by impact (server seconds per second)',
            unit: 'seconds',
            bars: top.map((e) => ({ label: e.endpoint, value: e.impact })),
          },
        ],
      },
      ...(result.dbOperations.length === 0
        ? []
        : [
            {
              heading: 'Slowest database operations',
              table: {
                columns: ['operation', 'calls/s', 'mean', 'p95', 'share of DB time'],
                rows: result.dbOperations
                  .slice(0, TOP_ENDPOINTS)
                  .map((o) => [
                    o.operation,
                    formatValue(o.rate, 'per-second'),
                    formatValue(o.meanSeconds, 'seconds'),
                    formatValue(o.p95Seconds, 'seconds'),
                    formatValue(o.timeShare, 'ratio'),
                  ]),
              },
            },
          ]),
      ...(result.tenants.length === 0
        ? []
        : [
            {
              heading: 'Tenants',
              table: {
                columns: ['tenant', 'req/s', '5xx', 'share of time'],
                rows: result.tenants.map((t) => [
                  `${t.label}=${t.tenant}`,
                  formatValue(t.rate, 'per-second'),
                  formatValue(t.errorRatio, 'ratio'),
                  formatValue(t.impactShare, 'ratio'),
                ]),
              },
            },
          ]),
      { heading: 'Opportunities', findings: hints, note: hints.length === 0 ? 'Nothing to rank yet.' : undefined },
    ],
  };
}
