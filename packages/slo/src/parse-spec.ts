import { isMap, isScalar, isSeq, LineCounter, Node, parseDocument, YAMLMap } from 'yaml';
import { durationSeconds, formatSeconds } from './durations';
import { HTTP_DURATION_BOUNDARIES_SECONDS } from './http-histogram';
import { SLI_TYPES, SliType, SloObjective, SloSpec } from './spec';
import { SloSpecError, SpecIssue } from './spec-error';

const ROOT_KEYS = ['service', 'environment', 'window', 'objectives'];
const OBJECTIVE_KEYS = ['name', 'type', 'objective', 'threshold', 'routes', 'description'];
const DEFAULT_WINDOW = '30d';
const NAME_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
const MIN_WINDOW_SECONDS = 86400;
const BOUNDARIES_TEXT = HTTP_DURATION_BOUNDARIES_SECONDS.map(formatSeconds).join(', ');

/** Collects issues with positions from the YAML source (the `yaml` package's line counter). */
class IssueCollector {
  readonly issues: SpecIssue[] = [];

  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  at(node: Node | null | undefined, fallback: Node | null | undefined, message: string, fix: string): void {
    const offset = node?.range?.[0] ?? fallback?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    this.issues.push({ file: this.file, line, column: col, message, fix });
  }
}

function unknownKeys(map: YAMLMap, allowed: string[], where: string, issues: IssueCollector): void {
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!allowed.includes(key)) {
      issues.at(pair.key as Node, map, `unknown key "${key}" in ${where}`, `use only ${allowed.join(', ')}`);
    }
  }
}

function scalarString(map: YAMLMap, key: string): { node?: Node; value?: string } {
  const node = map.get(key, true) as Node | undefined;
  if (node === undefined) return {};
  return { node, value: isScalar(node) && node.value !== null ? String(node.value) : undefined };
}

function parseThreshold(map: YAMLMap, path: string, type: SliType, issues: IssueCollector): number | undefined {
  const { node, value } = scalarString(map, 'threshold');
  if (type === 'availability') {
    if (node) issues.at(node, map, `${path}.threshold is only for latency objectives`, 'remove it, or set type: latency');
    return undefined;
  }
  if (value === undefined) {
    issues.at(node, map, `${path} is a latency objective without a threshold`, 'add e.g. threshold: 500ms');
    return undefined;
  }
  const seconds = /^\d+(\.\d+)?$/.test(value) ? Number(value) : durationSeconds(value);
  if (seconds === undefined || !HTTP_DURATION_BOUNDARIES_SECONDS.includes(Number(seconds.toPrecision(12)))) {
    issues.at(node, map, `${path}.threshold ${value} is not an HTTP duration bucket boundary`, `use one of ${BOUNDARIES_TEXT}`);
    return undefined;
  }
  return Number(seconds.toPrecision(12));
}

function parseRoutes(map: YAMLMap, path: string, issues: IssueCollector): string[] | undefined {
  const node = map.get('routes', true) as Node | undefined;
  if (node === undefined) return undefined;
  const items = isSeq(node) ? node.items : [];
  const routes = items.flatMap((item) => (isScalar(item) && typeof item.value === 'string' && item.value !== '' ? [item.value] : []));
  if (!isSeq(node) || routes.length !== items.length || routes.length === 0) {
    issues.at(node, map, `${path}.routes must be a non-empty list of route templates`, 'write e.g. routes: ["/api/items/:id"]');
    return undefined;
  }
  return routes;
}

function parseObjective(node: unknown, index: number, issues: IssueCollector, parent: Node): SloObjective | undefined {
  const path = `objectives[${index}]`;
  if (!isMap(node)) {
    issues.at(node as Node, parent, `${path} must be a mapping`, 'write name:, type:, objective: under "- "');
    return undefined;
  }
  unknownKeys(node, OBJECTIVE_KEYS, path, issues);
  const name = scalarString(node, 'name');
  if (name.value === undefined || !NAME_PATTERN.test(name.value)) {
    issues.at(
      name.node,
      node,
      `${path}.name ${name.value === undefined ? 'is missing' : `"${name.value}" is not a valid name`}`,
      'use lower-case letters, digits, "-" or "_", e.g. name: availability',
    );
  }
  const type = scalarString(node, 'type');
  const knownType = SLI_TYPES.find((candidate) => candidate === type.value);
  if (!knownType) {
    issues.at(type.node, node, `${path}.type ${type.value === undefined ? 'is missing' : `"${type.value}" is unknown`}`, `use one of ${SLI_TYPES.join(', ')}`);
  }
  const objectiveNode = node.get('objective', true) as Node | undefined;
  const objective = isScalar(objectiveNode) && typeof objectiveNode.value === 'number' ? objectiveNode.value : NaN;
  if (!(objective > 0 && objective < 100)) {
    issues.at(
      objectiveNode,
      node,
      `${path}.objective must be a percentage between 0 and 100 (exclusive)`,
      'write the share of good requests, e.g. objective: 99.9',
    );
  }
  const thresholdSeconds = knownType ? parseThreshold(node, path, knownType, issues) : undefined;
  const routes = parseRoutes(node, path, issues);
  const description = scalarString(node, 'description').value;
  if (name.value === undefined || !knownType) return undefined;
  return { name: name.value, type: knownType, objective, thresholdSeconds, routes, description };
}

function checkUniqueNames(seq: Node & { items: unknown[] }, issues: IssueCollector): void {
  const seen = new Set<string>();
  for (const item of seq.items) {
    if (!isMap(item)) continue;
    const { node, value } = scalarString(item, 'name');
    if (value === undefined) continue;
    if (seen.has(value)) issues.at(node, item, `objective name "${value}" is used twice`, 'give each objective of a service its own name');
    seen.add(value);
  }
}

/**
 * Parses and validates one SLO file. Throws SloSpecError listing every problem with its line and
 * column and the fix, so a user fixes the file in one pass.
 */
export function parseSloSpec(text: string, file: string): SloSpec {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const issues = new IssueCollector(file, lines);
  for (const error of doc.errors) {
    const offset = error.pos[0];
    const { line, col } = lines.linePos(offset);
    issues.issues.push({ file, line, column: col, message: `YAML syntax: ${error.message.split('\n')[0]}`, fix: 'correct the YAML syntax at this position' });
  }
  if (issues.issues.length > 0) throw new SloSpecError(issues.issues);
  const root = doc.contents;
  if (!isMap(root)) {
    issues.at(root, root, 'an SLO file must be a mapping', 'start with "service: <name>" and "objectives:"');
    throw new SloSpecError(issues.issues);
  }
  unknownKeys(root, ROOT_KEYS, 'the SLO file', issues);
  const service = scalarString(root, 'service');
  if (service.value === undefined || service.value === '') {
    issues.at(service.node, root, 'service is missing', 'add service: <the service.name, i.e. the Prometheus job label>');
  }
  const environment = scalarString(root, 'environment');
  const window = scalarString(root, 'window');
  const windowSeconds = durationSeconds(window.value ?? DEFAULT_WINDOW);
  if (windowSeconds === undefined || windowSeconds < MIN_WINDOW_SECONDS || !/^\d+[dw]$/.test(window.value ?? DEFAULT_WINDOW)) {
    issues.at(window.node, root, `window ${window.value} is not a whole number of days or weeks of at least 1d`, 'write e.g. window: 30d');
  }
  const objectivesNode = root.get('objectives', true) as Node | undefined;
  const objectives: SloObjective[] = [];
  if (!isSeq(objectivesNode) || objectivesNode.items.length === 0) {
    issues.at(objectivesNode, root, 'objectives must be a non-empty list', 'add "objectives:" with at least one "- name: …, type: …, objective: …"');
  } else {
    objectivesNode.items.forEach((item, index) => {
      const objective = parseObjective(item, index, issues, objectivesNode);
      if (objective) objectives.push(objective);
    });
    checkUniqueNames(objectivesNode, issues);
  }
  if (issues.issues.length > 0) throw new SloSpecError(issues.issues);
  return {
    source: file,
    service: service.value as string,
    environment: environment.value,
    window: window.value ?? DEFAULT_WINDOW,
    objectives,
  };
}
