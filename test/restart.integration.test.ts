/**
 * A server stopped mid-session and started again on the same database loses
 * no acknowledged check-in, and phones come back on their own, in sync.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROTOCOL_VERSION } from "../lib/protocol/events.ts";
import type { PromptView } from "../lib/protocol/views.ts";
import { startAttune, type AttuneServer } from "../server/app.ts";
import { parseEnv } from "../server/env.ts";
import { freshDatabase, type TestDatabase } from "./helpers/database.ts";
import { closeClients, expectOk, joined, liveSession, participantClient, request } from "./helpers/server.ts";

// One database for both servers: the second starts on what the first stored.
let database: TestDatabase;
const env = (port: number) => parseEnv({ NODE_ENV: "test", PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: database.url });

beforeAll(async () => {
  database = await freshDatabase("restart");
});
afterAll(async () => {
  closeClients();
  await database.drop();
});

async function stop(server: AttuneServer) {
  await server.close();
  await new Promise<void>((resolve) => server.http.close(() => resolve()));
}

describe("a restart mid-session", () => {
  it("keeps every acknowledged check-in and brings phones back with the current prompt", async () => {
    const first = await startAttune(env(0), { withNext: false });
    const port = Number(new URL(first.url).port);
    const { code, sessionId, console } = await liveSession(first);
    expectOk(await request(console, "prompt:push", { sessionId, source: { kind: "technique", technique: "integration" } }));

    const phones = Array.from({ length: 10 }, () => participantClient(first, { code }, { reconnection: true }));
    const tokens = await Promise.all(phones.map(joined));
    phones.forEach((p, i) => {
      // What the browser does: the next handshake carries the resume token.
      p.auth = { v: PROTOCOL_VERSION, code, resumeToken: tokens[i].resumeToken };
    });
    const acked = (
      await Promise.all(
        phones.flatMap((p) =>
          ["moved", "i-see", "ready-to-act"].map((signal) => request(p, "checkin:send", { id: randomUUID(), signal, ageMs: 0 })),
        ),
      )
    ).filter((a) => a.ok).length;
    expect(acked).toBe(30);

    const back = phones.map(
      (p) =>
        new Promise<PromptView | null>((resolve) => {
          p.once("session:snapshot", (s) => resolve(s.prompt));
        }),
    );
    await stop(first);
    const second = await startAttune(env(port), { withNext: false });
    try {
      const prompts = await Promise.all(back);
      expect(prompts.map((p) => p?.technique)).toEqual(Array(10).fill("integration"));
      expect(await second.services.db.checkIn.count({ where: { sessionId } })).toBe(30);
      // Same phones, same participants: no one was counted twice.
      expect(await second.services.db.participant.count({ where: { sessionId } })).toBe(10);
    } finally {
      closeClients();
      await stop(second);
    }
  });
});
