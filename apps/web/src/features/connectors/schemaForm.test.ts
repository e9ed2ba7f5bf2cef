import { describe, expect, it } from 'vitest';
import { buildValue, errorsByField, fieldsOf, initialValues, labelOf } from './schemaForm.js';

// What z.toJSONSchema(…, { io: 'input' }) makes of a connector config (as the catalog serves it).
const config = {
  type: 'object',
  properties: {
    baseUrl: { type: 'string', format: 'uri' },
    clientId: { type: 'string', minLength: 1 },
    pageSize: { default: 500, type: 'integer', minimum: 1, maximum: 2000 },
    timeoutMs: { default: 60000, type: 'integer', minimum: 1000, maximum: 9007199254740991 },
    region: { type: 'string', enum: ['us', 'eu'] },
    verbose: { type: 'boolean', default: false },
    contact: { anyOf: [{ type: 'string', format: 'email' }, { type: 'null' }] },
    scopes: { type: 'array', items: { type: 'string' } },
    backoff: {
      default: { baseMs: 500, maxMs: 30000 },
      type: 'object',
      properties: {
        baseMs: { type: 'integer', exclusiveMinimum: 0 },
        maxMs: { type: 'integer', exclusiveMinimum: 0 },
      },
      required: ['baseMs', 'maxMs'],
    },
  },
  required: ['baseUrl', 'clientId', 'region'],
};

describe('a form from a JSON Schema', () => {
  const fields = fieldsOf(config);
  const byPath = Object.fromEntries(fields.map((f) => [f.path, f]));

  it('makes one field per property, of the right kind, nested objects flattened', () => {
    expect(fields.map((f) => [f.path, f.kind])).toEqual([
      ['baseUrl', 'url'],
      ['clientId', 'text'],
      ['pageSize', 'integer'],
      ['timeoutMs', 'integer'],
      ['region', 'enum'],
      ['verbose', 'boolean'],
      ['contact', 'email'],
      ['scopes', 'list'],
      ['backoff.baseMs', 'integer'],
      ['backoff.maxMs', 'integer'],
    ]);
    expect(byPath.region?.options).toEqual(['us', 'eu']);
    expect(byPath.pageSize).toMatchObject({ min: 1, max: 2000, required: false, default: 500 });
    expect(byPath.timeoutMs?.max).toBeNull();
    expect(byPath['backoff.baseMs']).toMatchObject({ min: 1, default: 500, required: false });
  });

  it('marks required what has no default, and labels keys for people', () => {
    expect(fields.filter((f) => f.required).map((f) => f.path)).toEqual(['baseUrl', 'clientId', 'region']);
    expect(byPath.baseUrl?.label).toBe('Base URL');
    expect(byPath.clientId?.label).toBe('Client ID');
    expect(byPath['backoff.maxMs']?.label).toBe('Backoff max (ms)');
    expect(labelOf('page_size')).toBe('Page size');
  });

  it('leaves out the fields asked (an action’s target field)', () => {
    expect(fieldsOf(config, ['clientId', 'backoff.maxMs']).map((f) => f.path)).not.toContain('clientId');
    expect(fieldsOf(config, ['backoff.maxMs']).map((f) => f.path)).not.toContain('backoff.maxMs');
  });

  it('prefills defaults, or what is stored when editing', () => {
    expect(initialValues(fields)).toMatchObject({
      baseUrl: '',
      pageSize: '500',
      verbose: false,
      'backoff.maxMs': '30000',
    });
    const stored = initialValues(fields, { baseUrl: 'https://x.example', pageSize: 10, scopes: ['a', 'b'] });
    expect(stored).toMatchObject({ baseUrl: 'https://x.example', pageSize: '10', scopes: 'a\nb' });
  });

  it('builds the payload: numbers as numbers, blanks left out, nested objects rebuilt', () => {
    const values = {
      ...initialValues(fields),
      baseUrl: ' https://x.example ',
      pageSize: '10',
      scopes: 'a, b',
    };
    const built = buildValue(fields, values);
    expect(built.errors).toEqual({});
    expect(built.value).toEqual({
      baseUrl: 'https://x.example',
      pageSize: 10,
      timeoutMs: 60000,
      verbose: false,
      scopes: ['a', 'b'],
      backoff: { baseMs: 500, maxMs: 30000 },
    });
    expect(buildValue(fields, { ...values, pageSize: '1.5' }).errors).toEqual({ pageSize: 'a whole number' });
  });

  it('puts the server’s reasons at the field they name', () => {
    const shown = new Set(['name', 'config.baseUrl', 'config.backoff.baseMs', 'secrets.clientSecret']);
    const { byField, rest } = errorsByField(
      [
        { path: 'body.config.baseUrl', reason: 'Invalid URL' },
        { path: 'body.secrets.clientSecret', reason: 'required (Client secret)' },
        { path: 'body.config.backoff', reason: 'bad' },
        { path: 'body.sourceKey', reason: 'taken' },
      ],
      shown,
    );
    expect(byField).toEqual({
      'config.baseUrl': 'Invalid URL',
      'secrets.clientSecret': 'required (Client secret)',
      'config.backoff.baseMs': 'bad',
    });
    expect(rest).toEqual([{ path: 'body.sourceKey', reason: 'taken' }]);
  });
});
