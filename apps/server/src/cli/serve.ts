import { createSteward } from '../server.js';
import { ensureFirstRun } from '../bootstrap.js';
import { configFromEnv } from './common.js';
import { DEMO_SEED_JOB, startDemoConnectors, type DemoConnectors } from '../features/demo/index.js';

export async function runServe(values: {
  port?: string;
  host?: string;
  'data-dir'?: string;
  demo?: boolean;
}): Promise<number> {
  const config = configFromEnv({ port: values.port, host: values.host, dataDir: values['data-dir'] });
  const steward = await createSteward(config);
  const firstRun = await ensureFirstRun(steward.store.db, steward.clock, process.env, {
    demo: values.demo === true,
  });
  if (firstRun && values.demo) {
    await steward.queue.enqueue({
      type: DEMO_SEED_JOB,
      tenantId: firstRun.tenantId,
      payload: { tenantId: firstRun.tenantId },
      maxAttempts: 1,
      idempotencyKey: `${DEMO_SEED_JOB}:${firstRun.tenantId}`,
    });
  }
  const url = await steward.listen();
  let demo: DemoConnectors | undefined;
  if (values.demo) {
    const tenant = await steward.store.db
      .selectFrom('tenants')
      .select('id')
      .where('slug', '=', 'demo')
      .executeTakeFirst();
    if (tenant) demo = await startDemoConnectors(steward.connectors, tenant.id);
  }
  // Printed, not logged: the operator needs these once, and logs must never hold secrets.
  const lines = [
    `Steward ${config.databaseUrl ? 'on PostgreSQL' : `with data in ${config.dataDir}`} is listening at ${url}`,
  ];
  if (firstRun?.generatedPassword) {
    lines.push(`First run: sign in as ${firstRun.email} with password ${firstRun.generatedPassword}`);
    lines.push('(shown once; change it under Settings, or create accounts with `steward admin create`)');
  } else if (firstRun) {
    lines.push(`First run: sign in as ${firstRun.email} with the password from STEWARD_ADMIN_PASSWORD`);
  }
  if (firstRun && values.demo) {
    lines.push(
      'Demo: the "Demo Co" tenant is filling with a sample fleet (a couple of minutes); explore Assets and People meanwhile.',
    );
  }
  if (demo) {
    lines.push(
      `Demo connectors: ${demo.simulators.length} vendor simulators on this machine are syncing into Demo Co (Settings → Connectors).`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = async (signal: string) => {
    steward.app.log.info({ signal }, 'shutting down');
    await steward.close();
    await demo?.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return -1;
}
