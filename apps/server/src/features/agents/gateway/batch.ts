/**
 * Items gathered for a few milliseconds and written together: under a burst (a task to every agent) that is
 * one statement for thousands of acknowledgements instead of one each. Writes run one at a time, in order.
 */
export class WriteBatch<T> {
  private items: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly delayMs: number,
    private readonly write: (items: T[]) => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  add(item: T): void {
    this.items.push(item);
    this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Writes what is gathered now, after the writes before it; resolves once written. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.items.splice(0);
    if (batch.length) this.chain = this.chain.then(() => this.write(batch)).catch(this.onError);
    return this.chain;
  }
}
