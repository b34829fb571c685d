#!/usr/bin/env node
// The `perf-otel` command. A committed file rather than dist/bin.js, so that npm links the command in a
// fresh clone (npm links only bins that exist at install time; dist/ is built afterwards by `prepare`).
'use strict';
require('../dist/bin.js');
