/**
 * The `handoff-gate` CLI. `main` takes its arguments and host process as data and returns the exit
 * code, so tests drive it without a subprocess; `bin/handoff-gate.js` is the thin launcher. Each
 * command's code is loaded only when that command runs: `validate` on thousands of files starts lean.
 */
import { createRequire } from 'node:module';
import { EXIT } from './exit-codes.js';
import { IoError, UsageError, type CliIo } from './io.js';
import { BASELINE_USAGE, CHECK_USAGE, CONFIG_USAGE, VALIDATE_USAGE } from './usage.js';

const USAGE = `handoff-gate — gate pull requests written by AI coding agents

Commands:
  check            run the whole gate on a local checkout
  validate FILE…   validate handoff documents
  config validate  validate .github/handoff-gate.yml
  baseline         write a baseline file from the checked-out commit

${CHECK_USAGE}

${VALIDATE_USAGE}

${CONFIG_USAGE}

${BASELINE_USAGE}`;

type Command = (args: string[], io: CliIo) => Promise<number>;

/** Each command: its usage (for `COMMAND --help`) and its code, imported on demand. */
const COMMANDS: Record<string, { usage: string; load: () => Promise<Command> }> = {
  check: { usage: CHECK_USAGE, load: async () => (await import('./commands/check.js')).checkCommand },
  validate: { usage: VALIDATE_USAGE, load: async () => (await import('./commands/validate.js')).validateCommand },
  config: { usage: CONFIG_USAGE, load: async () => (await import('./commands/config-validate.js')).configCommand },
  baseline: { usage: BASELINE_USAGE, load: async () => (await import('./commands/baseline.js')).baselineCommand },
};

/** Runs the CLI. Never throws: any error becomes a message on stderr and an exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const known = command !== undefined && Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (known) {
      if (rest.includes('--help') || rest.includes('-h')) {
        io.stdout(`${known.usage}\n`);
        return EXIT.PASS;
      }
      return await (await known.load())(rest, io);
    }
    switch (command) {
      case '--version':
      case 'version':
        io.stdout(`${version()}\n`);
        return EXIT.PASS;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(`${USAGE}\n`);
        return command === undefined ? EXIT.USAGE : EXIT.PASS;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    return reportError(error, io);
  }
}

/**
 * Maps what a command threw to a message and an exit code. Errors are told apart by `name` (set by
 * each error class), so this module does not load the modules that define them.
 */
function reportError(error: unknown, io: CliIo): number {
  const name = (error as { name?: string } | null)?.name;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError || (error as { code?: string } | null)?.code?.startsWith('ERR_PARSE_ARGS')) {
    io.stderr(`handoff-gate: ${message}\nRun "handoff-gate --help" for usage.\n`);
    return EXIT.USAGE;
  }
  if (name === 'ConfigError') {
    io.stderr(`handoff-gate: ${message}\n`);
    return EXIT.CONFIG;
  }
  if (error instanceof IoError) {
    io.stderr(`handoff-gate: ${message}\n`);
    return EXIT.IO;
  }
  if (name === 'GitError') {
    io.stderr(`handoff-gate: ${message}\n`);
    return EXIT.USAGE;
  }
  io.stderr(`handoff-gate: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT.INTERNAL;
}

function version(): string {
  return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
}
