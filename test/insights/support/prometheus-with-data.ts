// A real Prometheus whose TSDB was filled beforehand: the synthetic OpenMetrics go through
// `promtool tsdb create-blocks-from openmetrics` into the harness Prometheus's data dir before it starts.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { startPrometheus, type RunningPrometheus } from '../../harness';

const PROMTOOL_BIN = '/usr/bin/promtool';

export type PrometheusWithData = RunningPrometheus;

export function startPrometheusWithData(openMetrics: string): Promise<PrometheusWithData> {
  return startPrometheus({
    scrapeIntervalSeconds: 60,
    // The data is days old: keep it (the default 15d would too, but say why it stays).
    extraArgs: ['--storage.tsdb.retention.time=30d'],
    fillData: async (tsdbDir) => {
      const input = `${tsdbDir}.om`;
      await writeFile(input, openMetrics);
      try {
        await promisify(execFile)(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', input, tsdbDir], { maxBuffer: 64 * 1024 * 1024 });
      } catch (error) {
        throw new Error(`promtool could not import the synthetic data: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`, { cause: error });
      }
    },
  });
}
