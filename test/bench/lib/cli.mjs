// Command-line options of run.mjs.
import { parseArgs } from 'node:util';

const HELP = `usage: node test/bench/run.mjs [options]
  --rounds N          interleaved rounds (default 5)
  --duration 10s      measured load per run (default 10s)
  --warmup 2s         unmeasured load before each run (default 2s)
  --connections 50    wrk connections (default 50)
  --scenarios LIST    hello,express,realistic,pg-seq,pg-50 (default all; "pg" = both pg loops)
  --configs LIST      bare,perf-otel,otel-auto,prom-client (default all; bare is always run)
  --app FILE          also (or, without --scenarios, only) an app from elsewhere: started with
                      PORT=<free port>, loaded with GET --app-path (default /); no prom-client
  --quick             smoke mode: 1 round, 2s, 0.5s warm-up
  --out FILE          JSON results file (default test/bench/results/<timestamp>.json)`;

/** "10s", "500ms", "2" (seconds) → milliseconds. */
export function parseDuration(text) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(String(text).trim());
  if (!m) throw new Error(`bad duration "${text}": use e.g. 10s, 500ms, 1m`);
  const unit = { ms: 1, s: 1000, m: 60000 }[m[2] ?? 's'];
  return Math.round(Number(m[1]) * unit);
}

function positiveInt(name, text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} wants a positive integer, got "${text}"`);
  return n;
}

function list(text) {
  return text
    ? text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : null;
}

export function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      scenarios: { type: 'string' },
      configs: { type: 'string' },
      quick: { type: 'boolean' },
      out: { type: 'string' },
      app: { type: 'string' },
      'app-path': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const quick = values.quick ?? false;
  return {
    quick,
    rounds: positiveInt('rounds', values.rounds ?? (quick ? '1' : '5')),
    durationMs: parseDuration(values.duration ?? (quick ? '2s' : '10s')),
    warmupMs: parseDuration(values.warmup ?? (quick ? '500ms' : '2s')),
    connections: positiveInt('connections', values.connections ?? '50'),
    scenarios: list(values.scenarios),
    configs: list(values.configs),
    out: values.out ?? null,
    app: values.app ?? null,
    appPath: values['app-path'] ?? '/',
  };
}
