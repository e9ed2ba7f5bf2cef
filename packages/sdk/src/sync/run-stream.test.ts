import { afterEach, describe, expect, it } from 'vitest';
import { instantiateConnector } from '../instance.js';
import { defineStream } from '../connector.js';
import { mapError } from '../mapping.js';
import { acme } from '../testing/acme-connector.js';
import { ACME_SECRET, acmeComputer, startAcmeServer, type AcmeServer } from '../testing/acme-server.js';
import { runStream, StreamRunError, type BatchOutcome } from './run-stream.js';
import type { Json } from '../json.js';

let server: AcmeServer | undefined;
afterEach(() => server?.close());

const fleet = (n: number) => Array.from({ length: n }, (_, i) => acmeComputer(i));

async function acmeInstance(computers: unknown[]) {
  server = await startAcmeServer(computers);
  return instantiateConnector(acme, {
    config: { baseUrl: server.url, clientId: 'steward', pageSize: 3 },
    secrets: { clientSecret: ACME_SECRET },
  });
}

describe('runStream', () => {
  it('turns a bad record into a per-record error and maps the rest', async () => {
    const computers = fleet(7);
    computers[4] = { id: '4', general: { name: 'broken' }, hardware: 'not an object' };
    const instance = await acmeInstance(computers);
    const batches: BatchOutcome[] = [];

    const summary = await instance.runStream('computers', { onBatch: (b) => void batches.push(b) });

    expect(summary).toEqual({ batches: 3, read: 7, mapped: 6, failed: 1, observations: 6, checkpoint: null });
    expect(batches.map((b) => b.checkpoint)).toEqual([{ page: 1 }, { page: 2 }, null]);
    const errors = batches.flatMap((b) => b.errors);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ recordKey: '4', field: 'general.lastContactTime' });
    expect(errors[0]?.message).toContain('hardware');
    expect(batches[0]?.observations[0]).toEqual({
      sourceKey: '0',
      kind: 'device',
      observedAt: '2025-01-01T00:00:00Z',
      identifiers: { serialNumber: 'C02X0000', macAddresses: ['aa:bb:cc:00:00:00'] },
      attributes: { name: 'mac-0', mdmName: 'Acme' },
    });
  });

  it('resumes after a crash from the last committed checkpoint: nothing lost, nothing twice', async () => {
    const instance = await acmeInstance(fleet(14));
    const stored: string[] = [];
    let checkpoint: Json | undefined;

    // Run 1: the process dies while storing batch 3.
    const crashed = await instance
      .runStream('computers', {
        onBatch: (b) => {
          if (b.batch === 3) throw new Error('process killed');
          stored.push(...b.observations.map((o) => o.sourceKey));
          checkpoint = b.checkpoint;
        },
      })
      .catch((e: unknown) => e);
    expect(crashed).toBeInstanceOf(StreamRunError);
    expect((crashed as StreamRunError).checkpoint).toEqual({ page: 2 });
    expect((crashed as StreamRunError).counts).toMatchObject({ batches: 2, read: 6 });
    expect(checkpoint).toEqual({ page: 2 });

    // Run 2: the source fails on page 3 (after batch 3 is committed this time).
    server?.failPageOnce.add(3);
    const failed = await instance
      .runStream('computers', {
        checkpoint,
        onBatch: (b) => {
          stored.push(...b.observations.map((o) => o.sourceKey));
          checkpoint = b.checkpoint;
        },
      })
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(StreamRunError);
    expect((failed as Error).message).toMatch(
      /Reading stream failed: .*400 \(INVALID_FIELD\).* Resume after batch 1/,
    );
    expect((failed as StreamRunError).checkpoint).toEqual({ page: 3 });

    // Run 3: completes from where run 2 committed.
    const summary = await instance.runStream('computers', {
      checkpoint,
      onBatch: (b) => void stored.push(...b.observations.map((o) => o.sourceKey)),
    });
    expect(summary).toMatchObject({ batches: 2, read: 5, checkpoint: null });
    expect(stored).toEqual(Array.from({ length: 14 }, (_, i) => String(i)));
  });

  it('survives mappers that throw, return junk or return several observations', async () => {
    const stream = defineStream<unknown>({
      kind: 'person',
      mode: 'delta',
      async *read() {
        yield {
          records: [{ id: 'a' }, { id: 'b' }, { sys_id: 'c' }, { nothing: true }, { id: 'e' }],
          checkpoint: 'cursor-1',
        };
      },
      map(record) {
        const id = (record as { id?: string }).id;
        if (id === 'a') return [person('a1'), person('a2')];
        if (id === 'b') throw new Error('mapper bug');
        if (id === 'e') return { ...person('e'), observedAt: 'yesterday' };
        return mapError('no usable identifier');
      },
    });
    const batches: BatchOutcome[] = [];
    const summary = await runStream({
      stream,
      ctx: {
        connectorId: 't',
        config: undefined,
        http: undefined as never,
        signal: new AbortController().signal,
        now: () => new Date(0),
      },
      onBatch: (b) => void batches.push(b),
    });

    expect(summary).toEqual({
      batches: 1,
      read: 5,
      mapped: 1,
      failed: 4,
      observations: 2,
      checkpoint: 'cursor-1',
    });
    expect(batches[0]?.errors).toEqual([
      { recordKey: 'b', message: 'Mapper threw: mapper bug' },
      { recordKey: 'c', message: 'no usable identifier' },
      { recordKey: 'batch 1 #3', message: 'no usable identifier' },
      { recordKey: 'e', message: expect.stringContaining('invalid observation: observedAt') },
    ]);
  });
});

function person(sourceKey: string) {
  return {
    sourceKey,
    kind: 'person' as const,
    observedAt: '2025-01-01T00:00:00.000Z',
    identifiers: { email: `${sourceKey}@x.io` },
    attributes: {},
  };
}
