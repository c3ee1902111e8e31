/** What the CLI needs from its host process; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Whether stderr is a terminal (progress is shown there unless asked otherwise). */
  isTTY: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/** A file the user named could not be written (exit 74, EX_IOERR); the message names the path. */
export class IoError extends Error {
  override name = 'IoError';
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`cannot write ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Writes `text` to `path`; throws `IoError` (exit 74) instead of the raw fs error. */
export async function writeUserFile(path: string, text: string): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path, text).catch((error: unknown) => {
    throw new IoError(path, error);
  });
}
