import { baseDashboard } from '../dashboard-base';
import { deployMarkers } from '../deploy-markers';
import { barsPanel, prom, promInstant, row, timeSeriesPanel } from '../panels';
import * as M from '../prometheus-names';
import { OWNER_FILTER, ownerVariables, serviceVariables } from '../variables';

export const CONTAINERS_UID = 'perf-otel-containers';

const RATE = '$__rate_interval';
const F = OWNER_FILTER;

/** Usage per owner (team or project): only services that declare one. */
function byOwner(label: string, title: string) {
  const owned = `${F}, ${label}!=""`;
  return [
    timeSeriesPanel(
      `CPU by ${title}`,
      [
        prom(`sum by (${label}) (${M.CONTAINER_CPU_USAGE}{${owned}})`, `{{${label}}} used`),
        prom(`sum by (${label}) (${M.CONTAINER_CPU_LIMIT}{${owned}})`, `{{${label}}} limit`),
      ],
      { unit: 'none', width: 8, description: `CPUs used and granted, summed over the containers whose service sets owner.${label.slice(6)}.` },
    ),
    timeSeriesPanel(
      `Memory by ${title}`,
      [
        prom(`sum by (${label}) (${M.CONTAINER_MEMORY_WORKING_SET}{${owned}})`, `{{${label}}} working set`),
        prom(`sum by (${label}) (${M.CONTAINER_MEMORY_LIMIT}{${owned}})`, `{{${label}}} limit`),
      ],
      { unit: 'bytes', width: 8 },
    ),
    barsPanel(`Containers by ${title}`, [promInstant(`count by (${label}) (${M.CONTAINER_MEMORY_USAGE}{${owned}})`, `{{${label}}}`)], { width: 8 }),
  ];
}

export function containers() {
  const dashboard = baseDashboard(
    CONTAINERS_UID,
    'perf-otel / Containers',
    "Each instance's own container (its cgroup) against its CPU and memory limits: throttling, memory and OOM kills, per service and " +
      'instance and per owner team, project and user (the owner.* resource attributes). Limits show only where one is set; pressure only on cgroup v2.',
  )
    .variables([...serviceVariables(), ...ownerVariables()])
    .annotation(deployMarkers())
    .withRow(row('CPU against the limit'))
    .withPanel(
      timeSeriesPanel(
        'CPU used and limit',
        [prom(`${M.CONTAINER_CPU_USAGE}{${F}}`, 'used {{job}} {{instance}}'), prom(`${M.CONTAINER_CPU_LIMIT}{${F}}`, 'limit {{job}} {{instance}}')],
        { unit: 'none', width: 8, description: 'CPUs (1 = one core) over the last window, and the CFS quota / period.' },
      ),
    )
    .withPanel(
      timeSeriesPanel('CPU used / limit', [prom(`${M.CONTAINER_CPU_LIMIT_UTILIZATION}{${F}}`, '{{job}} {{instance}}')], {
        unit: 'percentunit',
        width: 8,
        min: 0,
      }),
    )
    .withPanel(
      timeSeriesPanel('Throttled periods', [prom(`${M.REC_CONTAINER_THROTTLED_RATIO}{${F}}`, '{{job}} {{instance}}')], {
        unit: 'percentunit',
        width: 8,
        min: 0,
        max: 1,
        description: 'Share of CFS periods in which the container used up its quota and was stopped. Alert: PerfOtelContainerCpuThrottled (> 25 %).',
      }),
    )
    .withPanel(
      timeSeriesPanel('Time throttled', [prom(`sum by (job, instance) (rate(${M.CONTAINER_CPU_THROTTLED_TIME}{${F}}[${RATE}]))`, '{{job}} {{instance}}')], {
        unit: 's',
        width: 12,
        description: "Seconds per second the container's threads were stopped by the quota (all threads added up).",
      }),
    )
    .withPanel(
      timeSeriesPanel(
        'CPU pressure (waiting for a CPU)',
        [prom(`sum by (job, instance) (rate(${M.CONTAINER_CPU_PRESSURE}{${F}, perf_otel_pressure_scope="some"}[${RATE}]))`, '{{job}} {{instance}}')],
        {
          unit: 'percentunit',
          width: 12,
          min: 0,
          description: 'PSI: share of time some task of the container was runnable but waited for a CPU (cgroup v2 only).',
        },
      ),
    )
    .withRow(row('Memory against the limit'))
    .withPanel(
      timeSeriesPanel(
        'Memory and limit',
        [
          prom(`${M.CONTAINER_MEMORY_WORKING_SET}{${F}}`, 'working set {{job}} {{instance}}'),
          prom(`${M.CONTAINER_MEMORY_USAGE}{${F}}`, 'usage (with page cache) {{job}} {{instance}}'),
          prom(`${M.CONTAINER_MEMORY_LIMIT}{${F}}`, 'limit {{job}} {{instance}}'),
          prom(`sum by (job, instance) (${M.HEAP_USED}{${F}})`, 'V8 heap used {{job}} {{instance}}'),
        ],
        { unit: 'bytes', width: 8, description: 'The working set (usage minus inactive file cache) is what the OOM killer looks at.' },
      ),
    )
    .withPanel(
      timeSeriesPanel('Working set / limit', [prom(`${M.CONTAINER_MEMORY_LIMIT_UTILIZATION}{${F}}`, '{{job}} {{instance}}')], {
        unit: 'percentunit',
        width: 8,
        min: 0,
        max: 1,
        description: 'Alert: PerfOtelContainerMemoryNearLimit (> 90 %).',
      }),
    )
    .withPanel(
      timeSeriesPanel(
        'OOM kills and limit hits',
        [
          prom(`sum by (job, instance) (increase(${M.CONTAINER_MEMORY_OOM_KILLS}{${F}}[${RATE}]))`, 'OOM kills {{job}} {{instance}}'),
          prom(`sum by (job, instance) (increase(${M.CONTAINER_MEMORY_LIMIT_REACHED}{${F}}[${RATE}]))`, 'limit reached {{job}} {{instance}}'),
        ],
        {
          unit: 'short',
          width: 8,
          description:
            'Processes of the container the OOM killer killed, and times memory reached the limit (the kernel reclaimed). A killed Node.js process itself shows as a new instance.',
        },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        'Memory pressure (stalled on memory)',
        [
          prom(
            `sum by (job, instance, perf_otel_pressure_scope) (rate(${M.CONTAINER_MEMORY_PRESSURE}{${F}}[${RATE}]))`,
            '{{perf_otel_pressure_scope}} {{job}} {{instance}}',
          ),
        ],
        {
          unit: 'percentunit',
          width: 24,
          min: 0,
          description:
            'PSI: share of time some (or all) tasks of the container waited for memory (cgroup v2 only). Alert: PerfOtelContainerMemoryPressure (> 10 %).',
        },
      ),
    );
  for (const [label, title] of [
    ['owner_team', 'team'],
    ['owner_project', 'project'],
    ['owner_user', 'user'],
  ]) {
    dashboard.withRow(row(`By ${title}`));
    for (const panel of byOwner(label, title)) dashboard.withPanel(panel);
  }
  return dashboard;
}
