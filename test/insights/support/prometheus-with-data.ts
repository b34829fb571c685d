// A real Prometheus whose TSDB was filled beforehand: the synthetic OpenMetrics go through
// `promtool tsdb create-blocks-from openmetrics` into a temp data dir, then Prometheus starts on it.
// (The harness's startPrometheus creates its own empty data dir, so this starts /usr/bin/prometheus itself.)
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, LOOPBACK, PROMETHEUS_BIN, waitForHttpOk } from '../../harness';
import { ManagedProcess } from '../../harness/managed-process';
import { makeTempDir, removeTempDir } from '../../harness/temp-dir';

const PROMTOOL_BIN = '/usr/bin/promtool';
const READY_TIMEOUT_MS = 60000;

export interface PrometheusWithData { url: string; pid: number; stop(): Promise<void> }

export async function startPrometheusWithData(openMetrics: string): Promise<PrometheusWithData> {
  const dir = await makeTempDir('insights-prometheus');
  const dataDir = join(dir, 'data');
  const input = join(dir, 'data.om');
  await writeFile(input, openMetrics);
  await writeFile(join(dir, 'prometheus.yml'), JSON.stringify({ global: { scrape_interval: '60s' } }));
  try {
    await promisify(execFile)(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', input, dataDir], { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    await removeTempDir(dir);
    throw new Error(`promtool could not import the synthetic data: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`);
  }
  const port = await freePort();
  const url = `http://${LOOPBACK}:${port}`;
  const proc = new ManagedProcess('prometheus', PROMETHEUS_BIN, [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${dataDir}`,
    // The data is days old: keep it (the default 15d would too, but say why it stays).
    '--storage.tsdb.retention.time=30d',
    `--web.listen-address=${LOOPBACK}:${port}`,
    '--log.level=warn',
  ], { cwd: dir });
  const stop = async () => {
    await proc.stop();
    await removeTempDir(dir);
  };
  try {
    await waitForHttpOk(`${url}/-/ready`, READY_TIMEOUT_MS, proc.exitReason);
  } catch (error) {
    await stop();
    throw new Error(`Prometheus did not become ready: ${(error as Error).message}\n${proc.output.slice(-2000)}`);
  }
  return { url, pid: proc.pid, stop };
}
