/** The console's first steps, shared by the in-process phases (run.ts) and the cluster phase (cluster.ts). */
import type { Socket } from "socket.io-client";
import type { ConsoleClientEvents, ConsolePushes } from "../lib/protocol/events.ts";
import { request } from "../lib/protocol/registry.ts";

type Console = Socket<ConsolePushes, ConsoleClientEvents>;

/** Waits for the console to connect, takes its session live and watches it; resolves with the join code. */
export async function goLiveAndWatch(consoleSocket: Console, sessionId: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    consoleSocket.once("connect", () => resolve());
    consoleSocket.once("connect_error", reject);
  });
  const started = await request(consoleSocket, "session:start", { sessionId }, 10_000);
  if (!started.ok || !started.data.joinCode) throw new Error(`session:start failed: ${JSON.stringify(started)}`);
  const watched = await request(consoleSocket, "session:watch", { sessionId }, 10_000);
  if (!watched.ok) throw new Error(`session:watch failed: ${JSON.stringify(watched)}`);
  return started.data.joinCode;
}
