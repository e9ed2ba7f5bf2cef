// Starts the real Steward server as a separate process, on a fresh data directory and a free port.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface RunningServer {
  url: string;
  stop: () => Promise<void>;
}

export async function startServer(admin: { email: string; password: string }): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-e2e-'));
  // Only our settings: a developer's own STEWARD_* (a database URL, say) must not leak in.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('STEWARD_')));
  const proc = spawn(process.execPath, ['apps/server/bin/steward.js', 'serve', '--port', '0'], {
    cwd: ROOT,
    env: {
      ...env,
      STEWARD_DATA_DIR: dataDir,
      STEWARD_ADMIN_EMAIL: admin.email,
      STEWARD_ADMIN_PASSWORD: admin.password,
      STEWARD_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));

  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`The server did not start in 60 s.\n${out}\n${err}`)),
        60_000,
      );
      proc.stdout.on('data', () => {
        const m = /is listening at (http:\/\/\S+)/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`The server exited (${code ?? signal}) before listening.\n${out}\n${err}`));
      });
    });
    return { url, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
