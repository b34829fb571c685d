import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { generateRuleFile, loadSloSpecs, renderRuleFile, SloSpecError } from '@org/perf-otel-slo';
import { Command, EXIT_FAILURE, EXIT_OK, UsageError } from '../command';
import { parseOptions } from '../parse-options';

export const sloGenerate: Command = {
  name: 'slo generate',
  summary: 'Turn SLO files into Prometheus recording rules and multi-window multi-burn-rate alerts',
  usage: 'slo generate <slo-file|directory> [-o rules.yml]',
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { output: { type: 'string', short: 'o' } });
    if (positionals.length !== 1) throw new UsageError('give exactly one SLO file or directory, e.g. deploy/slo');
    let specs;
    try {
      specs = await loadSloSpecs(positionals[0], io.cwd);
    } catch (error) {
      if (!(error instanceof SloSpecError)) throw error;
      io.err(`${error.message}\n`);
      return EXIT_FAILURE;
    }
    const text = renderRuleFile(
      generateRuleFile(specs),
      specs.map((spec) => spec.source),
    );
    if (values.output === undefined) {
      io.out(text);
    } else {
      await writeFile(resolve(io.cwd, values.output), text);
      const objectives = specs.reduce((sum, spec) => sum + spec.objectives.length, 0);
      io.err(`wrote ${objectives} objective(s) of ${specs.length} service(s) to ${values.output}\n`);
    }
    return EXIT_OK;
  },
};
