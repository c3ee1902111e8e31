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
