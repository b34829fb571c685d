// Turns scenario YAML into a Scenario. Every rule names the line it checks and the fix, because
// the person reading the message is editing that file.
import { readFileSync } from 'node:fs';
import {
  DEFAULT_REGRESSION_LIMITS,
  DEFAULT_TIMEOUT_SECONDS,
  type PayloadSpec,
  type PrometheusSource,
  type RegressionLimits,
  type RequestSpec,
  type Scenario,
  type Stage,
  type StageLoad,
  type Threshold,
} from './scenario';
import { ScenarioError } from './scenario-error';
import { parseThreshold } from './parse-threshold';
import { parseDuration, parseFraction, parseSize } from './units';
import { readYaml, type SourceNode } from './yaml-source';

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** Rate stages get one connection per this many requests/s, so arrivals never wait for a free socket. */
const DEFAULT_MAX_CONNECTIONS = 100;

export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ScenarioError(file, 0, `cannot read the scenario (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check the path`);
  }
  return parseScenario(file, text);
}

export function parseScenario(file: string, text: string): Scenario {
  const root = readYaml(file, text);
  root.onlyKeys(['name', 'target', 'timeout', 'connections', 'stages', 'requests', 'thresholds', 'regression', 'prometheus']);
  const maxConnections = positiveInteger(root.get('connections'), DEFAULT_MAX_CONNECTIONS, 'connections: 50');
  return {
    name: optionalString(root.get('name')) ?? file.replace(/^.*\//, '').replace(/\.ya?ml$/, ''),
    target: httpUrl(root.get('target'), 'target: http://127.0.0.1:3000'),
    timeoutSeconds: root.get('timeout').present ? duration(root.get('timeout')) : DEFAULT_TIMEOUT_SECONDS,
    stages: nonEmptyList(root.get('stages'), 'stages:\n  - { name: steady, duration: 10s, rate: 50 }').map((node, index) => stage(node, index, maxConnections)),
    requests: nonEmptyList(root.get('requests'), 'requests:\n  - { method: GET, path: / }').map(request),
    thresholds: thresholds(root.get('thresholds')),
    regression: regression(root.get('regression')),
    prometheus: prometheus(root.get('prometheus')),
  };
}

function optionalString(node: SourceNode): string | undefined {
  if (!node.present) return undefined;
  if (typeof node.scalar !== 'string' || node.scalar === '') node.fail(`${node.path} must be a non-empty string`);
  return node.scalar;
}

function httpUrl(node: SourceNode, example: string): string {
  if (!node.present) node.fail(`${node.path} is missing; add e.g. ${example}`);
  const text = String(node.scalar ?? '');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    node.fail(`${node.path} "${text}" is not a URL; write e.g. ${example}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') node.fail(`${node.path} must be http:// or https://; write e.g. ${example}`);
  return text.replace(/\/+$/, '');
}

function duration(node: SourceNode): number {
  const seconds = parseDuration(node.scalar);
  if (seconds === undefined) node.fail(`${node.path} ${JSON.stringify(node.scalar ?? null)} is not a duration; write e.g. 30s, 500ms or 2m`);
  return seconds;
}

function flag(node: SourceNode): boolean {
  if (!node.present) return false;
  if (typeof node.scalar !== 'boolean') node.fail(`${node.path} must be true or false`);
  return node.scalar;
}

function positiveNumber(node: SourceNode, example: string): number {
  const value = node.scalar;
  if (typeof value !== 'number' || !(value > 0)) node.fail(`${node.path} must be a number above 0; write e.g. ${example}`);
  return value;
}

function positiveInteger(node: SourceNode, fallback: number, example: string): number {
  if (!node.present) return fallback;
  const value = positiveNumber(node, example);
  if (!Number.isInteger(value)) node.fail(`${node.path} must be a whole number; write e.g. ${example}`);
  return value;
}

function nonEmptyList(node: SourceNode, example: string): SourceNode[] {
  if (!node.present) node.fail(`${node.path} is missing; add e.g.\n${example}`);
  if (!node.isSeq || node.items().length === 0) node.fail(`${node.path} must be a non-empty list (lines starting with "- ")`);
  return node.items();
}

function stage(node: SourceNode, index: number, maxConnections: number): Stage {
  if (!node.isMap) node.fail(`${node.path} must be a mapping, e.g. - { name: steady, duration: 10s, rate: 50 }`);
  node.onlyKeys(['name', 'duration', 'rate', 'connections', 'thresholds', 'warmup']);
  const name = optionalString(node.get('name')) ?? `stage-${index + 1}`;
  const durationNode = node.get('duration');
  if (!durationNode.present) node.fail(`stage "${name}" has no duration; add e.g. duration: 30s`);
  return {
    name,
    durationSeconds: duration(durationNode),
    load: stageLoad(node, name, maxConnections),
    thresholds: thresholds(node.get('thresholds')),
    warmup: flag(node.get('warmup')),
  };
}

function stageLoad(node: SourceNode, name: string, maxConnections: number): StageLoad {
  const rate = node.get('rate');
  const connections = node.get('connections');
  if (!rate.present) {
    if (!connections.present) node.fail(`stage "${name}" needs a load; add rate: 50 (requests/s, open model) or connections: 10 (closed model)`);
    return { kind: 'connections', connections: positiveInteger(connections, 1, 'connections: 10') };
  }
  // With a rate, `connections` caps the sockets the arrivals may use.
  const cap = positiveInteger(connections, maxConnections, 'connections: 50');
  if (rate.isMap) {
    rate.onlyKeys(['from', 'to']);
    return { kind: 'rate', from: rateValue(rate.get('from')), to: rateValue(rate.get('to')), maxConnections: cap };
  }
  const value = rateValue(rate);
  return { kind: 'rate', from: value, to: value, maxConnections: cap };
}

function rateValue(node: SourceNode): number {
  if (!node.present) node.fail(`${node.path} is missing; a ramp is written rate: { from: 10, to: 100 }`);
  const value = node.scalar;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    node.fail(`${node.path} must be a whole number of requests per second (1 or more); write e.g. rate: 50 or rate: { from: 10, to: 100 }`);
  }
  return value;
}

function request(node: SourceNode): RequestSpec {
  if (!node.isMap) node.fail(`${node.path} must be a mapping, e.g. - { method: GET, path: /api/items }`);
  node.onlyKeys(['name', 'weight', 'method', 'path', 'headers', 'body', 'payload']);
  const method = (optionalString(node.get('method')) ?? 'GET').toUpperCase();
  if (!HTTP_METHODS.includes(method)) node.get('method').fail(`method "${method}" is not supported; use one of ${HTTP_METHODS.join(', ')}`);
  const pathNode = node.get('path');
  const path = optionalString(pathNode);
  if (path === undefined) node.fail(`${node.path} has no path; add e.g. path: /api/items`);
  if (!path.startsWith('/')) pathNode.fail(`path "${path}" must start with /; write e.g. path: /${path}`);
  const body = node.get('body');
  const payload = node.get('payload');
  if (body.present && payload.present) payload.fail('a request has either body or payload (a generated body), not both; remove one');
  return {
    name: optionalString(node.get('name')) ?? `${method} ${path}`,
    weight: node.get('weight').present ? positiveNumber(node.get('weight'), 'weight: 3') : 1,
    method,
    path,
    headers: headers(node.get('headers')),
    body: body.present ? bodyText(body) : undefined,
    payload: payload.present ? payloadSpec(payload) : undefined,
  };
}

function headers(node: SourceNode): Record<string, string | string[]> {
  if (!node.present) return {};
  if (!node.isMap) node.fail(`${node.path} must be a mapping of header names to values, e.g. headers: { x-tenant-id: [acme, globex] }`);
  const out: Record<string, string | string[]> = {};
  for (const key of node.keys()) {
    const name = String(key.scalar);
    const value = node.get(name);
    if (value.isSeq) {
      const choices = value.items().map((item) => headerValue(item, name));
      if (choices.length === 0) value.fail(`header ${name} lists no values; give at least one, e.g. [acme, globex]`);
      out[name] = choices;
    } else {
      out[name] = headerValue(value, name);
    }
  }
  return out;
}

function headerValue(node: SourceNode, name: string): string {
  const value = node.scalar;
  if (typeof value !== 'string' && typeof value !== 'number') node.fail(`header ${name} must be a string (or a list of strings to pick from at random)`);
  return String(value);
}

function bodyText(node: SourceNode): string {
  if (typeof node.scalar === 'string') return node.scalar;
  if (node.isMap || node.isSeq) return JSON.stringify((node.node as { toJSON(): unknown }).toJSON());
  node.fail(`${node.path} must be a string or a mapping (sent as JSON)`);
}

function payloadSpec(node: SourceNode): PayloadSpec {
  if (!node.isMap) node.fail(`${node.path} must be a mapping, e.g. payload: { size: 1kb..64kb }`);
  node.onlyKeys(['size']);
  const size: SourceNode = node.get('size');
  const [low, high = low] = String(size.scalar ?? '').split('..');
  const minBytes = parseSize(low.trim());
  const maxBytes = parseSize(high.trim());
  if (!size.present || minBytes === undefined || maxBytes === undefined || maxBytes < minBytes) {
    size.fail(`${size.path} must be a size or a range of sizes; write e.g. size: 4kb or size: 1kb..64kb`);
  }
  return { minBytes, maxBytes };
}

function thresholds(node: SourceNode): Threshold[] {
  if (!node.present) return [];
  if (!node.isSeq) node.fail(`${node.path} must be a list, e.g. thresholds: ["p95 < 500ms", "error_rate < 1%"]`);
  return node.items().map((item: SourceNode) => {
    const parsed = parseThreshold(String(item.scalar ?? ''));
    if (typeof parsed === 'string') item.fail(parsed);
    return parsed;
  });
}

function regression(node: SourceNode): RegressionLimits {
  if (!node.present) return { ...DEFAULT_REGRESSION_LIMITS };
  node.onlyKeys(['p95', 'throughput', 'error_rate', 'memory', 'alpha']);
  const limit = (key: string, fallback: number, example: string): number => {
    const child: SourceNode = node.get(key);
    if (!child.present) return fallback;
    const value = parseFraction(child.scalar);
    if (value === undefined) child.fail(`${child.path} must be a percentage; write e.g. ${key}: ${example}`);
    return value;
  };
  const alpha = limit('alpha', DEFAULT_REGRESSION_LIMITS.alpha, '0.05');
  if (!(alpha > 0 && alpha < 0.5)) node.get('alpha').fail('alpha is a significance level between 0 and 0.5; write e.g. alpha: 0.05');
  return {
    p95Increase: limit('p95', DEFAULT_REGRESSION_LIMITS.p95Increase, '20%'),
    throughputDrop: limit('throughput', DEFAULT_REGRESSION_LIMITS.throughputDrop, '15%'),
    errorRateIncrease: limit('error_rate', DEFAULT_REGRESSION_LIMITS.errorRateIncrease, '5%'),
    memoryIncrease: limit('memory', DEFAULT_REGRESSION_LIMITS.memoryIncrease, '30%'),
    alpha,
  };
}

function prometheus(node: SourceNode): PrometheusSource | undefined {
  if (!node.present) return undefined;
  node.onlyKeys(['url', 'selector']);
  return { url: httpUrl(node.get('url'), 'url: http://127.0.0.1:9090'), selector: optionalString(node.get('selector')) ?? '' };
}
