import type { Clock } from '../platform/db/index.js';

export class FakeClock implements Clock {
  private t: number;
  constructor(start = Date.parse('2026-01-01T00:00:00.000Z')) {
    this.t = start;
  }
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
