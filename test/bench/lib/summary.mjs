// Turns the rounds of one scenario into one row per configuration: ratios to bare in the same round
// (median, min–max) and what the configuration recorded against what was really sent.
import { median, spread } from './stats.mjs';

const total = (xs) => xs.reduce((a, b) => a + (b ?? 0), 0);

function status(config, done, errors) {
  if (done.length === 0) return `ERROR in every round`;
  const flags = [];
  if (config.names) {
    if (total(done.map((r) => r.recorded)) === 0) flags.push('RECORDED NOTHING');
    else if (done.some((r) => r.recorded < r.sent || r.recorded > r.sent + (r.slack ?? 0))) {
      const diff = total(done.map((r) => r.recorded - r.sent));
      flags.push(`COUNT MISMATCH (${diff > 0 ? '+' : ''}${diff})`);
    }
  }
  // A configuration answering 500s (or dropping sockets) quickly would otherwise look fast.
  const failed = total(done.map((r) => r.errors));
  if (failed) flags.push(`${failed} FAILED REQUESTS`);
  if (errors.length) flags.push(`ERROR in ${errors.length} round(s)`);
  return flags.join(', ') || 'ok';
}

/** @param rounds Array<Record<configName, measurement>> */
export function summariseScenario(configs, rounds) {
  return configs.map((config) => {
    const runs = rounds.map((r) => r[config.name]).filter(Boolean);
    const done = runs.filter((r) => !r.error);
    const errors = runs.filter((r) => r.error).map((r) => r.error);
    const paired = rounds.filter((r) => r.bare && !r.bare.error && r[config.name] && !r[config.name].error);
    const row = {
      configuration: config.name,
      throughput: median(done.map((r) => r.throughput)),
      p99Ms: median(done.map((r) => r.p99Ms)),
      throughputRatio: spread(paired.map((r) => r[config.name].throughput / r.bare.throughput)),
      p99Ratio: spread(paired.map((r) => r[config.name].p99Ms / r.bare.p99Ms)),
      cpuPerOpUs: median(done.map((r) => r.cpuPerOpUs)),
      cpuRatio: spread(paired.map((r) => r[config.name].cpuPerOpUs / r.bare.cpuPerOpUs)),
      recorded: config.names ? total(done.map((r) => r.recorded)) : null,
      sent: total(done.map((r) => r.sent)),
      status: status(config, done, errors),
    };
    if (done.some((r) => r.wrkCompleted !== undefined)) row.wrkCompleted = total(done.map((r) => r.wrkCompleted));
    const notes = [...new Set(done.map((r) => r.note).filter(Boolean))];
    if (notes.length) row.notes = notes;
    if (errors.length) row.errors = errors;
    return row;
  });
}

/** Recorded nothing, or not run: its ratios do not count. */
export function counts(row) {
  return row && row.throughputRatio && !row.status.includes('RECORDED NOTHING');
}
