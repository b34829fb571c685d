// Reads a parsed YAML document node by node, keeping each node's line so that every validation
// message can name the exact line the user has to fix.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { ScenarioError } from './scenario-error';

export class SourceNode {
  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
    readonly node: Node | null,
    /** Where the node is, e.g. `stages[2].duration`: names the setting in messages. */
    readonly path: string,
    private readonly fallbackLine: number,
  ) {}

  get line(): number {
    const offset = this.node?.range?.[0];
    return offset === undefined ? this.fallbackLine : this.lines.linePos(offset).line;
  }

  fail(problem: string): never {
    throw new ScenarioError(this.file, this.line, problem);
  }

  get present(): boolean {
    return this.node !== null && !(isScalar(this.node) && this.node.value === null);
  }

  get isMap(): boolean {
    return isMap(this.node);
  }
  get isSeq(): boolean {
    return isSeq(this.node);
  }
  get isScalar(): boolean {
    return isScalar(this.node);
  }

  /** The scalar's value (string, number, boolean) or undefined when it is not a scalar. */
  get scalar(): unknown {
    return isScalar(this.node) ? this.node.value : undefined;
  }

  /** A child of a mapping; absent children report the parent's line. */
  get(key: string): SourceNode {
    const map = this.node as YAMLMap | null;
    const child = isMap(map) ? ((map.get(key, true) as Node | undefined) ?? null) : null;
    return new SourceNode(this.file, this.lines, child, this.path ? `${this.path}.${key}` : key, this.line);
  }

  keys(): SourceNode[] {
    if (!isMap(this.node)) return [];
    return this.node.items.map((pair) => {
      const key = pair.key as Node;
      return new SourceNode(this.file, this.lines, key, String(isScalar(key) ? key.value : key), this.line);
    });
  }

  items(): SourceNode[] {
    if (!isSeq(this.node)) return [];
    return this.node.items.map((item, index) => new SourceNode(this.file, this.lines, item as Node, `${this.path}[${index}]`, this.line));
  }

  /** Rejects keys the schema does not know, suggesting the nearest known one (typos are the common case). */
  onlyKeys(allowed: readonly string[]): void {
    for (const key of this.keys()) {
      const name = String(key.scalar);
      if (allowed.includes(name)) continue;
      const near = allowed.find((candidate) => editDistance(candidate, name) <= 2);
      key.fail(`unknown key "${name}" in ${this.path || 'the scenario'}; ${near ? `did you mean "${near}"?` : `allowed keys: ${allowed.join(', ')}`}`);
    }
  }
}

export function readYaml(file: string, text: string): SourceNode {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0].line ?? 1;
    const detail = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new ScenarioError(file, line, `not valid YAML (${detail}); check the indentation and quoting on this line`);
  }
  const root = new SourceNode(file, lines, doc.contents as Node | null, '', 1);
  if (!root.isMap) root.fail('a scenario is a YAML mapping with target, stages and requests; see `perf-otel loadtest --help`');
  return root;
}

/** Levenshtein distance, for did-you-mean suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
