import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { api } from '../test/server.js';
import { createTestDatabase, type TestDatabase } from '../test/stores.js';
import { NATS_URL, natsCheck, postgresCheck } from '../test/services.js';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/steward.js');
const pg = await postgresCheck();
const nats = await natsCheck();

function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    STEWARD_LOG_LEVEL: 'warn',
    ...extra,
  };
  return env;
}

function run(args: string[], env: NodeJS.ProcessEnv, input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { env, input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const running: ChildProcessWithoutNullStreams[] = [];

async function serve(
  env: NodeJS.ProcessEnv,
  args: string[] = ['--port', '0'],
): Promise<{ url: string; stdout: () => string; proc: ChildProcessWithoutNullStreams }> {
  const proc = spawn(process.execPath, [bin, 'serve', ...args], { env });
  running.push(proc);
  let out = '';
  let err = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}\n${err}`)), 30_000);
    proc.stdout.on('data', () => {
      const m = /listening at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    proc.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}\n${err}`)));
  });
  return { url, stdout: () => out, proc };
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'steward-cli-'));
}

afterEach(() => {
  for (const p of running.splice(0)) p.kill('SIGKILL');
});

// Each case starts real processes; a loaded machine needs more than the default 30 s.
describe('steward CLI', { timeout: 90_000 }, () => {
  it('prints its version and refuses unknown commands and flags', () => {
    expect(run(['version'], baseEnv()).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const bad = run(['frobnicate'], baseEnv());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown command "frobnicate"/);
    const flag = run(['serve', '--prot', '1'], baseEnv());
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--prot/);
  });

  it('refuses to start with an invalid setting, naming it', () => {
    const r = run(['serve'], baseEnv({ STEWARD_PORT: '99999', STEWARD_DATA_DIR: tempDir() }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/STEWARD_PORT/);
    const flag = run(['serve', '--port', 'abc'], baseEnv({ STEWARD_DATA_DIR: tempDir() }));
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--port/);
  });

  it('serves on a free port with first-run credentials that work, and stops cleanly on SIGTERM', async () => {
    const dir = tempDir();
    const s = await serve(baseEnv({ STEWARD_DATA_DIR: dir }));
    const m = /sign in as (\S+) with password (\S+)/.exec(s.stdout());
    expect(s.stdout()).not.toMatch(/STEWARD_ADMIN_PASSWORD/);
    expect(m).not.toBeNull();
    expect((await api(s.url, 'GET', '/healthz')).body.status).toBe('ok');
    const login = await api(s.url, 'POST', '/api/v1/auth/login', { body: { email: m![1], password: m![2] } });
    expect(login.status).toBe(200);
    expect(login.body.role).toBe('owner');
    const exited = new Promise<number | null>((r) => s.proc.once('exit', r));
    s.proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    // A second start finds the account and prints no new password.
    const again = await serve(baseEnv({ STEWARD_DATA_DIR: dir }), ['--port', '0', '--data-dir', dir]);
    expect(again.stdout()).not.toMatch(/password/);
  });

  it('creates an admin from stdin and a token that the server accepts', async () => {
    const dir = tempDir();
    const env = baseEnv({ STEWARD_DATA_DIR: dir });
    const noStdin = run(['admin', 'create', '--email', 'ops@example.com'], env);
    expect(noStdin.code).toBe(2);
    expect(noStdin.stderr).toMatch(/--password-stdin/);
    const admin = run(
      ['admin', 'create', '--email', 'ops@example.com', '--password-stdin'],
      env,
      'a very long password\n',
    );
    expect(admin.code).toBe(0);
    const weak = run(['admin', 'create', '--email', 'weak@example.com', '--password-stdin'], env, 'short\n');
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/password/);
    const badRole = run(['token', 'create', '--tenant', 'default', '--role', 'root', '--name', 'ci'], env);
    expect(badRole.code).toBe(2);
    const noTenant = run(['token', 'create', '--tenant', 'nowhere', '--role', 'viewer', '--name', 'ci'], env);
    expect(noTenant.code).toBe(2);
    expect(noTenant.stderr).toMatch(/nowhere/);
    const token = run(['token', 'create', '--tenant', 'default', '--role', 'admin', '--name', 'ci'], env);
    expect(token.code).toBe(0);
    const secret = token.stdout.trim();
    expect(secret).toMatch(/^stw_/);

    const s = await serve(env);
    const users = await api(s.url, 'GET', '/api/v1/users', { token: secret });
    expect(users.status).toBe(200);
    expect(users.body.items.map((u: { email: string }) => u.email)).toEqual(['ops@example.com']);
    expect(
      (
        await api(s.url, 'POST', '/api/v1/auth/login', {
          body: { email: 'ops@example.com', password: 'a very long password' },
        })
      ).status,
    ).toBe(200);
  });

  it('backs up the SQLite database while the server runs', async () => {
    const dir = tempDir();
    const env = baseEnv({ STEWARD_DATA_DIR: dir });
    await serve(env);
    const to = path.join(tempDir(), 'backup.db');
    const r = run(['backup', '--to', to], env);
    expect(r.code).toBe(0);
    expect(existsSync(to)).toBe(true);
    const copy = new SQLite(to, { readonly: true });
    expect(copy.prepare('select email from users').all()).toEqual([{ email: 'admin@steward.local' }]);
    copy.close();
    expect(run(['backup', '--to', to], env).code).toBe(2);
  });

  it('migrates and reports an up-to-date database', () => {
    const env = baseEnv({ STEWARD_DATA_DIR: tempDir() });
    expect(run(['migrate'], env).stdout).toMatch(/success: 0001_foundation/);
    expect(run(['migrate'], env).stdout).toMatch(/up to date/);
  });

  describe.skipIf(!pg.available || !nats.available)(
    `on PostgreSQL + NATS${pg.available && nats.available ? '' : ` (skipped: ${pg.reason || nats.reason})`}`,
    () => {
      let db: TestDatabase | undefined;
      afterEach(async () => db?.drop());

      it('serves on PostgreSQL with the NATS bus, and backup gives pg_dump advice', async () => {
        db = await createTestDatabase('postgres');
        const env = baseEnv({
          STEWARD_DATABASE_URL: db.databaseUrl!,
          STEWARD_NATS_URL: NATS_URL,
          STEWARD_DATA_DIR: db.dataDir,
        });
        const s = await serve(env);
        const ready = await api(s.url, 'GET', '/readyz');
        expect(ready.status).toBe(200);
        expect(ready.body.checks).toEqual({
          database: { ok: true, detail: 'postgres' },
          bus: { ok: true, detail: 'nats' },
        });
        const backup = run(['backup', '--to', path.join(db.dataDir, 'x.db')], env);
        expect(backup.code).toBe(1);
        expect(backup.stderr).toMatch(/pg_dump/);
        s.proc.kill('SIGTERM');
        await new Promise((r) => s.proc.once('exit', r));
      });
    },
  );
});
