import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  captureProfile,
  compareHeapProfiles,
  flameGraphHtml,
  formatCpuSummary,
  formatHeapComparison,
  formatHeapSummary,
  MAX_SECONDS,
  profileOf,
  readProfileFile,
  summarizeCpuProfile,
  summarizeHeapProfile,
  type LoadedProfile,
} from '@org/perf-otel-profiler';
import { CliIo, Command, EXIT_OK, UsageError } from '../command';
import { parseOptions } from '../parse-options';

const DEFAULT_DURATION = '30s';
const DEFAULT_TOP = 15;

export const profile: Command = {
  name: 'profile',
  summary: 'Take a CPU or heap profile from a running service (PERF_OTEL_PROFILING_ENABLED=true) and name its hotspots; compare heap profiles for leaks',
  usage:
    `profile --target http://127.0.0.1:9465 --cpu|--heap [--duration ${DEFAULT_DURATION}] [--token T] [--out file] [--html] [--top ${DEFAULT_TOP}]\n` +
    '       perf-otel profile <file.cpuprofile|file.heapprofile> [--html] [--top N]\n' +
    '       perf-otel profile --compare before.heapprofile after.heapprofile [--top N]',
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      target: { type: 'string' },
      cpu: { type: 'boolean' },
      heap: { type: 'boolean' },
      duration: { type: 'string' },
      token: { type: 'string' },
      out: { type: 'string', short: 'o' },
      html: { type: 'boolean' },
      top: { type: 'string' },
      compare: { type: 'boolean' },
    });
    const top = parseTop(values.top);
    const format = { cwd: io.cwd };
    const captureOnly = (['cpu', 'heap', 'duration', 'token', 'out'] as const).filter((name) => values[name] !== undefined);
    if (values.target === undefined && captureOnly.length > 0) {
      throw new UsageError(`--${captureOnly[0]} goes with --target (taking a profile from a service), e.g. --target http://127.0.0.1:9465`);
    }
    if (values.compare) {
      if (values.html) throw new UsageError('--html draws one profile; run "perf-otel profile after.heapprofile --html" for its flame graph');
      if (positionals.length !== 2)
        throw new UsageError('--compare takes two heap profiles: the earlier one first, e.g. --compare before.heapprofile after.heapprofile');
      const [before, after] = await Promise.all(positionals.map((file) => readHeap(resolve(io.cwd, file))));
      io.out(formatHeapComparison(compareHeapProfiles(before, after, top), format));
      return EXIT_OK;
    }
    let loaded: LoadedProfile;
    let written: string;
    if (values.target !== undefined) {
      if (positionals.length > 0) throw new UsageError(`--target takes a profile from a service; to summarise the file ${positionals[0]}, leave --target out`);
      if (values.cpu === values.heap) throw new UsageError('say which profile to take: --cpu or --heap (one of them)');
      const kind = values.cpu ? 'cpu' : 'heap';
      const seconds = parseDuration(values.duration ?? DEFAULT_DURATION);
      io.err(`recording a ${seconds} s ${kind} profile of ${values.target}…\n`);
      const captured = await captureProfile(values.target, kind, seconds, values.token ?? process.env.PERF_OTEL_PROFILING_TOKEN);
      written = resolve(io.cwd, values.out ?? captured.fileName);
      await writeFile(written, captured.json);
      io.err(`wrote ${written} (opens in Chrome DevTools and speedscope)\n`);
      loaded = profileOf(captured.profile, values.target);
    } else {
      if (positionals.length !== 1) throw new UsageError('give --target URL to take a profile, or one .cpuprofile/.heapprofile file to summarise');
      written = resolve(io.cwd, positionals[0]);
      loaded = await readProfileFile(written);
    }
    if (values.html) await writeFlameGraph(loaded, written, io);
    io.out(
      loaded.kind === 'cpu'
        ? formatCpuSummary(summarizeCpuProfile(loaded.profile, top), format)
        : formatHeapSummary(summarizeHeapProfile(loaded.profile, top), format),
    );
    return EXIT_OK;
  },
};

async function readHeap(path: string) {
  const loaded = await readProfileFile(path);
  if (loaded.kind !== 'heap') throw new UsageError(`${path} is a CPU profile; --compare takes two .heapprofile files`);
  return loaded.profile;
}

async function writeFlameGraph(loaded: LoadedProfile, profilePath: string, io: CliIo): Promise<void> {
  const html = `${profilePath.replace(/\.(cpuprofile|heapprofile|json)$/, '')}.html`;
  await writeFile(html, flameGraphHtml(loaded.profile, loaded.kind, `${loaded.kind === 'cpu' ? 'CPU' : 'Heap'} flame graph: ${profilePath}`));
  io.err(`wrote ${html} (flame graph)\n`);
}

/** `30s`, `2m`, `500ms` or plain seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (match === null) throw new UsageError(`--duration "${text}" is not a duration; write e.g. 30s, 2m or 500ms`);
  const seconds = (Number(match[1]) / (match[2] === 'ms' ? 1000 : 1)) * (match[2] === 'm' ? 60 : 1);
  if (seconds <= 0 || seconds > MAX_SECONDS) throw new UsageError(`--duration must be above 0 and at most ${MAX_SECONDS}s, got ${text}`);
  return seconds;
}

function parseTop(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TOP;
  const top = Number(text);
  if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top must be a whole number of rows, at least 1, got "${text}"`);
  return top;
}
