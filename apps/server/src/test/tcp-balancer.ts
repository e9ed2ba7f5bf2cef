import net from 'node:net';

export interface Balancer {
  url: string;
  /** Connections passed to each backend so far, by its address. */
  counts: Map<string, number>;
  close(): Promise<void>;
}

/**
 * A TCP load balancer in front of several server processes, as a cluster would have (HAProxy in TCP mode,
 * say): each new connection goes to the next backend in turn, skipping one that refuses. It knows nothing of
 * HTTP or WebSockets; a backend that dies takes its connections with it.
 */
export async function startBalancer(backends: string[]): Promise<Balancer> {
  const targets = backends.map((b) => new URL(b));
  const counts = new Map(backends.map((b) => [new URL(b).host, 0]));
  const sockets = new Set<net.Socket>();
  let next = 0;

  const dial = (client: net.Socket, tries: number): void => {
    if (tries >= targets.length) return void client.destroy();
    const target = targets[next++ % targets.length] as URL;
    const upstream = net.connect({ host: target.hostname, port: Number(target.port) });
    sockets.add(upstream);
    upstream.once('close', () => sockets.delete(upstream));
    let connected = false;
    upstream.once('error', () => {
      if (!connected) dial(client, tries + 1);
      else client.destroy();
    });
    upstream.once('connect', () => {
      connected = true;
      counts.set(target.host, (counts.get(target.host) ?? 0) + 1);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    });
  };

  const server = net.createServer((client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    // Paused until a backend answers: pipe() resumes it, so nothing the client sent first is lost.
    client.pause();
    dial(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
