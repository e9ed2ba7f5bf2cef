import { spawn } from 'node:child_process';

export interface ProcessOutcome {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Output beyond the limit was dropped. */
  truncated: boolean;
  timedOut: boolean;
  durationMs: number;
  /** The program could not be started (not found, not executable) or was aborted. */
  error?: string;
}

export interface RunOptions {
  timeoutMs: number;
  maxOutputBytes?: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;

class Capture {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    const room = this.limit - this.size;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (part.length < chunk.length) this.truncated = true;
    this.chunks.push(part);
    this.size += part.length;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** Run a program without a shell, capturing bounded output. On timeout or abort the whole process group is
 * killed (POSIX), so a script's own children do not outlive it. */
export function runProcess(program: string, args: string[], options: RunOptions): Promise<ProcessOutcome> {
  const started = Date.now();
  const limit = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const out = new Capture(limit);
  const err = new Capture(limit);
  const posix = process.platform !== 'win32';

  return new Promise((resolve) => {
    let settled = false;
    let timedOut = false;
    let aborted = false;
    let failure: string | undefined;
    const child = spawn(program, args, {
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: posix,
      windowsHide: true,
      ...(options.env ? { env: options.env } : {}),
    });

    const kill = () => {
      try {
        if (posix && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const finish = (exitCode: number | null, signal: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(graceTimer);
      options.signal?.removeEventListener('abort', onAbort);
      const error =
        failure ?? (aborted ? 'aborted' : timedOut ? `timed out after ${options.timeoutMs} ms` : undefined);
      resolve({
        exitCode,
        signal,
        stdout: out.text(),
        stderr: err.text(),
        truncated: out.truncated || err.truncated,
        timedOut,
        durationMs: Date.now() - started,
        ...(error ? { error } : {}),
      });
    };
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    const stop = () => {
      kill();
      // If something still holds the pipes open, do not wait for them forever.
      graceTimer = setTimeout(() => finish(child.exitCode, child.signalCode), 5000);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    const onAbort = () => {
      aborted = true;
      stop();
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => {
      failure = e.message;
      finish(null, null);
    });
    child.on('close', (code, signal) => finish(code, signal));
  });
}
