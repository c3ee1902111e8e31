/**
 * Reads blobs through one long-lived `git cat-file --batch -z` process instead of one `git show`
 * per file: a 10,000-file change no longer starts 10,000 processes at once (which ran out of file
 * descriptors, EMFILE, and turned valid files into "invalid JSON"). Requests are NUL-terminated
 * (`-z`, git ≥ 2.38), so any path — quotes, tabs, newlines, non-ASCII — is read as it is. Requests
 * are answered in order by a single process, so at most one blob is being received at a time.
 *
 * Output format (git-cat-file(1), "BATCH OUTPUT"): `<oid> <type> <size>\n<contents>\n`, or
 * `<object> missing\n` / `<object> ambiguous\n`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** The process is closed after this long without a request (it is started again on demand). */
const IDLE_MS = 1000;

interface Pending {
  resolve: (bytes: Uint8Array | undefined) => void;
  reject: (error: Error) => void;
}

/** One `git cat-file --batch -z` process for `repo`, started on the first request. */
export class BlobReader {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly queue: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  /** Header of the object being received: its size and whether it is a blob. */
  private current: { size: number; blob: boolean; parts: Buffer[]; received: number } | undefined;
  private idle: NodeJS.Timeout | undefined;

  constructor(private readonly repo: string) {}

  /**
   * The contents of `<commit>:<path>`, or `undefined` when it does not exist or is not a blob (a
   * directory). Rejects only when git itself fails (not a repository, git missing). Resolving a path
   * makes git walk the tree, which is slow in a directory of thousands of entries: for many reads,
   * resolve object ids once (`listTree`) and use `readObject`.
   */
  read(commit: string, path: string): Promise<Uint8Array | undefined> {
    if (path.includes('\0')) return Promise.resolve(undefined); // no git path holds a NUL
    return this.readObject(`${commit}:${path}`);
  }

  /** The contents of any object name git accepts (an object id, `<rev>:<path>`); `undefined` unless a blob. */
  readObject(name: string): Promise<Uint8Array | undefined> {
    const child = this.start();
    clearTimeout(this.idle);
    this.hold(true);
    return new Promise((resolve, reject) => {
      this.queue.push({ resolve, reject });
      child.stdin.write(`${name}\0`);
    });
  }

  /** Ends the process (pending requests still get their answers first). */
  close(): void {
    clearTimeout(this.idle);
    this.child?.stdin.end();
    this.child = undefined;
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn('git', ['-C', this.repo, 'cat-file', '--batch', '-z'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)));
    child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    const fail = (error: Error) => {
      if (this.child === child) this.child = undefined;
      for (const pending of this.queue.splice(0)) pending.reject(error);
      this.buffer = Buffer.alloc(0);
      this.current = undefined;
    };
    child.on('error', fail);
    // EPIPE when git has already exited (an unreadable repository): 'close' rejects what is pending.
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => {
      if (this.queue.length > 0) fail(new Error(`git cat-file exited with ${String(code)} before answering: ${stderr.trim()}`));
      else if (this.child === child) this.child = undefined;
    });
    this.child = child;
    return child;
  }

  /** Keeps the event loop alive while answers are awaited; an idle reader never holds the process open. */
  private hold(on: boolean): void {
    const child = this.child;
    if (!child) return;
    if (on) child.ref();
    else child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr] as unknown as { ref?: () => void; unref?: () => void }[]) {
      if (on) stream.ref?.();
      else stream.unref?.();
    }
  }

  private receive(chunk: Buffer): void {
    // Headers are parsed from `buffer`; a body is gathered as a list of chunks (no quadratic copying).
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (!this.current) {
        const end = this.buffer.indexOf(0x0a);
        if (end < 0) return;
        const header = this.buffer.subarray(0, end).toString('utf8');
        this.buffer = this.buffer.subarray(end + 1);
        const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
        if (!match) {
          this.answer(undefined); // "<object> missing" or "<object> ambiguous"
          continue;
        }
        this.current = { size: Number(match[2]), blob: match[1] === 'blob', parts: [], received: 0 };
      }
      const body = this.current;
      const take = Math.min(this.buffer.length, body.size + 1 - body.received);
      if (body.blob) body.parts.push(this.buffer.subarray(0, take));
      body.received += take;
      this.buffer = this.buffer.subarray(take);
      if (body.received < body.size + 1) return;
      // The body is followed by one newline, which is not part of the blob.
      const contents = body.blob ? new Uint8Array(Buffer.concat(body.parts, body.size + 1).subarray(0, body.size)) : undefined;
      this.current = undefined;
      this.answer(contents);
    }
  }

  private answer(contents: Uint8Array | undefined): void {
    this.queue.shift()?.resolve(contents);
    if (this.queue.length === 0) {
      this.hold(false);
      clearTimeout(this.idle);
      this.idle = setTimeout(() => this.close(), IDLE_MS).unref();
    }
  }
}
