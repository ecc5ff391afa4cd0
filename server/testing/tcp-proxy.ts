import net from "node:net";

export interface TcpProxy {
  /** The port on 127.0.0.1 to point a client at instead of the real server's. */
  port: number;
  /** The server "goes down": new connections are refused and open ones are cut. */
  down(): Promise<void>;
  /** The server stops answering but keeps every connection open (a network partition). */
  stall(): void;
  /** The server is back, on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A TCP relay on 127.0.0.1 in front of a shared server (PostgreSQL, FerretDB, Redis), so a test
 * can make that server unreachable for its own clients, and reachable again, without touching it.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  let stalled = false;

  const listen = async () => {
    const next = net.createServer((client) => {
      const upstream = net.connect(target.port, target.host);
      sockets.add(client).add(upstream);
      const cut = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on("error", cut).on("close", cut);
      upstream.on("error", cut).on("close", cut);
      // While stalled, bytes are taken in and dropped: the client waits for answers that never come.
      client.on("data", (chunk: Buffer) => {
        if (!stalled) upstream.write(chunk);
      });
      upstream.on("data", (chunk: Buffer) => {
        if (!stalled) client.write(chunk);
      });
    });
    await new Promise<void>((resolve, reject) => {
      next.once("error", reject);
      next.listen(port, "127.0.0.1", () => resolve());
    });
    port = (next.address() as net.AddressInfo).port;
    server = next;
  };

  const stop = async () => {
    const current = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };

  await listen();
  return {
    get port() {
      return port;
    },
    down: async () => {
      stalled = false;
      await stop();
    },
    stall: () => {
      stalled = true;
    },
    up: async () => {
      if (stalled) {
        // Connections that lost bytes are out of step: cut them, as a partition that heals would.
        stalled = false;
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      }
      if (!server) await listen();
    },
    close: stop,
  };
}

/** A URL with its host and port replaced by the proxy's. */
export function throughProxy(url: string, proxy: TcpProxy): string {
  const proxied = new URL(url);
  proxied.hostname = "127.0.0.1";
  proxied.port = String(proxy.port);
  return proxied.href;
}

/** Host and port of a database URL (with the scheme's default port). */
export function hostAndPort(url: string, defaultPort: number): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname === "localhost" ? "127.0.0.1" : parsed.hostname, port: Number(parsed.port || defaultPort) };
}
