interface Waiting<K, V> {
  key: K;
  resolve: (value: V) => void;
  reject: (error: unknown) => void;
}

/**
 * Calls that arrive while one is running are gathered into the next. A call alone runs at once, so a quiet
 * gateway adds no latency; under a connection storm thousands of reads or writes become a few statements.
 * `run` answers the keys in the order given.
 */
export class Gather<K, V> {
  private waiting: Waiting<K, V>[] = [];
  private running = false;

  constructor(
    private readonly run: (keys: K[]) => Promise<V[]>,
    private readonly max = 1000,
  ) {}

  call(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.waiting.push({ key, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.waiting.length) {
      const batch = this.waiting.splice(0, this.max);
      try {
        const values = await this.run(batch.map((w) => w.key));
        batch.forEach((w, i) => w.resolve(values[i] as V));
      } catch (e) {
        for (const w of batch) w.reject(e);
      }
    }
    this.running = false;
  }
}
