// Paths and readers for deploy/, shared by the deploy-* tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export const DEPLOY_DIR = join(__dirname, '..', '..', 'deploy');
export const COMPOSE_FILE = join(DEPLOY_DIR, 'compose.yaml');
export const PROMETHEUS_CONFIG = join(DEPLOY_DIR, 'prometheus', 'prometheus.yml');
export const K8S_DIR = join(DEPLOY_DIR, 'k8s');

export interface ComposeService {
  image: string;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
}

export const readCompose = () => parse(readFileSync(COMPOSE_FILE, 'utf8')) as { services: Record<string, ComposeService> };

/** Every YAML document of a (multi-document) file. */
export const readYamlDocuments = (path: string): Array<Record<string, unknown>> =>
  parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJS() as Record<string, unknown>);

/** `${NAME:-default}` of compose interpolation, resolved to its default. */
export const composeDefault = (value: string): string => value.replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1');
