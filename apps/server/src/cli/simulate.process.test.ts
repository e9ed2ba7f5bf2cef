// `steward simulate <vendor>` as a real process: what it prints is enough to call the vendor API.
import { simulatedFleet } from '@steward/sdk/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cliEnv, killHard, runCliAsync, startCli, type CliProcess } from './process.fixture.js';

const DEVICES = 20;
/** The fleet `steward simulate --devices 20` serves: the CLI's default seed is 1. */
const fleet = simulatedFleet({ devices: DEVICES, seed: 1 });

/** The one JSON line `steward simulate` prints on start. */
const startedSchema = z.object({
  simulator: z.string(),
  connectorId: z.string(),
  url: z.url(),
  devices: z.number(),
  config: z.record(z.string(), z.unknown()),
  secrets: z.record(z.string(), z.string()),
});

const running: CliProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map(killHard));
});

async function simulate(vendor: string) {
  const p = await startCli(
    ['simulate', vendor, '--devices', String(DEVICES), '--port', '0'],
    cliEnv(),
    /^(\{.*\})\n/,
  );
  running.push(p);
  return { process: p, started: startedSchema.parse(JSON.parse(p.match[1] as string)) };
}

async function json(res: Response): Promise<unknown> {
  const body = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${res.url}: ${body}`);
  return JSON.parse(body) as unknown;
}

const jamfPage = z.object({
  totalCount: z.number(),
  results: z.array(z.object({ hardware: z.object({ serialNumber: z.string() }).nullish() }).loose()),
});

describe('steward simulate', { timeout: 60_000 }, () => {
  it('runs a Jamf Pro simulator whose printed client credentials read the whole fleet', async () => {
    const { process: p, started } = await simulate('jamf');
    expect(started).toMatchObject({ simulator: 'jamf', connectorId: 'jamf-pro', devices: DEVICES });
    expect(started.config.baseUrl).toBe(started.url);
    const clientId = z.string().parse(started.config.clientId);
    const clientSecret = z.string().parse(started.secrets.clientSecret);

    const wrong = await fetch(`${started.url}/api/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: 'x',
      }),
    });
    expect(wrong.status).toBe(401);
    const token = z.object({ access_token: z.string(), token_type: z.literal('Bearer') }).parse(
      await json(
        await fetch(`${started.url}/api/oauth/token`, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: clientId,
            client_secret: clientSecret,
          }),
        }),
      ),
    );
    const headers = { authorization: `Bearer ${token.access_token}` };
    expect((await fetch(`${started.url}/api/v1/computers-inventory`)).status).toBe(401);

    const computers = jamfPage.parse(
      await json(
        await fetch(`${started.url}/api/v1/computers-inventory?section=HARDWARE&page-size=100`, { headers }),
      ),
    );
    const mobiles = jamfPage.parse(
      await json(await fetch(`${started.url}/api/v2/mobile-devices/detail?page-size=100`, { headers })),
    );
    const inJamf = fleet.devices.filter((d) => d.inJamf);
    expect(inJamf.length).toBeGreaterThan(0);
    expect(computers.totalCount + mobiles.totalCount).toBe(inJamf.length);
    expect(computers.results).toHaveLength(computers.totalCount);
    expect(mobiles.results).toHaveLength(mobiles.totalCount);
    // The very devices of the deterministic fleet, not just as many.
    const computerSerials = computers.results.map((r) => r.hardware?.serialNumber);
    const expectedComputers = inJamf.filter((d) => d.deviceType === 'laptop' || d.deviceType === 'desktop');
    expect(computerSerials.sort()).toEqual(expectedComputers.map((d) => d.serialNumber).sort());

    // It runs until interrupted, then stops cleanly.
    p.proc.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('runs an Okta simulator whose printed SSWS token lists the fleet people', async () => {
    const { started } = await simulate('okta');
    expect(started).toMatchObject({ simulator: 'okta', connectorId: 'okta', devices: DEVICES });
    const apiToken = z.string().parse(started.secrets.apiToken);
    const users = z.array(
      z.object({ id: z.string(), status: z.string(), profile: z.object({ email: z.string() }) }),
    );
    const list = async (query: string, token = apiToken) =>
      fetch(`${started.url}/api/v1/users?limit=200${query}`, { headers: { authorization: `SSWS ${token}` } });

    expect((await list('', 'not-the-token')).status).toBe(401);
    const listed = users.parse(await json(await list('')));
    const deprovisioned = users.parse(
      await json(await list(`&filter=${encodeURIComponent('status eq "DEPROVISIONED"')}`)),
    );
    // Okta's unfiltered list leaves deprovisioned users out; together they are every person of the fleet.
    expect(listed.map((u) => u.profile.email).sort()).toEqual(
      fleet.people
        .filter((p) => p.active)
        .map((p) => p.email)
        .sort(),
    );
    expect(listed.length + deprovisioned.length).toBe(fleet.people.length);
    expect(new Set([...listed, ...deprovisioned].map((u) => u.id)).size).toBe(fleet.people.length);
  });

  it('refuses bad arguments with a non-zero exit naming the argument', async () => {
    const [unknown, missing, negative, negativeValue] = await Promise.all([
      runCliAsync(['simulate', 'nope', '--port', '0'], cliEnv()),
      runCliAsync(['simulate'], cliEnv()),
      // parseArgs takes the "-1" of `--devices -1` for an option, and says so naming --devices.
      runCliAsync(['simulate', 'jamf', '--devices', '-1', '--port', '0'], cliEnv()),
      runCliAsync(['simulate', 'jamf', '--devices=-1', '--port', '0'], cliEnv()),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown vendor "nope"; one of .*jamf.*okta/);
    expect(unknown.stdout).toBe('');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/name a vendor/);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toMatch(/'--devices'/);
    expect(negative.stdout).toBe('');
    expect(negativeValue.code).toBe(2);
    expect(negativeValue.stderr).toMatch(/--devices must be a whole number from 0 to 1000000/);
    expect(negativeValue.stdout).toBe('');
  });
});
