/**
 * Starts one verify step's shell contained, and makes sure nothing it started outlives it.
 *
 * - Environment: only what `stepEnvironment` (src/core/verify/step-env.ts) lets through, plus a
 *   per-step marker variable (`HANDOFF_GATE_STEP`) used to find the step's processes afterwards.
 * - Session: the step's first process (the supervisor, the namespace tool or the shell) leads a new
 *   session and process group.
 * - No new privileges (`setpriv --no-new-privs`, util-linux): `sudo` and other set-user-ID programs
 *   cannot raise the step's privileges (GitHub's hosted runners give their user password-less sudo).
 * - PID namespace (Linux, when the machine allows it): the command runs as the init of a new PID
 *   namespace with its own /proc, through `unshare` (util-linux) or `bwrap` (bubblewrap). Which
 *   variant works is found once per process by running a probe in it (root needs no user namespace;
 *   others need unprivileged user namespaces, which some kernels and AppArmor profiles refuse).
 * - On Linux, a subreaper supervisor (reaper.ts) runs the step (around the namespace tool, when
 *   there is one) and kills everything below it when the step's main process exits: orphans cannot
 *   leave its tree, and the step is over only when all of it is gone.
 * - At the step's end (normal exit, timeout, output limit) the process group is killed, and on
 *   systems with /proc every process that still carries the marker, belongs to the step's session or
 *   descends from one that does is stopped and killed, round after round until none is left.
 *
 * Limits, stated in each step's `containment`: without a PID namespace a step can read the
 * environment of every process of the same user (`/proc/<pid>/environ` is the environment a process
 * was started with: deleting a variable from `process.env` later does not remove it from there), and
 * it can kill its supervisor (reported as an escape, the step fails closed). On macOS there is no
 * /proc and no subreaper: the process group is killed, a process that called `setsid` survives.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Containment, ContainmentPolicy } from '../core/verify/containment.js';
import { PRCTL_SYSCALL, REAPER_SCRIPT } from './reaper.js';

/** The variable that marks every process of one step run (its value is random per run). */
export const STEP_MARKER = 'HANDOFF_GATE_STEP';

/** How to wrap a command so that it runs in its own PID namespace; `undefined` when none works here. */
export interface NamespaceWrapper {
  via: 'unshare' | 'bwrap';
  /** Program and arguments that go before `sh -c <run>`. */
  argv: string[];
}

/** A started step: the child (the session leader) and how it is contained. */
export interface ContainedProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  containment: Containment;
  /**
   * Stops the step early (timeout, output limit): SIGTERM to its process group now, then after
   * `graceMs` the hard stop (SIGUSR1 to a subreaper supervisor, which kills its whole tree), and
   * after another `graceMs` SIGKILL to the group. Never throws.
   */
  stop(graceMs: number): void;
  /** True when the supervisor died of a signal the runner did not send: the step killed it. Ask before `killRemaining` (it sends SIGKILL itself). */
  supervisorKilled(exitSignal: NodeJS.Signals | null): boolean;
  /**
   * Kills everything of the step that is still alive once its main process has exited with
   * `exitSignal`: the process group, then — unless an intact supervisor already did — (with /proc) every process carrying the step's marker or session, or descending from one.
   * Resolves with how many processes outside the group the scan found and killed.
   */
  killRemaining(exitSignal: NodeJS.Signals | null): Promise<number>;
}

const PROBE_TIMEOUT_MS = 10_000;

/** What this machine offers, found once per process. */
export interface Capabilities {
  /** How to make a PID namespace, when one can be made here. */
  wrapper?: NamespaceWrapper;
  /** Why no PID namespace (empty when there is one). */
  reason: string;
  /** Program and arguments that run a command under the subreaper supervisor, when it works here. */
  reaper?: string[];
  /** `setpriv --no-new-privs` (util-linux), when it works here: set-user-ID programs such as `sudo` cannot raise privileges. */
  noNewPrivs?: string[];
}

let detected: Promise<Capabilities> | undefined;

/**
 * Finds, once per process, a way to run a command in its own PID namespace with its own /proc (each
 * candidate is tried with a probe that must see at most a handful of processes), and whether the
 * subreaper supervisor and `setpriv --no-new-privs` work. Never throws.
 *
 * @param path the PATH to look for `unshare`, `bwrap`, `perl` and `setpriv` in (the gate's own, not the step's)
 */
export function detectCapabilities(path: string = process.env['PATH'] ?? ''): Promise<Capabilities> {
  detected ??= detect(path);
  return detected;
}

async function detect(path: string): Promise<Capabilities> {
  if (process.platform !== 'linux') return { reason: `PID namespaces and subreapers are Linux features; this is ${process.platform}` };
  const perl = findProgram('perl', path);
  const nr = PRCTL_SYSCALL[process.arch];
  const reaperArgv = perl && nr ? [perl, '-e', REAPER_SCRIPT, String(nr)] : undefined;
  const reaper = reaperArgv && (await probeWrapper(reaperArgv, 'true')) === undefined ? reaperArgv : undefined;
  const setpriv = findProgram('setpriv', path);
  const noNewPrivs = setpriv && (await probeWrapper([setpriv, '--no-new-privs'], 'true')) === undefined ? [setpriv, '--no-new-privs'] : undefined;
  const base = { ...(reaper ? { reaper } : {}), ...(noNewPrivs ? { noNewPrivs } : {}) };
  const candidates = namespaceCandidates(path);
  if (candidates.length === 0) return { ...base, reason: 'neither unshare (util-linux) nor bwrap (bubblewrap) is installed' };
  const failures: string[] = [];
  for (const wrapper of candidates) {
    const failure = await probeWrapper(wrapper.argv, NAMESPACE_PROBE);
    if (!failure) return { ...base, wrapper, reason: '' };
    failures.push(`${wrapper.argv.slice(0, 3).map((a) => a.split('/').pop()).join(' ')}: ${failure}`);
  }
  return { ...base, reason: `no PID namespace could be created (${failures.join('; ')})` };
}

/**
 * The ways to make a PID namespace with its own /proc that are installed, in the order they are
 * tried: `unshare` without a user namespace (root only), `unshare` in a user namespace that maps the
 * current user (util-linux 2.38+) or maps it to root, then `bwrap`.
 */
export function namespaceCandidates(path: string = process.env['PATH'] ?? ''): NamespaceWrapper[] {
  const unshare = findProgram('unshare', path);
  const bwrap = findProgram('bwrap', path);
  const candidates: NamespaceWrapper[] = [];
  const pidArgs = ['--pid', '--fork', '--mount-proc', '--kill-child'];
  if (unshare) {
    if (process.geteuid?.() === 0) candidates.push({ via: 'unshare', argv: [unshare, ...pidArgs] });
    candidates.push({ via: 'unshare', argv: [unshare, '--user', '--map-current-user', ...pidArgs] });
    candidates.push({ via: 'unshare', argv: [unshare, '--user', '--map-root-user', ...pidArgs] });
  }
  if (bwrap) candidates.push({ via: 'bwrap', argv: [bwrap, '--unshare-pid', '--die-with-parent', '--dev-bind', '/', '/', '--proc', '/proc', '--'] });
  return candidates;
}

/** Counts the processes visible in /proc: inside a fresh PID namespace only the probe itself (and bwrap's init). */
export const NAMESPACE_PROBE = 'n=0; for p in /proc/[0-9]*; do n=$((n+1)); done; test "$n" -le 4';

/** Runs `sh -c <script>` under `prefix`; resolves with why it failed (last stderr line), or `undefined` when it exited 0. */
export function probeWrapper(prefix: readonly string[], script: string): Promise<string | undefined> {
  return new Promise((done) => {
    const [program, ...args] = prefix as [string, ...string[]];
    const child = spawn(program, [...args, 'sh', '-c', script], { stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-300)));
    const timer = setTimeout(() => child.kill('SIGKILL'), PROBE_TIMEOUT_MS);
    child.on('error', (error) => done(error.message));
    child.on('close', (code) => {
      clearTimeout(timer);
      done(code === 0 ? undefined : (stderr.trim().split('\n').pop() ?? '') || `exit code ${String(code)}`);
    });
  });
}

function findProgram(name: string, path: string): string | undefined {
  for (const dir of [...path.split(delimiter).filter(Boolean), '/usr/bin', '/bin', '/usr/sbin', '/sbin']) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/**
 * Starts `sh -c <command>` in `cwd` with exactly `env` (plus the marker), contained as `policy` asks:
 * `auto` takes the strongest containment available, `pid-namespace` refuses to run without one,
 * `session` never uses namespaces (the subreaper supervisor still applies). Returns an error string
 * instead of a process when `policy` is `pid-namespace` and no namespace can be made here.
 * `capabilities` defaults to what `detectCapabilities` finds on this machine.
 */
export async function spawnContained(command: string, options: { cwd: string; env: Record<string, string>; policy: ContainmentPolicy; capabilities?: Capabilities }): Promise<ContainedProcess | { error: string }> {
  const found = options.capabilities ?? (await detectCapabilities());
  const wrapper = options.policy === 'session' ? undefined : found.wrapper;
  if (options.policy === 'pid-namespace' && !wrapper) return { error: `verify.containment requires a PID namespace and none is available: ${found.reason}` };
  const reason = options.policy === 'session' ? 'verify.containment is "session"' : found.reason;
  // The supervisor also wraps a namespace tool: `unshare` and `bwrap` can exit a moment before the
  // kernel has finished killing the namespace (its init dies of a parent-death signal), and the
  // supervisor waits until its whole tree, namespace included, is gone.
  const reaper = found.reaper;
  const marker = randomBytes(12).toString('hex');
  const env = { ...options.env, [STEP_MARKER]: marker };
  const [program, ...args] = [...(reaper ?? []), ...(wrapper?.argv ?? []), ...(found.noNewPrivs ?? []), 'sh', '-c', command];
  const child = spawn(program as string, args, { cwd: options.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const level: Containment = wrapper ? { level: 'pid-namespace', via: `${wrapper.via}${reaper ? ' + subreaper' : ''}` } : reaper ? { level: 'subreaper', via: 'perl prctl(PR_SET_CHILD_SUBREAPER)', reason } : { level: 'session', via: 'process-group', reason };
  const containment: Containment = { ...level, noNewPrivs: found.noNewPrivs !== undefined };
  let sentKill = false;
  const signalGroup = (signal: NodeJS.Signals) => {
    if (signal === 'SIGKILL') sentKill = true;
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      /* the group is gone */
    }
  };
  return {
    child,
    containment,
    stop(graceMs) {
      signalGroup('SIGTERM');
      setTimeout(() => {
        if (reaper && child.pid && child.exitCode === null) {
          try {
            process.kill(child.pid, 'SIGUSR1'); // the supervisor kills its whole tree
          } catch {
            /* it has just exited */
          }
        } else signalGroup('SIGKILL');
        setTimeout(() => signalGroup('SIGKILL'), graceMs).unref();
      }, graceMs).unref();
    },
    supervisorKilled: (exitSignal) => reaper !== undefined && exitSignal !== null && !sentKill,
    killRemaining: async (exitSignal) => {
      // The supervisor exits normally after killing its tree; dead of a signal (ours at a hard stop, or
      // the step's), it may have left orphans behind.
      const supervisorIntact = reaper !== undefined && exitSignal === null;
      signalGroup('SIGKILL');
      // An intact supervisor has killed and reaped its whole tree (a PID namespace included): the scan
      // of /proc (tens of milliseconds on a busy machine) is for the other cases.
      if (supervisorIntact) return 0;
      return child.pid ? sweep(`${STEP_MARKER}=${marker}`, child.pid) : 0;
    },
  };
}

/** Rounds of stop-then-kill before giving up (a fork bomb that outruns the sweep). */
const SWEEP_ROUNDS = 50;

/**
 * Stops and kills every process whose environment carries `marker` or whose session is `session`,
 * and their descendants; repeats until a scan finds none. Returns how many were killed. Without
 * /proc (macOS) it does nothing and returns 0.
 */
export async function sweep(marker: string, session: number): Promise<number> {
  if (!existsSync('/proc/self/stat')) return 0;
  let killed = 0;
  for (let round = 0; round < SWEEP_ROUNDS; round++) {
    const found = findStepProcesses(marker, session);
    if (found.length === 0) return killed;
    for (const pid of found) signal(pid, 'SIGSTOP'); // frozen processes cannot fork while the rest are killed
    for (const pid of found) signal(pid, 'SIGKILL');
    killed += found.length;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return killed;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    /* gone, or not ours */
  }
}

interface ProcInfo {
  pid: number;
  ppid: number;
  session: number;
  state: string;
}

/**
 * Reads /proc synchronously: a few hundred tiny reads take a few milliseconds this way, against tens
 * of milliseconds through the thread pool (bench/containment.js), and the scan must be quick to
 * catch a process before it forks again.
 */
function findStepProcesses(marker: string, session: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const live = entries.map((name) => readProc(Number(name), marker)).filter((p): p is ProcInfo & { marked: boolean } => p !== undefined && p.pid !== process.pid && p.state !== 'Z' && p.state !== 'X');
  const hit = new Set(live.filter((p) => p.marked || p.session === session).map((p) => p.pid));
  // Descendants of a hit (a child that cleared its environment and called setsid is still a child).
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of live) {
      if (!hit.has(p.pid) && hit.has(p.ppid)) {
        hit.add(p.pid);
        grew = true;
      }
    }
  }
  return [...hit];
}

function readProc(pid: number, marker: string): (ProcInfo & { marked: boolean }) | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid pgrp session …"; comm may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    let environ: Buffer;
    try {
      environ = readFileSync(`/proc/${pid}/environ`);
    } catch {
      environ = Buffer.alloc(0); // another user's process: not ours to find
    }
    return { pid, state: fields[0] ?? '', ppid: Number(fields[1]), session: Number(fields[3]), marked: environ.includes(`\0${marker}\0`) || environ.subarray(0, marker.length + 1).equals(Buffer.from(`${marker}\0`)) };
  } catch {
    return undefined;
  }
}
