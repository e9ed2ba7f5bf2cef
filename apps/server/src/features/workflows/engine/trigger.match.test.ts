import { describe, expect, it } from 'vitest';
import { changeKind, fires, listenedChanges, listensTo } from './trigger.match.js';

const lost = {
  type: 'entity_changed' as const,
  kind: 'asset' as const,
  filter: "after.lifecycleState = 'lost' and before.lifecycleState != 'lost'",
};
const event = (action: string, state: string, was: string) => ({
  action,
  current: { id: 'a1', lifecycleState: 'retired', name: 'MBP' },
  diff: { lifecycleState: { before: was, after: state } },
});

describe('entity triggers', () => {
  it('knows which audit actions are changes of which kind', () => {
    expect(changeKind('asset.created')).toEqual({ kind: 'asset', created: true });
    expect(changeKind('asset.lifecycle_changed')).toEqual({ kind: 'asset', created: false });
    expect(changeKind('person.updated')).toEqual({ kind: 'person', created: false });
    expect(changeKind('asset.deleted')).toBeNull();
    expect(changeKind('connector.action.executed')).toBeNull();
  });

  it('tells before any entity is read whether a trigger listens to an event at all', () => {
    expect(listensTo(lost, 'asset.updated')).toBe(true);
    expect(listensTo(lost, 'asset.created')).toBe(false);
    expect(listensTo(lost, 'person.updated')).toBe(false);
    expect(listensTo(lost, 'asset.deleted')).toBe(false);
    expect(listensTo({ type: 'entity_created', kind: 'person' }, 'person.created')).toBe(true);
    expect(listensTo({ type: 'entity_created', kind: 'person' }, 'person.updated')).toBe(false);
    expect(listensTo({ type: 'manual', inputs: [] }, 'asset.updated')).toBe(false);
    expect(
      listenedChanges([
        lost,
        { ...lost, filter: 'true' },
        { type: 'entity_created', kind: 'person' },
        { type: 'manual', inputs: [] },
      ]),
    ).toEqual([
      { kind: 'asset', created: false },
      { kind: 'person', created: true },
    ]);
  });

  it('judges an event by the values it changed, not by what the entity became later', async () => {
    // The asset is retired now; this older event took it from deployed to lost.
    await expect(fires(lost, event('asset.lifecycle_changed', 'lost', 'deployed'))).resolves.toBe(true);
    await expect(fires(lost, event('asset.lifecycle_changed', 'deployed', 'in_stock'))).resolves.toBe(false);
  });

  it('fires on the change its filter describes, over before, after and diff', async () => {
    await expect(fires(lost, event('asset.lifecycle_changed', 'lost', 'deployed'))).resolves.toBe(true);
    await expect(fires(lost, event('asset.lifecycle_changed', 'lost', 'lost'))).resolves.toBe(false);
    await expect(fires(lost, event('asset.lifecycle_changed', 'deployed', 'in_stock'))).resolves.toBe(false);
    await expect(fires(lost, event('person.updated', 'lost', 'deployed'))).resolves.toBe(false);
    await expect(fires(lost, event('asset.created', 'lost', 'deployed'))).resolves.toBe(false);
    await expect(
      fires({ type: 'entity_created', kind: 'asset' }, event('asset.created', 'in_stock', 'in_stock')),
    ).resolves.toBe(true);
    await expect(fires({ type: 'manual', inputs: [] }, event('asset.created', 'x', 'y'))).resolves.toBe(
      false,
    );
  });
});
