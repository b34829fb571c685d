// Reads a Prometheus text exposition and sums one metric over all its series.
import { getWhenUp } from './net.mjs';

/** Sum of every sample named exactly `name` (any labels); null when there is none. */
export function sumSamples(text, name) {
  let sum = null;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    const value = Number(
      rest
        .slice(rest[0] === '{' ? rest.lastIndexOf('}') + 1 : 0)
        .trim()
        .split(/\s+/)[0],
    );
    sum = (sum ?? 0) + value;
  }
  return sum;
}

/** Names of `_count` samples that look like `hint`: what the endpoint had instead, for the report. */
function lookalikes(text, hint) {
  const names = new Set();
  for (const m of text.matchAll(/^([a-zA-Z_:][\w:]*_count)[{ ]/gm)) if (m[1].includes(hint)) names.add(m[1]);
  return [...names];
}

/** Scrapes once (the endpoint may still be starting) and returns the count recorded under `name`. */
export async function scrapeCount(port, name, timeoutMs = 10000) {
  const text = await getWhenUp(`http://127.0.0.1:${port}/metrics`, timeoutMs);
  const count = sumSamples(text, name) ?? 0;
  const hint = name.split('_').slice(0, 2).join('_');
  const note = count === 0 ? `no ${name} samples; endpoint had: ${lookalikes(text, hint).join(', ') || 'nothing similar'}` : null;
  return { count, note };
}
