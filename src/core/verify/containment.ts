/**
 * How strongly a verify step was contained, as data the report carries (the runner in src/local
 * decides and applies it). Levels, strongest first:
 *
 * - `pid-namespace`: the step ran as the init of its own PID namespace (Linux `unshare` or `bwrap`,
 *   with its own /proc), so it saw no other process's `/proc/<pid>/environ` and everything it started
 *   died with it (the kernel kills a namespace's processes when its init exits).
 * - `subreaper` (Linux without a usable PID namespace): the step ran below a supervisor that adopts
 *   every orphan (`prctl(PR_SET_CHILD_SUBREAPER)`) and killed everything below it when the step's main
 *   process exited, so nothing survived the step; but the step could read the environment of every
 *   process of the same user, such as the gate's own (`/proc/<pid>/environ`).
 * - `session`: the step ran in its own session and process group with an allow-listed environment;
 *   at its end the group was killed and (where /proc exists) every process still carrying the step's
 *   marker variable or session was found and killed. It could read the environment of other processes
 *   of the same user, such as the gate's own (`/proc/<pid>/environ`), and a process that clears its
 *   environment and leaves the session can escape the sweep.
 */

/** Containment a step got. */
export type ContainmentLevel = 'pid-namespace' | 'subreaper' | 'session';

/** What the configuration asks for (`verify.containment`). */
export type ContainmentPolicy = 'auto' | 'pid-namespace' | 'session';

export interface Containment {
  level: ContainmentLevel;
  /** The tool that made the namespace (`unshare`, `bwrap`), or `process-group`. */
  via: string;
  /** Why the step did not get a PID namespace (only below `pid-namespace`). */
  reason?: string;
  /** Whether the step ran with no-new-privileges: `sudo` and other set-user-ID programs could not raise its privileges. */
  noNewPrivs?: boolean;
  /** Processes that outlived the step and were killed at its end (beyond its process group). */
  killedAfterStep?: number;
}

/** One line for people: `pid-namespace (unshare)`, `subreaper (…): <reason>` or `session only (process-group): <reason>`. */
export function describeContainment(c: Containment): string {
  const killed = `${c.noNewPrivs === false ? '; set-user-ID programs (sudo) could raise its privileges' : ''}${c.killedAfterStep ? `; ${c.killedAfterStep} process(es) that outlived the step were killed` : ''}`;
  return c.level === 'pid-namespace' ? `pid-namespace (${c.via})${killed}` : `${c.level === 'subreaper' ? 'subreaper' : 'session only'} (${c.via})${c.reason ? `: ${c.reason}` : ''}${killed}`;
}
