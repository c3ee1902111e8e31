/**
 * The `handoff-gate` CLI. `main` takes its arguments and host process as data and returns the exit
 * code, so tests drive it without a subprocess; `bin/handoff-gate.js` is the thin launcher.
 */
import { createRequire } from 'node:module';
import { ConfigError } from '../local/local-gate.js';
import { GitError } from '../local/git.js';
import { BASELINE_USAGE, baselineCommand } from './commands/baseline.js';
import { CHECK_USAGE, checkCommand } from './commands/check.js';
import { CONFIG_USAGE, configCommand } from './commands/config-validate.js';
import { VALIDATE_USAGE, validateCommand } from './commands/validate.js';
import { EXIT } from './exit-codes.js';
import { IoError, UsageError, type CliIo } from './io.js';

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

/** Each command's own usage, printed by `handoff-gate COMMAND --help` (exit 0). */
const COMMAND_USAGE: Record<string, string> = { check: CHECK_USAGE, validate: VALIDATE_USAGE, config: CONFIG_USAGE, baseline: BASELINE_USAGE };

/** Runs the CLI. Never throws: any error becomes a message on stderr and an exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const usage = command ? COMMAND_USAGE[command] : undefined;
    if (usage && (rest.includes('--help') || rest.includes('-h'))) {
      io.stdout(`${usage}\n`);
      return EXIT.PASS;
    }
    switch (command) {
      case 'check':
        return await checkCommand(rest, io);
      case 'validate':
        return await validateCommand(rest, io);
      case 'config':
        return await configCommand(rest, io);
      case 'baseline':
        return await baselineCommand(rest, io);
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
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`handoff-gate: ${(error as Error).message}\nRun "handoff-gate --help" for usage.\n`);
      return EXIT.USAGE;
    }
    if (error instanceof ConfigError) {
      io.stderr(`handoff-gate: ${error.message}\n`);
      return EXIT.CONFIG;
    }
    if (error instanceof IoError) {
      io.stderr(`handoff-gate: ${error.message}\n`);
      return EXIT.IO;
    }
    if (error instanceof GitError) {
      io.stderr(`handoff-gate: ${error.message}\n`);
      return EXIT.USAGE;
    }
    io.stderr(`handoff-gate: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.INTERNAL;
  }
}

function version(): string {
  return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
}
