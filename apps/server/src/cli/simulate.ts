import { simulatedFleet } from '@steward/sdk/simulator';
import { SIMULATORS } from '../features/connectors/index.js';
import { UsageError } from './errors.js';

function intOption(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new UsageError(`--${name} must be a whole number from 0 to ${max}`);
  return n;
}

/**
 * `steward simulate <vendor>`: one vendor simulator on its own, seeded with a deterministic fleet, until
 * interrupted. Prints the address and the configuration and secrets a connector instance needs.
 */
export async function runSimulate(
  vendor: string | undefined,
  values: { devices?: string; port?: string; host?: string; seed?: string; 'token-lifetime'?: string },
): Promise<number> {
  const names = Object.keys(SIMULATORS).join(', ');
  if (!vendor) throw new UsageError(`steward simulate: name a vendor (${names})`);
  const definition = SIMULATORS[vendor];
  if (!definition) throw new UsageError(`steward simulate: unknown vendor "${vendor}"; one of ${names}`);
  const devices = intOption(values.devices, 'devices', 500, 1_000_000);
  const port = intOption(values.port, 'port', 0, 65_535);
  const seed = intOption(values.seed, 'seed', 1, 2 ** 31);
  const tokenLifetimeSeconds = values['token-lifetime']
    ? intOption(values['token-lifetime'], 'token-lifetime', 599, 86_400)
    : undefined;
  const fleet = simulatedFleet({ devices, seed });
  const started = await definition.start({
    fleet,
    port,
    ...(values.host ? { host: values.host } : {}),
    ...(tokenLifetimeSeconds ? { tokenLifetimeSeconds } : {}),
  });
  process.stdout.write(
    `${JSON.stringify({
      simulator: vendor,
      connectorId: definition.connectorId,
      url: started.server.url,
      devices,
      config: started.config,
      // A simulator's credentials are made up for it: printing them is how a tester wires a connector.
      secrets: started.secrets,
    })}\n`,
  );
  const stop = async () => {
    await started.server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return -1;
}
