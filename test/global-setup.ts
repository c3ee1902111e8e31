/**
 * Vitest global set-up: the whole run gets one fresh temporary directory (TMPDIR, which `os.tmpdir()`,
 * git and every child process read), removed with everything in it when the run ends — so test
 * repositories, worktrees, runner workspaces and demo builds never pile up in the machine's /tmp.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env['TMPDIR'];
  const dir = mkdtempSync(join(tmpdir(), 'handoff-gate-tests-'));
  process.env['TMPDIR'] = dir;
  return () => {
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
}
