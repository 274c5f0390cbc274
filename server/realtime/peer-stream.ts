/**
 * How nodes tell each other what happened in their live sessions: one Redis
 * stream that every node appends to and reads from where it left off.
 *
 * Not Socket.IO's `serverSideEmit`: the Redis Streams adapter sends those over
 * Pub/Sub, so whatever is published while a node's subscription is
 * reconnecting is lost (a prompt would never reach that node's phones). A
 * stream is read from the last id seen, so after a Redis blip or a slow
 * moment a node catches up instead; ioredis queues appends while Redis is down.
 */
import type { Redis } from "ioredis";
import type { LivePeers, PeerEvent } from "../live/peers.ts";

export interface PeerStream extends LivePeers {
  /** Starts reading what the other nodes append; `hear` is given each event once. */
  listen(hear: (sessionId: string, event: PeerEvent) => void): void;
  close(): void;
}

export interface PeerStreamOptions {
  stream?: string;
  /** Entries kept (approximately): a node away longer than that many events loses the oldest. */
  maxLen?: number;
}

export function peerStream(redis: Redis, node: string, { stream = "attune:live", maxLen = 100_000 }: PeerStreamOptions = {}): PeerStream {
  // Blocking reads need their own connection.
  const reader = redis.duplicate();
  let open = true;

  return {
    node,
    publish(sessionId, event) {
      redis
        .xadd(stream, "MAXLEN", "~", String(maxLen), "*", "n", node, "s", sessionId, "e", JSON.stringify(event))
        .catch((error: Error) => console.error("[attune] could not tell the other nodes:", error.message));
    },
    listen(hear) {
      void (async () => {
        // From now on: what happened before this node started is in the database.
        let last = (await redis.xrevrange(stream, "+", "-", "COUNT", 1).catch(() => []))[0]?.[0] ?? "0-0";
        while (open) {
          try {
            const answer = await reader.xread("COUNT", 500, "BLOCK", 2_000, "STREAMS", stream, last);
            for (const [, entries] of answer ?? []) {
              for (const [id, fields] of entries) {
                last = id;
                const entry = fieldsOf(fields);
                if (entry.n === node || !entry.s || !entry.e) continue;
                try {
                  hear(entry.s, JSON.parse(entry.e) as PeerEvent);
                } catch (error) {
                  console.error("[attune] a peer event could not be applied:", error);
                }
              }
            }
          } catch (error) {
            if (!open) break;
            console.error("[attune] reading the other nodes' news:", (error as Error).message);
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
        }
      })();
    },
    close() {
      open = false;
      reader.disconnect();
    },
  };
}

function fieldsOf(fields: string[]): Record<string, string> {
  const entry: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) entry[fields[i]] = fields[i + 1];
  return entry;
}
