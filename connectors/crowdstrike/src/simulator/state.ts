import { randomBytes } from 'node:crypto';
import type { SimDevice, SimFleet } from '@steward/sdk/simulator';
import { falconId, renderHost, type HostStatus } from './hosts.js';

export type FalconAction = 'contain' | 'lift_containment' | 'hide_host' | 'unhide_host';
export const FALCON_ACTIONS: readonly FalconAction[] = [
  'contain',
  'lift_containment',
  'hide_host',
  'unhide_host',
];

export interface RecordedAction {
  action: FalconAction;
  ids: string[];
  at: number;
}

interface ScrollWalk {
  lastUsed: number;
  /** The host list when the walk began: a scroll is a point-in-time view, hosts hidden later still count. */
  ids: readonly string[];
}

export type ScrollLookup =
  | { ok: true; walk: string; position: number; ids: readonly string[] }
  | { ok: false; reason: 'unknown' | 'expired' };

/** What a contain or lift moves a host to, by its current status; undefined: nothing changes. */
const ACTION_TRANSITIONS: Partial<Record<FalconAction, Partial<Record<HostStatus, HostStatus>>>> = {
  contain: { normal: 'containment_pending', lift_containment_pending: 'containment_pending' },
  lift_containment: {
    contained: 'lift_containment_pending',
    containment_pending: 'lift_containment_pending',
  },
};
/** The sensor confirms a pending change by the next time the host is read. */
const SETTLES: Partial<Record<HostStatus, HostStatus>> = {
  containment_pending: 'contained',
  lift_containment_pending: 'normal',
};

/**
 * The simulator's mutable state: the hosts it knows (fleet devices with `inCrowdStrike`), their
 * containment status, hidden hosts, live scroll walks and every action received. Host records are rendered
 * on demand from the fleet, never stored as JSON.
 */
export class CrowdStrikeState {
  readonly cid: string;
  private readonly ids: string[];
  private readonly devices = new Map<string, SimDevice>();
  private readonly statuses = new Map<string, HostStatus>();
  readonly hidden = new Set<string>();
  /** Hosts served with a broken shape, named by host id or by fleet device id (`d12`). */
  readonly malformed: Set<string>;
  readonly actions: RecordedAction[] = [];
  /** `member_cid` of every token request that named one. */
  readonly memberCids: string[] = [];
  private visible: string[] | undefined;
  private readonly walks = new Map<string, ScrollWalk>();
  private walkCount = 0;

  constructor(
    fleet: SimFleet,
    readonly scrollIdleTimeoutMs: number,
    malformed: Iterable<string>,
    private readonly now: () => number,
  ) {
    this.cid = falconId(`falcon-cid:${fleet.now}`);
    this.ids = [];
    for (const d of fleet.devices) {
      if (!d.inCrowdStrike) continue;
      const id = falconId(`falcon-host:${d.id}`);
      this.ids.push(id);
      this.devices.set(id, d);
    }
    this.malformed = new Set(malformed);
  }

  /** Every host id the API lists, in its (stable) order; hidden hosts are left out. */
  hostIds(): readonly string[] {
    this.visible ??= this.ids.filter((id) => !this.hidden.has(id));
    return this.visible;
  }

  /** The fleet device behind a host id, hidden or not. */
  deviceOf(id: string): SimDevice | undefined {
    return this.devices.get(id);
  }

  /** The host id of a fleet device, or undefined when CrowdStrike does not know it. */
  hostIdOf(device: Pick<SimDevice, 'id'>): string | undefined {
    const id = falconId(`falcon-host:${device.id}`);
    return this.devices.has(id) ? id : undefined;
  }

  isListed(id: string): boolean {
    return this.devices.has(id) && !this.hidden.has(id);
  }

  statusOf(id: string): HostStatus {
    return this.statuses.get(id) ?? 'normal';
  }

  /** The record as the entities endpoint serves it; reading it settles a pending containment change. */
  readHost(id: string): Record<string, unknown> | undefined {
    const host = this.peekHost(id);
    const settled = SETTLES[this.statusOf(id)];
    if (host && settled) this.statuses.set(id, settled);
    return host;
  }

  /** The record without the side effect of a read (for filtering and sorting id queries). */
  peekHost(id: string): Record<string, unknown> | undefined {
    const device = this.devices.get(id);
    if (!device || this.hidden.has(id)) return undefined;
    const broken = this.malformed.has(id) || this.malformed.has(device.id);
    return renderHost(device, { deviceId: id, cid: this.cid }, this.statusOf(id), broken);
  }

  /** Applies an action to one host; false when the API would not find it. */
  apply(action: FalconAction, id: string): boolean {
    if (!this.devices.has(id)) return false;
    if (action === 'unhide_host') {
      if (this.hidden.delete(id)) this.visible = undefined;
      return true;
    }
    if (this.hidden.has(id)) return false;
    if (action === 'hide_host') {
      this.hidden.add(id);
      this.visible = undefined;
      return true;
    }
    const next = ACTION_TRANSITIONS[action]?.[this.statusOf(id)];
    if (next) this.statuses.set(id, next);
    return true;
  }

  /** Opens a scroll walk; its tokens live while it is used at least every `scrollIdleTimeoutMs`. */
  startWalk(): { walk: string; ids: readonly string[] } {
    const walk = `${++this.walkCount}.${randomBytes(6).toString('hex')}`;
    this.walks.set(walk, { lastUsed: this.now(), ids: this.hostIds() });
    return { walk, ids: this.hostIds() };
  }

  /** The opaque token for `position` of `walk`: the same page can be asked for again (a retry). */
  scrollToken(walk: string, position: number): string {
    return `FQL${Buffer.from(`${walk}:${position}`).toString('base64url')}`;
  }

  /** Resolves a token: its walk and position, or why it is refused. Using a token resets the idle clock. */
  resolveScroll(token: string): ScrollLookup {
    this.sweep();
    const decoded = token.startsWith('FQL') ? Buffer.from(token.slice(3), 'base64url').toString('utf8') : '';
    const match = /^(\d+\.[0-9a-f]+):(\d+)$/.exec(decoded);
    const walkId = match?.[1];
    if (!match || !walkId) return { ok: false, reason: 'unknown' };
    const walk = this.walks.get(walkId);
    if (!walk)
      return { ok: false, reason: Number(walkId.split('.')[0]) <= this.walkCount ? 'expired' : 'unknown' };
    walk.lastUsed = this.now();
    return { ok: true, position: Number(match[2]), walk: walkId, ids: walk.ids };
  }

  /** Scroll walks still alive. */
  get liveWalks(): number {
    this.sweep();
    return this.walks.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, walk] of this.walks) {
      if (now - walk.lastUsed > this.scrollIdleTimeoutMs) this.walks.delete(id);
    }
  }
}
