import net from 'node:net';

/**
 * A TCP proxy in front of a service (a subgraph, MariaDB) that a test switches between forwarding ('up'), accepting
 * connections and never answering ('hung', a stopped process) and resetting them ('down', a server that went away).
 * A switch cuts every open connection, both sides, as a restart does. It counts the HTTP requests it was sent (for an
 * HTTP target), which shows when a client stops calling.
 */
export type ProxyMode = 'up' | 'hung' | 'down';

export async function switchableProxy(target: { host: string; port: number }) {
  let mode: ProxyMode = 'up';
  let requests = 0;
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  const server = net.createServer((socket) => {
    track(socket);
    // HTTP requests sent, not connections: a kept-alive connection closed by a switch sends nothing.
    socket.on('data', (chunk: Buffer) => {
      requests += chunk.toString('latin1').match(/^POST /gm)?.length ?? 0;
    });
    if (mode === 'down') {
      socket.destroy();
    } else if (mode === 'up') {
      const upstream = net.connect(target.port, target.host);
      track(upstream);
      upstream.on('close', () => socket.destroy());
      socket.on('close', () => upstream.destroy());
      socket.pipe(upstream).pipe(socket);
    } // 'hung': accept, answer nothing
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    set(next: ProxyMode) {
      mode = next;
      for (const s of sockets) s.destroy();
    },
    requests: () => requests,
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
