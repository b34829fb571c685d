// Parses the Prometheus text exposition format (what GET /metrics returns) into samples.

export interface ExposedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

function unescape(text: string): string {
  return text.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** The labels between `{` and `}` starting at `start` (the index after `{`); returns them and the index after `}`. */
function parseLabels(line: string, start: number): [Record<string, string>, number] {
  const labels: Record<string, string> = {};
  let i = start;
  while (i < line.length && line[i] !== '}') {
    if (line[i] === ',' || line[i] === ' ') {
      i++;
      continue;
    }
    const name = LABEL_NAME.exec(line.slice(i))?.[0];
    if (!name || line[i + name.length] !== '=' || line[i + name.length + 1] !== '"') throw new Error(`bad label at column ${i + 1}`);
    let j = i + name.length + 2;
    let raw = '';
    while (j < line.length && line[j] !== '"') {
      raw += line[j] === '\\' ? line[j] + line[++j] : line[j];
      j++;
    }
    labels[name] = unescape(raw);
    i = j + 1;
  }
  return [labels, i + 1];
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** Every sample of an exposition; comment and blank lines are skipped, a malformed line names its number. */
export function parseExposition(text: string): ExposedSample[] {
  const samples: ExposedSample[] = [];
  text.split('\n').forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    const name = NAME.exec(line)?.[0];
    if (!name) throw new Error(`metrics line ${index + 1}: no metric name in "${line.slice(0, 80)}"`);
    let labels: Record<string, string> = {};
    let rest = line.slice(name.length);
    if (rest.startsWith('{')) {
      const [parsed, end] = parseLabels(line, name.length + 1);
      labels = parsed;
      rest = line.slice(end);
    }
    samples.push({ name, labels, value: parseValue(rest.trim().split(/\s+/)[0]) });
  });
  return samples;
}
