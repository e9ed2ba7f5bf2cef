import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../store.js';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_system_of_record.js';
import * as m0003 from './0003_attestation.js';
import * as m0004 from './0004_vault.js';
import * as m0005 from './0005_asset_tag_unique.js';
import * as m0006 from './0006_people_indexes.js';
import * as m0007 from './0007_search_sort_key.js';
import * as m0008 from './0008_ingestion.js';
import * as m0009 from './0009_adopt_existing.js';
import * as m0010 from './0010_connectors.js';
import * as m0011 from './0011_action_presets.js';
import * as m0012 from './0012_connector_history.js';
import * as m0013 from './0013_workflows.js';
import * as m0014 from './0014_workflow_runs.js';
import * as m0015 from './0015_workflow_triggers.js';
import * as m0016 from './0016_workflow_webhooks.js';
import * as m0017 from './0017_workflow_approvals.js';
import * as m0018 from './0018_agent_tasks.js';
import * as m0019 from './0019_agents.js';
import * as m0020 from './0020_workflow_engine.js';

interface DialectMigration {
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/** Every migration, in order. Names are stable forever: they are recorded in the database. */
const ALL: Record<string, DialectMigration> = {
  '0001_foundation': m0001,
  '0002_system_of_record': m0002,
  '0003_attestation': m0003,
  '0004_vault': m0004,
  '0005_asset_tag_unique': m0005,
  '0006_people_indexes': m0006,
  '0007_search_sort_key': m0007,
  '0008_ingestion': m0008,
  '0009_adopt_existing': m0009,
  '0010_connectors': m0010,
  '0011_action_presets': m0011,
  '0012_connector_history': m0012,
  '0013_workflows': m0013,
  '0014_workflow_runs': m0014,
  '0015_workflow_triggers': m0015,
  '0016_workflow_webhooks': m0016,
  '0017_workflow_approvals': m0017,
  '0018_agent_tasks': m0018,
  '0019_agents': m0019,
  '0020_workflow_engine': m0020,
};

export function migrationsFor(dialect: Dialect): Record<string, Migration> {
  return Object.fromEntries(
    Object.entries(ALL).map(([name, m]) => [name, { up: (db: Kysely<unknown>) => m.up(db, dialect) }]),
  );
}
