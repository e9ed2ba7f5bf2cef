import { z } from 'zod';
import { errors, type SourceType } from '@steward/domain';
import type { ConnectorCategory, ConnectorDefinition } from '@steward/sdk';

/** Any connector, whatever its config type: the platform only hands a config back to its own connector. */
export type AnyConnector = ConnectorDefinition<unknown>;

const jsonSchemaObject = z.record(z.string(), z.unknown());

export const catalogEntrySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    category: z.string(),
    description: z.string().nullable(),
    auth: z.object({
      type: z.string(),
      secrets: z.array(
        z.object({
          key: z.string(),
          label: z.string(),
          description: z.string().nullable(),
          multiline: z.boolean(),
          optional: z.boolean(),
        }),
      ),
    }),
    configSchema: jsonSchemaObject.describe('JSON Schema of the instance configuration'),
    streams: z.array(
      z.object({ name: z.string(), kind: z.string(), mode: z.string(), description: z.string().nullable() }),
    ),
    actions: z.array(
      z.object({
        name: z.string(),
        title: z.string(),
        description: z.string().nullable(),
        reversible: z.boolean(),
        destructive: z.boolean(),
        target: z
          .object({ kind: z.string(), field: z.string() })
          .nullable()
          .describe('The input field that takes the record key of the entity acted on'),
        inputSchema: jsonSchemaObject.describe('JSON Schema of the action input'),
      }),
    ),
  })
  .meta({ id: 'ConnectorCatalogEntry' });
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

/** Which ingestion source type a connector's observations arrive as (precedence follows from it). */
const SOURCE_TYPE_BY_CATEGORY: Partial<Record<ConnectorCategory, SourceType>> = {
  mdm: 'mdm',
  edr: 'edr',
  directory: 'directory',
  hr: 'hr',
  procurement: 'purchasing',
};

export function sourceTypeOf(connector: AnyConnector): SourceType {
  return SOURCE_TYPE_BY_CATEGORY[connector.category] ?? 'api';
}

function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

function entryOf(c: AnyConnector): CatalogEntry {
  return {
    id: c.id,
    title: c.title,
    category: c.category,
    description: c.description ?? null,
    auth: {
      type: c.auth.type,
      secrets: c.auth.secrets.map((s) => ({
        key: s.key,
        label: s.label,
        description: s.description ?? null,
        multiline: s.multiline ?? false,
        optional: s.optional ?? false,
      })),
    },
    configSchema: toJsonSchema(c.configSchema),
    streams: Object.entries(c.streams).map(([name, s]) => ({
      name,
      kind: s.kind,
      mode: s.mode,
      description: s.description ?? null,
    })),
    actions: Object.entries(c.actions).map(([name, a]) => ({
      name,
      title: a.title,
      description: a.description ?? null,
      reversible: a.reversible,
      destructive: a.destructive,
      target: a.target ?? null,
      inputSchema: toJsonSchema(a.inputSchema),
    })),
  };
}

/** The connectors this installation can run, by id. */
export class ConnectorCatalog {
  private readonly byId: Map<string, AnyConnector>;
  private readonly entries: CatalogEntry[];

  constructor(connectors: readonly AnyConnector[]) {
    this.byId = new Map(connectors.map((c) => [c.id, c]));
    if (this.byId.size !== connectors.length) throw new Error('Two connectors share an id.');
    this.entries = connectors.map(entryOf).sort((a, b) => a.title.localeCompare(b.title));
  }

  get(id: string): AnyConnector | undefined {
    return this.byId.get(id);
  }

  require(id: string, path = 'body.connectorId'): AnyConnector {
    const c = this.byId.get(id);
    if (!c)
      throw errors.validation(`There is no connector "${id}".`, [
        { path, reason: `unknown connector; one of ${[...this.byId.keys()].join(', ')}` },
      ]);
    return c;
  }

  /** Entries whose title, id, category or action titles contain every word of `q`. */
  list(q?: string, category?: string): CatalogEntry[] {
    const words = (q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    return this.entries.filter((e) => {
      if (category && e.category !== category) return false;
      const text = [e.id, e.title, e.category, ...e.actions.flatMap((a) => [a.name, a.title])]
        .join(' ')
        .toLowerCase();
      return words.every((w) => text.includes(w));
    });
  }
}
