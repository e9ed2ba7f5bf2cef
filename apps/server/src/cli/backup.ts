import { existsSync } from 'node:fs';
import path from 'node:path';
import { required, withStore } from './common.js';
import { UsageError } from './errors.js';

export async function runBackup(values: { to?: string }): Promise<number> {
  const to = path.resolve(required(values, 'to'));
  if (existsSync(to)) throw new UsageError(`${to} already exists; choose a new file`);
  return withStore(async (store) => {
    if (!store.backup) {
      console.error(
        'steward backup copies the embedded SQLite database. On PostgreSQL use its own tools, e.g.\n' +
          '  pg_dump --format=custom --file=steward.dump "$STEWARD_DATABASE_URL"\n' +
          'and restore with pg_restore.',
      );
      return 1;
    }
    await store.backup(to);
    console.log(`Backed up ${store.sqliteFile} to ${to}`);
    return 0;
  });
}
