#!/usr/bin/env node
import { COMMANDS } from './commands';
import { dispatch } from './dispatch';

dispatch(process.argv.slice(2), COMMANDS, {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  cwd: process.cwd(),
}).then((code) => {
  process.exitCode = code;
});
