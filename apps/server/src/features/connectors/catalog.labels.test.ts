import { describe, expect, it } from 'vitest';
import { BUILT_IN_CONNECTORS } from './builtin.js';
import { ConnectorCatalog } from './catalog.js';

type Schema = Record<string, unknown>;

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';

/** `where` of every property, in nested objects and union branches too, that lacks a title or description. */
function unlabelled(schema: Schema, where: string): string[] {
  const out: string[] = [];
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const [key, raw] of Object.entries(properties)) {
    const path = `${where}.${key}`;
    if (!isObject(raw)) {
      out.push(`${path} (not a schema)`);
      continue;
    }
    const missing = (['title', 'description'] as const).filter((k) => !isText(raw[k]));
    if (missing.length > 0) out.push(`${path} (no ${missing.join(', no ')})`);
    out.push(...unlabelled(raw, path));
  }
  for (const union of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = schema[union];
    if (Array.isArray(branches))
      branches.forEach((b, i) => {
        if (isObject(b)) out.push(...unlabelled(b, `${where}[${union}${i}]`));
      });
  }
  return out;
}

describe('connector config forms', () => {
  const entries = new ConnectorCatalog(BUILT_IN_CONNECTORS).list();

  it('covers every built-in connector', () => {
    expect(entries.map((e) => e.id).sort()).toEqual(BUILT_IN_CONNECTORS.map((c) => c.id).sort());
    for (const e of entries) expect(Object.keys(e.configSchema.properties ?? {}).length).toBeGreaterThan(0);
  });

  it('gives every config field a title and a description for the generated form', () => {
    const offenders = entries.flatMap((e) => unlabelled(e.configSchema, e.id));
    expect(offenders, `Config fields without a label or help text:\n${offenders.join('\n')}`).toEqual([]);
  });

  it('keeps titles and descriptions beside defaults, transforms and nested objects', () => {
    const props = (id: string) => entries.find((e) => e.id === id)?.configSchema.properties as Schema;
    expect(props('crowdstrike-falcon').baseUrl).toMatchObject({
      title: 'API base URL (region)',
      default: 'https://api.crowdstrike.com',
      format: 'uri',
    });
    const http = props('okta').http as Schema;
    expect(http).toMatchObject({ type: 'object', default: {} });
    expect((http.properties as Schema).timeoutMs).toMatchObject({
      title: 'Request timeout (ms)',
      description: expect.stringMatching(/^Advanced: /),
    });
  });
});
