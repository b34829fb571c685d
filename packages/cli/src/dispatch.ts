import { Command, CliIo, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './command';

const PROGRAM = 'perf-otel';

function commandList(commands: Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n');
}

function overview(commands: Command[]): string {
  return `usage: ${PROGRAM} <command> [options]\n\ncommands:\n${commandList(commands)}\n\n` + `Run "${PROGRAM} <command> --help" for a command's options.\n`;
}

/** The command whose words start `argv` (longest match, so "slo generate" beats a plain "slo"). */
function findCommand(argv: string[], commands: Command[]): Command | undefined {
  return commands.filter((command) => command.name.split(' ').every((word, index) => argv[index] === word)).sort((a, b) => b.name.length - a.name.length)[0];
}

/** Runs `perf-otel <argv…>`; resolves to the exit code. */
export async function dispatch(argv: string[], commands: Command[], io: CliIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(overview(commands));
    return argv.length === 0 ? EXIT_USAGE : EXIT_OK;
  }
  const command = findCommand(argv, commands);
  if (!command) {
    io.err(`${PROGRAM}: unknown command "${argv.join(' ')}"; the commands are:\n${commandList(commands)}\n`);
    return EXIT_USAGE;
  }
  const args = argv.slice(command.name.split(' ').length);
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`usage: ${PROGRAM} ${command.usage}\n\n${command.summary}\n`);
    return EXIT_OK;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${PROGRAM} ${command.name}: ${error.message}\nusage: ${PROGRAM} ${command.usage}\n`);
      return EXIT_USAGE;
    }
    io.err(`${PROGRAM} ${command.name}: ${(error as Error).message}\n`);
    return EXIT_FAILURE;
  }
}
