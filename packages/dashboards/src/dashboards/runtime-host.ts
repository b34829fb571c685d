import { baseDashboard } from '../dashboard-base';
import { deployMarkers } from '../deploy-markers';
import { prom, row, timeSeriesPanel } from '../panels';
import * as M from '../prometheus-names';
import { INSTANCE_FILTER, serviceVariables } from '../variables';

export const RUNTIME_HOST_UID = 'perf-otel-runtime-host';

const RATE = '$__rate_interval';
const F = INSTANCE_FILTER;

export function runtimeAndHost() {
  return baseDashboard(
    RUNTIME_HOST_UID,
    'perf-otel / Runtime and host',
    'Node.js runtime (heap, GC, event loop) and the host it runs on (CPU, memory, disk, filesystem, network), per instance.',
  )
    .variables(serviceVariables())
    .annotation(deployMarkers())
    .withRow(row('CPU and memory'))
    .withPanel(
      timeSeriesPanel(
        'CPU utilisation',
        [
          prom(`${M.PROCESS_CPU_UTILIZATION}{${F}}`, 'process {{instance}}'),
          prom(`max by (host_name) (${M.SYSTEM_CPU_UTILIZATION}{${F}})`, 'host {{host_name}}'),
        ],
        { unit: 'percentunit', width: 8 },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        'Memory',
        [
          prom(`${M.PROCESS_MEMORY}{${F}}`, 'process RSS {{instance}}'),
          prom(`max by (host_name, system_memory_state) (${M.SYSTEM_MEMORY_USAGE}{${F}})`, 'host {{host_name}} {{system_memory_state}}'),
        ],
        { unit: 'bytes', width: 8 },
      ),
    )
    .withPanel(
      timeSeriesPanel('Host memory utilisation', [prom(`max by (host_name) (${M.SYSTEM_MEMORY_UTILIZATION}{${F}})`, '{{host_name}}')], {
        unit: 'percentunit',
        width: 8,
      }),
    )
    .withRow(row('V8 heap and GC'))
    .withPanel(
      timeSeriesPanel(
        'Heap used by space',
        [
          prom(`sum by (v8js_heap_space_name) (${M.HEAP_USED}{${F}})`, '{{v8js_heap_space_name}}'),
          prom(`max by (instance) (${M.HEAP_SIZE_LIMIT}{${F}})`, 'heap size limit {{instance}}'),
        ],
        {
          unit: 'bytes',
          width: 8,
          description:
            'Used heap by space against V8\'s heap_size_limit (--max-old-space-size plus the young generation), where the process dies with "JavaScript heap out of memory".',
        },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        'Time in GC by type',
        [prom(`sum by (instance, v8js_gc_type) (rate(${M.GC_DURATION}_sum{${F}}[${RATE}]))`, '{{instance}} {{v8js_gc_type}}')],
        { unit: 'percentunit', width: 8, description: 'Seconds of GC per second: 0.1 = 10 % of the time.' },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        'GC pauses (p99) and count',
        [
          prom(`histogram_quantile(0.99, sum by (v8js_gc_type, le) (rate(${M.GC_DURATION}_bucket{${F}}[${RATE}])))`, 'p99 {{v8js_gc_type}}'),
          prom(`sum by (v8js_gc_type) (rate(${M.GC_DURATION}_count{${F}}[${RATE}]))`, 'per second {{v8js_gc_type}}'),
        ],
        { unit: 's', width: 8 },
      ),
    )
    .withRow(row('Event loop'))
    .withPanel(
      timeSeriesPanel(
        'Event-loop delay',
        [
          prom(`${M.EVENTLOOP_DELAY_P50}{${F}}`, 'p50 {{instance}}'),
          prom(`${M.EVENTLOOP_DELAY_P99}{${F}}`, 'p99 {{instance}}'),
          prom(`${M.EVENTLOOP_DELAY_MAX}{${F}}`, 'max {{instance}}'),
        ],
        { unit: 's' },
      ),
    )
    .withPanel(timeSeriesPanel('Event-loop utilisation', [prom(`${M.EVENTLOOP_UTILIZATION}{${F}}`, '{{instance}}')], { unit: 'percentunit', min: 0, max: 1 }))
    .withRow(row('Disk, filesystem, network'))
    .withPanel(
      timeSeriesPanel(
        'Disk I/O',
        [prom(`sum by (system_device, disk_io_direction) (rate(${M.SYSTEM_DISK_IO}{${F}}[${RATE}]))`, '{{system_device}} {{disk_io_direction}}')],
        { unit: 'Bps', width: 6 },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        'Disk operations',
        [prom(`sum by (system_device, disk_io_direction) (rate(${M.SYSTEM_DISK_OPERATIONS}{${F}}[${RATE}]))`, '{{system_device}} {{disk_io_direction}}')],
        { unit: 'iops', width: 6 },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        'Filesystem usage',
        [prom(`max by (host_name, system_filesystem_mountpoint) (${M.SYSTEM_FILESYSTEM_UTILIZATION}{${F}})`, '{{host_name}} {{system_filesystem_mountpoint}}')],
        { unit: 'percentunit', width: 6, min: 0, max: 1 },
      ),
    )
    .withPanel(
      timeSeriesPanel(
        'Network',
        [
          prom(
            `sum by (network_interface_name, network_io_direction) (rate(${M.SYSTEM_NETWORK_IO}{${F}}[${RATE}]))`,
            '{{network_interface_name}} {{network_io_direction}}',
          ),
          prom(`sum by (network_interface_name) (rate(${M.SYSTEM_NETWORK_ERRORS}{${F}}[${RATE}]))`, '{{network_interface_name}} errors'),
        ],
        { unit: 'Bps', width: 6 },
      ),
    );
}
