import net from 'node:net';

/**
 * Tests that need PostgreSQL or NATS always run in CI (CI=true makes an unreachable service a failure).
 * Locally they skip, with the reason printed, when the service is not running.
 */
export const PG_ADMIN_URL = process.env.STEWARD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const NATS_URL = process.env.STEWARD_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port || defaultPort) });
    socket.setTimeout(2_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export interface ServiceCheck {
  available: boolean;
  reason: string;
}

async function check(name: string, url: string, port: number): Promise<ServiceCheck> {
  if (await reachable(url, port)) return { available: true, reason: '' };
  const reason = `${name} is not reachable at ${url}`;
  if (process.env.CI) throw new Error(`${reason}; CI requires it (tests must not skip in CI)`);
  console.warn(`[skip] ${reason}: its tests are skipped locally`);
  return { available: false, reason };
}

export const postgresCheck = (): Promise<ServiceCheck> => check('PostgreSQL', PG_ADMIN_URL, 5432);
export const natsCheck = (): Promise<ServiceCheck> => check('NATS', NATS_URL, 4222);
