import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { api, seedTenant, startTestServer, type SeededTenant, type TestServer } from '../../test/server.js';
import { describeEachDialect } from '../../test/stores.js';

interface ImportErrorJson {
  line: number;
  column: string | null;
  reason: string;
}

describeEachDialect('asset CSV import', (dialect) => {
  let s: TestServer;
  let t: SeededTenant;
  let other: SeededTenant;

  function importCsv(csv: string, query: string, token = t.tokens.operator) {
    return api(s.url, 'POST', `/api/v1/assets/import?${query}`, {
      token,
      rawBody: csv,
      headers: { 'content-type': 'text/csv; charset=utf-8' },
    });
  }
  async function total(token = t.tokens.viewer): Promise<number> {
    const r = await api(s.url, 'GET', '/api/v1/assets?limit=1&count=true', { token });
    return r.body.total as number;
  }
  async function byTag(tag: string, token = t.tokens.viewer) {
    const filter = encodeURIComponent(JSON.stringify([{ field: 'assetTag', op: 'eq', value: tag }]));
    const r = await api(s.url, 'GET', `/api/v1/assets?filter=${filter}`, { token });
    return r.body.items as Record<string, unknown>[];
  }
  const brief = (errors: ImportErrorJson[]) => errors.map((e) => [e.line, e.column]);

  beforeAll(async () => {
    s = await startTestServer(dialect);
    t = await seedTenant(s.steward, 'acme');
    other = await seedTenant(s.steward, 'globex');
    for (const body of [
      { key: 'cf_cost_centre', label: 'Cost centre', type: 'text' },
      { key: 'cf_tier', label: 'Tier', type: 'enum', values: ['gold', 'silver'] },
      { key: 'cf_leased', label: 'Leased', type: 'boolean' },
    ]) {
      expect(
        (await api(s.url, 'POST', '/api/v1/custom-fields', { token: t.tokens.admin, body })).status,
      ).toBe(201);
    }
    const taken = await api(s.url, 'POST', '/api/v1/assets', {
      token: t.tokens.operator,
      body: { kind: 'device', name: 'Existing', assetTag: 'TAKEN-1', serialNumber: 'SER-EXIST' },
    });
    expect(taken.status).toBe(201);
  });
  afterAll(async () => s.stop());

  // Line 1 is the header; row 3's name spans lines 3–4, so the rows after it start one line later.
  const mixed = [
    'assetTag,name,deviceType,purchaseDate,diskEncrypted,memoryGb,tags,cf_tier,cf_leased',
    'OK-1,Good one,laptop,2025-01-31,yes,16,design;loaner,gold,no',
    '"OK-2","Two\nlines, ""quoted""",Desktop,,TRUE,,,,',
    'BAD-1,Bad type,toaster,2025-01-31,true,8,,,',
    'BAD-2,Bad date,laptop,31/01/2025,maybe,lots,bad!tag,bronze,perhaps',
    'OK-1,Duplicate tag in file,laptop,,,,,,',
    'TAKEN-1,Tag already in use,laptop,,,,,,',
    'BAD-3,too few cells',
    'OK-3,Formula free,laptop,,0,,,SILVER,1',
  ].join('\r\n');

  it('dry run reports every bad row with its line, column and reason, and writes nothing', async () => {
    const before = await total();
    const r = await importCsv(mixed, 'kind=device');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      mode: 'dryRun',
      dryRun: true,
      outcome: 'dry_run',
      totalRows: 8,
      validRows: 3,
      invalidRows: 5,
      created: 0,
      updated: 0,
    });
    expect(brief(r.body.errors)).toEqual([
      [5, 'deviceType'],
      [6, 'purchaseDate'],
      [6, 'diskEncrypted'],
      [6, 'memoryGb'],
      [6, 'tags'],
      [6, 'cf_tier'],
      [6, 'cf_leased'],
      [7, 'assetTag'],
      [8, 'assetTag'],
      [9, null],
    ]);
    const reasons = Object.fromEntries(
      r.body.errors.map((e: ImportErrorJson) => [`${e.line}:${e.column}`, e.reason]),
    );
    expect(reasons['5:deviceType']).toMatch(/^"toaster" is not allowed: use one of laptop, desktop/);
    expect(reasons['6:purchaseDate']).toBe('must be a date as YYYY-MM-DD');
    expect(reasons['6:memoryGb']).toBe('must be a number');
    expect(reasons['6:cf_tier']).toBe('must be one of gold, silver');
    expect(reasons['6:tags']).toMatch(/^tag "bad!tag": letters, digits/);
    expect(reasons['7:assetTag']).toBe('asset tag OK-1 is also on line 2');
    expect(reasons['8:assetTag']).toBe('asset tag TAKEN-1 is already used by another asset');
    expect(reasons['9:null']).toBe('has 2 cells; the header has 9');
    expect(r.body.columns).toContainEqual({ header: 'cf_leased', target: 'cf_leased' });
    expect(await total()).toBe(before);
  });

  it('commit refuses when any row is bad and writes nothing', async () => {
    const before = await total();
    const r = await importCsv(mixed, 'kind=device&mode=commit');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ outcome: 'refused', dryRun: false, created: 0, invalidRows: 5 });
    expect(r.body.errors).toHaveLength(10);
    expect(await total()).toBe(before);
    expect(await byTag('OK-1')).toEqual([]);
  });

  it('commitValid writes only the good rows, through the assets service, and audits the import', async () => {
    const before = await total();
    const r = await importCsv(mixed, 'kind=device&mode=commitValid');
    expect(r.body).toMatchObject({
      outcome: 'written',
      created: 3,
      updated: 0,
      validRows: 3,
      invalidRows: 5,
    });
    expect(await total()).toBe(before + 3);
    const [one] = await byTag('OK-1');
    expect(one).toMatchObject({
      name: 'Good one',
      deviceType: 'laptop',
      diskEncrypted: true,
      memoryGb: 16,
      purchaseDate: '2025-01-31',
      lifecycleState: 'in_stock',
      tags: ['design', 'loaner'],
      custom: { cf_tier: 'gold', cf_leased: false },
    });
    const [two] = await byTag('OK-2');
    expect(two).toMatchObject({ name: 'Two\nlines, "quoted"', deviceType: 'desktop', diskEncrypted: true });
    const [three] = await byTag('OK-3');
    expect(three).toMatchObject({ diskEncrypted: false, custom: { cf_tier: 'silver', cf_leased: true } });
    for (const tag of ['BAD-1', 'BAD-2', 'BAD-3']) expect(await byTag(tag)).toEqual([]);

    const timeline = await api(s.url, 'GET', `/api/v1/assets/${one!.id}/timeline`, {
      token: t.tokens.viewer,
    });
    expect(timeline.body.items.map((e: { action: string }) => e.action)).toEqual(['asset.created']);
    const audit = await api(s.url, 'GET', '/api/v1/audit?action=asset.import', { token: t.tokens.admin });
    expect(audit.body.items).toHaveLength(1);
    const event = audit.body.items[0];
    expect(event.target.type).toBe('asset_import');
    expect(event.changes).toMatchObject({
      mode: { after: 'commitValid' },
      created: { after: 3 },
      invalidRows: { after: 5 },
      outcome: { after: 'written' },
    });
    const counts = await api(s.url, 'GET', '/api/v1/assets/counts', { token: t.tokens.viewer });
    expect(counts.body.total).toBe(before + 3);
    const search = await api(s.url, 'GET', '/api/v1/assets?q=formula', { token: t.tokens.viewer });
    expect(search.body.items.map((a: { assetTag: string }) => a.assetTag)).toEqual(['OK-3']);
  });

  it('commit writes every row when all are valid, undoing the export formula guard', async () => {
    const csv = [
      'Asset tag,Name,Type,Price,Lifecycle,Cost centre,Kind',
      "MAP-0,'=not a formula,dock,'-12.5,ordered,'+CC,accessory",
      'MAP-00,Plain,monitor,,,,',
    ].join('\n');
    const r = await importCsv(csv, 'mode=commit&kind=accessory');
    expect(r.body).toMatchObject({ outcome: 'written', created: 2, errors: [] });
    expect((await byTag('MAP-0'))[0]).toMatchObject({
      kind: 'accessory',
      name: '=not a formula',
      purchasePrice: -12.5,
      lifecycleState: 'ordered',
      custom: { cf_cost_centre: '+CC' },
    });
  });

  it('reads renamed headers through the mapping, and names unknown columns with a 400', async () => {
    const csv = ['Serial,Asset #,Description,Notes,CC', 'abc123,MAP-1,Mapped laptop,ignore me,CC-9'].join(
      '\n',
    );
    const mapping = {
      Serial: 'serialNumber',
      'Asset #': 'assetTag',
      Description: 'name',
      Notes: 'ignore',
      CC: 'cf_cost_centre',
    };
    const r = await importCsv(
      csv,
      `kind=device&mode=commit&mapping=${encodeURIComponent(JSON.stringify(mapping))}`,
    );
    expect(r.status).toBe(200);
    expect(r.body.columns).toEqual([
      { header: 'Serial', target: 'serialNumber' },
      { header: 'Asset #', target: 'assetTag' },
      { header: 'Description', target: 'name' },
      { header: 'Notes', target: 'ignore' },
      { header: 'CC', target: 'cf_cost_centre' },
    ]);
    expect((await byTag('MAP-1'))[0]).toMatchObject({
      serialNumber: 'ABC123',
      name: 'Mapped laptop',
      custom: { cf_cost_centre: 'CC-9' },
    });

    const unmapped = await importCsv(csv, 'kind=device');
    expect(unmapped.status).toBe(400);
    expect(unmapped.body.error.message).toBe('Unknown columns: Serial, Asset #, Description, Notes, CC.');
    const badTarget = await importCsv(
      csv,
      `kind=device&mapping=${encodeURIComponent(JSON.stringify({ ...mapping, Notes: 'wheels', Ghost: 'name' }))}`,
    );
    expect(badTarget.status).toBe(400);
    expect(badTarget.body.error.message).toContain('Ghost');
    expect(badTarget.body.error.message).toContain('wheels');
    expect(badTarget.body.error.details).toEqual(
      expect.arrayContaining([
        { path: 'query.mapping.Ghost', reason: 'the file has no such column' },
        expect.objectContaining({ path: 'query.mapping.Notes' }),
      ]),
    );
    const managed = await importCsv(
      csv,
      `kind=device&mapping=${encodeURIComponent(JSON.stringify({ ...mapping, Notes: 'legalHold' }))}`,
    );
    expect(managed.status).toBe(400);
    expect(managed.body.error.details[0].reason).toContain('legalHold cannot be imported');
    const twice = await importCsv(
      csv,
      `kind=device&mapping=${encodeURIComponent(JSON.stringify({ ...mapping, Notes: 'name' }))}`,
    );
    expect(twice.status).toBe(400);
    const notJson = await importCsv(csv, 'kind=device&mapping=nope');
    expect(notJson.body.error.details[0].path).toBe('query.mapping');
  });

  it('matchOn updates the matching asset instead of creating one', async () => {
    const before = await total();
    const csv = [
      'assetTag,serialNumber,name,lifecycleState,tags',
      'TAKEN-1,,Renamed by import,,fleet',
      'NEW-1,,Created by upsert,,',
    ].join('\n');
    const r = await importCsv(csv, 'kind=device&mode=commit&matchOn=assetTag');
    expect(r.body).toMatchObject({ outcome: 'written', created: 1, updated: 1, errors: [] });
    expect(await total()).toBe(before + 1);
    const [updated] = await byTag('TAKEN-1');
    expect(updated).toMatchObject({
      name: 'Renamed by import',
      serialNumber: 'SER-EXIST',
      tags: ['fleet'],
      version: 2,
    });
    const timeline = await api(s.url, 'GET', `/api/v1/assets/${updated!.id}/timeline`, {
      token: t.tokens.viewer,
    });
    expect(timeline.body.items[0].action).toBe('asset.updated');

    const bySerial = await importCsv(
      ['serial number,Name,lifecycleState', ' ser-exist ,Matched by serial,in_stock'].join('\n'),
      'kind=device&mode=commit&matchOn=serialNumber',
    );
    expect(bySerial.body).toMatchObject({ created: 0, updated: 1, errors: [] });
    expect((await byTag('TAKEN-1'))[0]).toMatchObject({ name: 'Matched by serial', version: 3 });

    const refused = await importCsv(
      ['assetTag,lifecycleState,kind', 'TAKEN-1,retired,device', 'TAKEN-1,,accessory', 'X-9,,'].join('\n'),
      'kind=device&matchOn=assetTag',
    );
    expect(refused.body.errors).toEqual([
      {
        line: 2,
        column: 'lifecycleState',
        reason: 'the asset is in_stock: lifecycle changes go through a transition, not an import',
      },
      { line: 3, column: 'assetTag', reason: 'asset tag TAKEN-1 is also on line 2' },
      { line: 3, column: 'kind', reason: 'is accessory, but the import is for device' },
    ]);
    // Updates need no kind; an ambiguous serial is refused; a kind that differs from the asset's is refused.
    for (let i = 0; i < 2; i++) {
      const twin = await api(s.url, 'POST', '/api/v1/assets', {
        token: t.tokens.operator,
        body: { kind: 'device', name: `twin ${i}`, assetTag: `TWIN-${i}`, serialNumber: 'TWIN-SER' },
      });
      expect(twin.status).toBe(201);
    }
    const noKind = await importCsv(
      'assetTag,serialNumber,name\nTAKEN-1,SER-EXIST,No kind needed\n,twin-ser,ambiguous\nNEW-2,,needs a kind',
      'matchOn=serialNumber&mode=commitValid',
    );
    expect(noKind.body).toMatchObject({ updated: 1, created: 0, invalidRows: 2 });
    expect(noKind.body.errors).toEqual([
      {
        line: 3,
        column: 'serialNumber',
        reason: '2 assets have serial number TWIN-SER: cannot tell which to update',
      },
      { line: 4, column: null, reason: 'has no kind: fill the kind column or give kind= for the import' },
    ]);
    const wrongKind = await importCsv(
      'serialNumber,name\nSER-EXIST,x',
      'kind=accessory&matchOn=serialNumber',
    );
    expect(wrongKind.body.errors).toEqual([
      { line: 2, column: null, reason: 'the matched asset is a device' },
    ]);
    const noColumn = await importCsv('name\nx', 'kind=device&matchOn=serialNumber');
    expect(noColumn.status).toBe(400);
    expect(noColumn.body.error.details[0].path).toBe('query.matchOn');
  });

  it('reads an export back: unchanged rows write nothing, an edited cell updates just that asset', async () => {
    const tricky = await api(s.url, 'POST', '/api/v1/assets', {
      token: t.tokens.operator,
      body: {
        kind: 'device',
        assetTag: 'RT-1',
        name: '=1+1, "quoted"\nand a line break',
        serialNumber: 'rt-serial',
        purchasePrice: -3.5,
        edrPresent: false,
        lastCheckinAt: '2025-03-01T09:30:00.000Z',
        tags: ['b-tag', 'a tag'],
        custom: { cf_tier: 'gold', cf_leased: true, cf_cost_centre: '@home' },
      },
    });
    expect(tricky.status).toBe(201);
    const exported = await fetch(`${s.url}/api/v1/assets/export.csv?kind=device`, {
      headers: { authorization: `Bearer ${t.tokens.viewer}` },
    });
    const csv = await exported.text();
    expect(csv).toContain(`"'=1+1, ""quoted""\nand a line break"`);
    const devices = (
      await api(s.url, 'GET', '/api/v1/assets?kind=device&count=true&limit=1', { token: t.tokens.viewer })
    ).body.total;
    const before = await total();

    const same = await importCsv(csv, 'matchOn=assetTag&mode=commit');
    expect(same.body.errors).toEqual([]);
    expect(same.body).toMatchObject({
      totalRows: devices,
      validRows: devices,
      created: 0,
      updated: 0,
      unchanged: devices,
    });
    expect(same.body.columns).toContainEqual({ header: 'id', target: 'ignore' });
    expect(same.body.columns).toContainEqual({ header: 'kind', target: 'kind' });
    expect(same.body.columns).toContainEqual({ header: 'assignedPersonId', target: 'ignore' });
    expect((await byTag('RT-1'))[0]).toEqual(tricky.body);

    const edited = await importCsv(
      csv.replace('Good one', 'Good one (edited)'),
      'matchOn=assetTag&mode=commit',
    );
    expect(edited.body).toMatchObject({ created: 0, updated: 1, unchanged: devices - 1, errors: [] });
    expect((await byTag('OK-1'))[0]).toMatchObject({ name: 'Good one (edited)', version: 2 });
    expect(await total()).toBe(before);
  });

  it('commit is all or nothing even when another writer races it; commitValid reports the row it could not write', async () => {
    // Another operator creates an asset with the tag of the file's third row while the import writes.
    const before = await total();
    const clock = s.steward.clock;
    const now = clock.now.bind(clock);
    let racer: Promise<{ status: number }> | undefined;
    const spy = vi.spyOn(clock, 'now').mockImplementation(() => now());
    spy.mockImplementationOnce(() => {
      racer = api(s.url, 'POST', '/api/v1/assets', {
        token: t.tokens.operator,
        body: { kind: 'device', name: 'the other operator', assetTag: 'RACE-3' },
      });
      return now();
    });
    let commit;
    try {
      commit = await importCsv(
        ['assetTag,name', 'RACE-1,a', 'RACE-2,b', 'RACE-3,c'].join('\n'),
        'kind=device&mode=commit',
      );
    } finally {
      spy.mockRestore();
    }
    const raced = await racer!;
    if (commit.body.outcome === 'interrupted') {
      // The racer won: the import wrote nothing at all.
      expect(commit.body).toMatchObject({ created: 0, validRows: 3 });
      expect(commit.body.errors[0].reason).toContain('rolled back; nothing was written');
      expect(raced.status).toBe(201);
      expect(await byTag('RACE-1')).toEqual([]);
      expect(await total()).toBe(before + 1);
    } else {
      // The import won (SQLite serialises writers; on PostgreSQL the unique index makes the racer wait):
      // the racer then finds the tag taken.
      expect(commit.body).toMatchObject({ outcome: 'written', created: 3 });
      expect(raced.status).toBe(409);
      expect(await total()).toBe(before + 3);
    }

    async function racing(tags: string[]) {
      const bus = s.steward.bus;
      const publish = bus.publish.bind(bus);
      let done = false;
      const pub = vi.spyOn(bus, 'publish').mockImplementation(async (subject, data) => {
        if (!done) {
          done = true;
          const r = await api(s.url, 'POST', '/api/v1/assets', {
            token: t.tokens.operator,
            body: { kind: 'device', name: 'the other operator', assetTag: tags[1] },
          });
          expect(r.status).toBe(201);
        }
        return publish(subject, data);
      });
      try {
        return await importCsv(
          ['assetTag,name', ...tags.map((tag) => `${tag},from the file`)].join('\n'),
          'kind=device&mode=commitValid',
        );
      } finally {
        pub.mockRestore();
      }
    }
    const valid = await racing(['RACE-4', 'RACE-5', 'RACE-6']);
    expect(valid.body).toMatchObject({ outcome: 'written', created: 2 });
    expect(valid.body.errors).toEqual([
      {
        line: 3,
        column: null,
        reason: 'could not be written: Asset tag RACE-5 is already used by another asset.',
      },
    ]);
    expect((await byTag('RACE-6'))[0]).toMatchObject({ name: 'from the file' });
  });

  it('lands in the caller tenant only', async () => {
    const before = await total();
    const csv = 'assetTag,name\nTAKEN-1,Globex has its own TAKEN-1\nOK-1,Globex OK-1';
    const r = await importCsv(csv, 'kind=device&mode=commit', other.tokens.operator);
    expect(r.body).toMatchObject({ created: 2, errors: [] });
    expect(await total()).toBe(before);
    expect(await total(other.tokens.viewer)).toBe(2);
    expect((await byTag('TAKEN-1', other.tokens.viewer))[0]).toMatchObject({
      name: 'Globex has its own TAKEN-1',
    });
    expect((await byTag('TAKEN-1'))[0]!.name).not.toBe('Globex has its own TAKEN-1');
    // matchOn never reaches into another tenant: acme's tag is not globex's asset.
    const upsert = await importCsv(
      'assetTag,name\nNEW-1,only acme has NEW-1',
      'kind=device&mode=commit&matchOn=assetTag',
      other.tokens.operator,
    );
    expect(upsert.body).toMatchObject({ created: 1, updated: 0 });
    expect((await byTag('NEW-1'))[0]!.name).toBe('Created by upsert');
  });

  it('needs operator, and rejects what is not a CSV import', async () => {
    const before = await total();
    const viewer = await importCsv('name\nx', 'kind=device&mode=commit', t.tokens.viewer);
    expect(viewer.status).toBe(403);
    expect(await total()).toBe(before);
    expect((await importCsv('name\nx', 'kind=device', '')).status).toBe(401);
    const broken = await importCsv('name\n"unclosed', 'kind=device');
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_csv');
    const empty = await importCsv('', 'kind=device');
    expect(empty.status).toBe(400);
    const noKind = await importCsv('name\nx', 'mode=commit');
    expect(noKind.status).toBe(400);
    expect(noKind.body.error.details[0].path).toBe('query.kind');
    const badMode = await importCsv('name\nx', 'kind=device&mode=yolo');
    expect(badMode.status).toBe(400);
    const tooBig = await importCsv(`name\n${'x'.repeat(21 * 1024 * 1024)}`, 'kind=device');
    expect(tooBig.status).toBe(413);
    expect(await total()).toBe(before);
  });
});
