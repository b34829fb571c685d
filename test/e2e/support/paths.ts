import { join } from 'node:path';

export const REGISTER_CJS = join(__dirname, '../../../packages/perf-otel/dist/register.js');
export const REGISTER_ESM = join(__dirname, '../../../packages/perf-otel/dist/register.mjs');
export const fixture = (name: string) => join(__dirname, '../fixtures', name);
