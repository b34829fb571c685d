import { join } from 'node:path';

export const REGISTER_CJS = join(__dirname, '../../../packages/perf-otel/dist/register.js');
export const REGISTER_ESM = join(__dirname, '../../../packages/perf-otel/dist/register.mjs');
// The version matrix (scripts/matrix.mjs) points this at a copy beside other versions of a client (pg 8.11…).
const FIXTURES = process.env.PERF_OTEL_TEST_FIXTURES ?? join(__dirname, '../fixtures');
export const fixture = (name: string) => join(FIXTURES, name);
