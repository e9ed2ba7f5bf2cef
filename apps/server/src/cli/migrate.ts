import { configFromEnv } from './common.js';
import { migrate, openStore } from '../platform/db/index.js';

export async function runMigrate(): Promise<number> {
  const config = configFromEnv();
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const result = await migrate(store);
    const applied = result.results ?? [];
    console.log(
      applied.length
        ? applied.map((r) => `${r.status.toLowerCase()}: ${r.migrationName}`).join('\n')
        : 'Database is up to date.',
    );
    return 0;
  } finally {
    await store.close();
  }
}
