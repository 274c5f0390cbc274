/**
 * A loopback TCP proxy in front of the app, so a phone can lose its network
 * for real. Playwright's setOffline does not cut open WebSockets (STACK.md,
 * trap 9); destroying the proxied TCP connections does, deterministically.
 *
 * Modes: "online" pipes everything; "offline" destroys every connection;
 * "sockets-down" destroys Socket.IO traffic but still serves pages, so a phone
 * can reload while it cannot reach the live session.
 */
import net from "node:net";

export type NetworkMode = "online" | "offline" | "sockets-down";

export interface FlakyNetwork {
  port: number;
  origin: string;
  set(mode: NetworkMode): void;
  close(): Promise<void>;
}

/**
 * Listens on `port`, by default the app's port + 1: a fixed port, because the
 * app lets pages use it only from the origins it is configured with
 * (PUBLIC_ORIGIN in playwright.config.ts lists this one).
 */
export async function flakyNetwork(targetPort: number, port = targetPort + 1): Promise<FlakyNetwork> {
  let mode: NetworkMode = "online";
  const open = new Set<net.Socket>();
  const isSocketIo = (chunk: Buffer) => /^(GET|POST) \/socket\.io\//m.test(chunk.toString("latin1", 0, 200));

  const server = net.createServer((client) => {
    if (mode === "offline") return void client.destroy();
    const upstream = net.connect(targetPort, "127.0.0.1");
    open.add(client);
    open.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("data", (chunk: Buffer) => {
      if (mode === "offline" || (mode === "sockets-down" && isSocketIo(chunk))) return drop();
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => client.write(chunk));
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });

  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    set(next) {
      mode = next;
      if (next !== "online") for (const socket of open) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
