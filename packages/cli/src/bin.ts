#!/usr/bin/env node
import { COMMANDS } from './commands';
import { dispatch } from './dispatch';

dispatch(process.argv.slice(2), COMMANDS, {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  // dispatch answers bad input itself; anything reaching here is a bug: say it in one line, exit 1.
  (error: unknown) => {
    process.stderr.write(`perf-otel: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
