/**
 * The attacker's verify step: what a pull request's test script can do on the runner. It dumps its
 * own environment and every readable `/proc/<pid>/environ` to a file, then leaves processes behind —
 * one that calls `setsid`, and one that also clears its environment and double-forks so that it is
 * reparented away from the step — each writing a heartbeat. Tests then look for the secrets in the
 * dump and for the processes by the tag in their command line.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Probe {
  /** The shell command for the step's `run`. */
  run: string;
  dump: string;
  heartbeat: string;
  tag: string;
  /** What the probe wrote (empty when it did not run). */
  read(): string;
}

/** A probe writing into `dir`; `holdOutput` keeps the escaping process attached to the step's stdout. */
export function probeStep(dir: string, options: { holdOutput?: boolean } = {}): Probe {
  const tag = `hg-probe-${randomBytes(6).toString('hex')}`;
  const dump = join(dir, `${tag}.dump`);
  const heartbeat = join(dir, `${tag}.heartbeat`);
  const loop = `while :; do date +%s%N >> ${heartbeat}; sleep 0.05; done`;
  const detach = options.holdOutput ? '' : ' </dev/null >/dev/null 2>&1';
  const run = [
    `{ echo "== self"; env; for f in /proc/[0-9]*/environ; do echo "== $f"; tr '\\0' '\\n' < "$f" 2>/dev/null; echo; done; } > ${dump}`,
    `setsid sh -c '${loop}' ${tag}-setsid </dev/null >/dev/null 2>&1 &`,
    `( setsid env -i sh -c '${loop}' ${tag}-envless${detach} & )`,
    'sleep 0.2',
    'echo probe done',
  ].join('\n');
  return { run, dump, heartbeat, tag, read: () => (existsSync(dump) ? readFileSync(dump, 'utf8') : '') };
}

/** Live (not zombie) processes whose command line contains `tag`, as pids. */
export function processesTagged(tag: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3))) continue;
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(tag)) found.push(Number(name));
    } catch {
      /* gone */
    }
  }
  return found;
}

/** Kills what `processesTagged` finds (test clean-up when a weaker containment let something through). */
export function killTagged(tag: string): number {
  const pids = processesTagged(tag);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  return pids.length;
}
