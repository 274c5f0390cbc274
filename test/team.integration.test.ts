/**
 * Co-facilitators and the room display link, with real Socket.IO clients
 * against a real server: who may run a session, who may watch its display,
 * and that a removal or a revocation cuts open sockets off at once.
 */
import { io, type Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { NAMESPACES, PROTOCOL_VERSION, type DisplayClientEvents, type DisplayPushes } from "../lib/protocol/events.ts";
import type { TeamView } from "../lib/protocol/views.ts";
import {
  connected,
  expectOk,
  facilitatorClient,
  joined,
  liveSession,
  nextEvent,
  participantClient,
  rawRequest,
  refused,
  request,
  serverForThisFile,
  signedUpFacilitator,
  type TestServer,
} from "./helpers/server.ts";

let server!: TestServer;
serverForThisFile((started) => (server = started));

type DisplayClient = Socket<DisplayPushes, DisplayClientEvents>;
const displays: Socket[] = [];
afterEach(() => {
  for (const d of displays.splice(0)) d.disconnect();
});

/** A room display opened with a display link's key: no cookie at all. */
function linkDisplay(displayKey: string): DisplayClient {
  const socket: DisplayClient = io(server.url + NAMESPACES.display, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    auth: { v: PROTOCOL_VERSION, displayKey },
  });
  displays.push(socket);
  return socket;
}

/** Resolves when the server closes this socket (not when we do). */
function cutOff(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    if (socket.disconnected) return resolve("already");
    socket.once("disconnect", (reason) => resolve(reason));
  });
}

/** The owner's live session, plus a second facilitator who accepted an invitation, with their console watching. */
async function withCoFacilitator() {
  const owned = await liveSession(server);
  const invite = expectOk(await request(owned.console, "team:invite", { sessionId: owned.sessionId }));
  const co = await signedUpFacilitator(server);
  const accepted = await server.services.team.accept(invite.token, co.facilitator.id);
  expect(accepted).toEqual({ sessionId: owned.sessionId, role: "co" });
  const coConsole = facilitatorClient(server, co.cookie);
  await connected(coConsole);
  const snapshot = expectOk(await request(coConsole, "session:watch", { sessionId: owned.sessionId }));
  return { ...owned, invite, co, coConsole, snapshot };
}

describe("co-facilitators", () => {
  it("an accepted co-facilitator's console watches and pushes, and the owner's console shows it at once", async () => {
    const { console: ownerConsole, sessionId, co, coConsole, snapshot } = await withCoFacilitator();
    expect(snapshot.role).toBe("co");
    expect(snapshot.team.coFacilitators.map((c) => c.email)).toEqual([co.facilitator.email]);
    const ownerSees = nextEvent<{ sessionId: string; prompt: { body: string } | null }>(ownerConsole, "prompt:current", (p) => p.sessionId === sessionId);
    const pushed = expectOk(await request(coConsole, "prompt:push", { sessionId, source: { kind: "text", text: "From the co-facilitator" } }));
    expect((await ownerSees).prompt?.body).toBe(pushed.body);
    // And the other way round.
    const coSees = nextEvent<{ sessionId: string; prompt: unknown }>(coConsole, "prompt:current", (p) => p.sessionId === sessionId && p.prompt === null);
    expectOk(await request(ownerConsole, "prompt:close", { sessionId }));
    await coSees;
  });

  it("the owner's console is told who joined the team, and the owner's watch says 'owner'", async () => {
    const owned = await liveSession(server);
    const again = expectOk(await request(owned.console, "session:watch", { sessionId: owned.sessionId }));
    expect(again.role).toBe("owner");
    expect(again.team).toEqual({ owner: { email: owned.facilitator.facilitator.email }, coFacilitators: [], displayLink: null });
    const invite = expectOk(await request(owned.console, "team:invite", { sessionId: owned.sessionId }));
    expect(invite.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(invite.expiresAt).toBeGreaterThan(Date.now() + 23 * 3600_000);
    const told = nextEvent<{ team: TeamView }>(owned.console, "team:current");
    const co = await signedUpFacilitator(server);
    await server.services.team.accept(invite.token, co.facilitator.id);
    await server.services.realtime.teamChanged(owned.sessionId);
    expect((await told).team.coFacilitators.map((c) => c.email)).toEqual([co.facilitator.email]);
    // Only the invitation's hash is stored.
    const rows = await server.services.db.invite.findMany({ where: { sessionId: owned.sessionId } });
    expect(rows.map((r) => r.tokenHash)).not.toContain(invite.token);
  });

  it("an invitation works once: a second facilitator with the same link is refused", async () => {
    const { invite } = await withCoFacilitator();
    const late = await signedUpFacilitator(server);
    await expect(server.services.team.accept(invite.token, late.facilitator.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("two facilitators accepting one link at once: exactly one gets in", async () => {
    const owned = await liveSession(server);
    const invite = expectOk(await request(owned.console, "team:invite", { sessionId: owned.sessionId }));
    const [a, b] = await Promise.all([signedUpFacilitator(server), signedUpFacilitator(server)]);
    const results = await Promise.allSettled([a, b].map((f) => server.services.team.accept(invite.token, f.facilitator.id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await server.services.db.coFacilitator.count({ where: { sessionId: owned.sessionId } })).toBe(1);
  });

  it("an expired invitation is refused", async () => {
    const owned = await liveSession(server);
    const invite = expectOk(await request(owned.console, "team:invite", { sessionId: owned.sessionId }));
    await server.services.db.invite.updateMany({ where: { sessionId: owned.sessionId }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    const co = await signedUpFacilitator(server);
    await expect(server.services.team.accept(invite.token, co.facilitator.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await server.services.team.preview(invite.token, co.facilitator.id)).toMatchObject({ state: "expired" });
  });

  it("the owner's own click is refused kindly and leaves the link unspent; a co-facilitator's second click is fine", async () => {
    const owned = await liveSession(server);
    const invite = expectOk(await request(owned.console, "team:invite", { sessionId: owned.sessionId }));
    await expect(server.services.team.accept(invite.token, owned.facilitator.facilitator.id)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/your own session/),
    });
    const co = await signedUpFacilitator(server);
    await server.services.team.accept(invite.token, co.facilitator.id);
    const second = expectOk(await request(owned.console, "team:invite", { sessionId: owned.sessionId }));
    expect(await server.services.team.accept(second.token, co.facilitator.id)).toEqual({ sessionId: owned.sessionId, role: "co" });
    // Still open for whom it was meant.
    expect(await server.services.team.preview(second.token, "nobody")).toMatchObject({ state: "open" });
  });

  it("only the owner invites and removes; a co-facilitator is told so", async () => {
    const { sessionId, coConsole, co } = await withCoFacilitator();
    const invite = await request(coConsole, "team:invite", { sessionId });
    expect(invite.ok || invite.error.code).toBe("FORBIDDEN");
    const remove = await request(coConsole, "team:remove", { sessionId, facilitatorId: co.facilitator.id });
    expect(remove.ok || remove.error.code).toBe("FORBIDDEN");
  });

  it("both the owner and a co-facilitator may end the session", async () => {
    const { sessionId, coConsole } = await withCoFacilitator();
    expect(expectOk(await request(coConsole, "session:end", { sessionId })).status).toBe("ended");
  });

  it("removal cuts the co-facilitator's open console off at once, and refuses their reconnection's requests", async () => {
    const { console: ownerConsole, sessionId, co, coConsole } = await withCoFacilitator();
    const told = nextEvent<{ sessionId: string }>(coConsole, "access:ended");
    const closed = cutOff(coConsole);
    const team = expectOk(await request(ownerConsole, "team:remove", { sessionId, facilitatorId: co.facilitator.id }));
    expect(team.coFacilitators).toEqual([]);
    expect(await told).toEqual({ sessionId });
    expect(await closed).toBe("io server disconnect");

    const back = facilitatorClient(server, co.cookie);
    await connected(back);
    for (const ack of [
      await request(back, "session:watch", { sessionId }),
      await request(back, "prompt:push", { sessionId, source: { kind: "text", text: "Still here?" } }),
      await request(back, "display:link", { sessionId }),
    ]) {
      expect(ack.ok || ack.error.code).toBe("NOT_FOUND");
    }
  });

  it("removal also closes a room display the co-facilitator opened while signed in", async () => {
    const { console: ownerConsole, sessionId, co } = await withCoFacilitator();
    const display = facilitatorClient(server, co.cookie, NAMESPACES.display) as unknown as DisplayClient;
    await connected(display);
    expectOk(await request(display, "display:watch", { sessionId }));
    const closed = cutOff(display);
    expectOk(await request(ownerConsole, "team:remove", { sessionId, facilitatorId: co.facilitator.id }));
    expect(await closed).toBe("io server disconnect");
  });

  it("a facilitator of another session is refused every request, as if the session did not exist", async () => {
    const { sessionId } = await withCoFacilitator();
    const stranger = await signedUpFacilitator(server);
    await server.services.sessions.create(stranger.facilitator.id, "Their own");
    const console = facilitatorClient(server, stranger.cookie);
    await connected(console);
    for (const [event, payload] of [
      ["session:watch", { sessionId }],
      ["team:invite", { sessionId }],
      ["team:remove", { sessionId, facilitatorId: stranger.facilitator.id }],
      ["display:link", { sessionId }],
      ["display:unlink", { sessionId }],
    ] as const) {
      const ack = await rawRequest(console, event, payload);
      expect(ack.ok || ack.error.code, event).toBe("NOT_FOUND");
    }
  });

  it("a phone cannot use any team event", async () => {
    const { code, sessionId } = await liveSession(server);
    const phone = participantClient(server, { code });
    await joined(phone);
    for (const event of ["team:invite", "team:remove", "display:link", "display:unlink"]) {
      const ack = await rawRequest(phone, event, { sessionId });
      expect(ack.ok || ack.error.code, event).toBe("FORBIDDEN");
    }
  });
});

describe("the room display link", () => {
  async function linked() {
    const owned = await liveSession(server);
    const made = expectOk(await request(owned.console, "display:link", { sessionId: owned.sessionId }));
    expect(made.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(made.team.displayLink).toMatch(/^[A-Za-z0-9_-]{12}$/);
    return { ...owned, key: made.key, tag: made.team.displayLink };
  }

  it("opens that session's display without a sign-in, and only the key's hash is stored", async () => {
    const { sessionId, key } = await linked();
    const display = linkDisplay(key);
    await connected(display);
    const view = expectOk(await request(display, "display:watch", { sessionId }));
    expect(view.session.status).toBe("live");
    const row = await server.services.db.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(row.displayKeyHash).not.toBeNull();
    expect(row.displayKeyHash).not.toBe(key);
  });

  it("watches only its own session", async () => {
    const { key } = await linked();
    const other = await liveSession(server);
    const display = linkDisplay(key);
    await connected(display);
    const ack = await request(display, "display:watch", { sessionId: other.sessionId });
    expect(ack.ok || ack.error.code).toBe("NOT_FOUND");
  });

  it("cannot call console events", async () => {
    const { sessionId, key } = await linked();
    const display = linkDisplay(key);
    await connected(display);
    for (const event of ["session:watch", "prompt:push", "session:end", "display:link", "display:unlink", "team:invite"]) {
      const ack = await rawRequest(display, event, { sessionId });
      expect(ack.ok || ack.error.code, event).toBe("FORBIDDEN");
    }
  });

  it("a revoked link's open display is cut off at once and its key refused", async () => {
    const { console, sessionId, key } = await linked();
    const display = linkDisplay(key);
    await connected(display);
    expectOk(await request(display, "display:watch", { sessionId }));
    const told = nextEvent(display, "auth:ended");
    const closed = cutOff(display);
    const team = expectOk(await request(console, "display:unlink", { sessionId }));
    expect(team.displayLink).toBeNull();
    await told;
    expect(await closed).toBe("io server disconnect");
    const err = await refused(linkDisplay(key));
    expect(err.data?.code).toBe("UNAUTHORIZED");
    expect(err.message).toMatch(/no longer works/);
  });

  it("a new link replaces the old one: the old key's display is cut off, the new key works", async () => {
    const { console, sessionId, key, tag } = await linked();
    const old = linkDisplay(key);
    await connected(old);
    expectOk(await request(old, "display:watch", { sessionId }));
    const closed = cutOff(old);
    const fresh = expectOk(await request(console, "display:link", { sessionId }));
    expect(fresh.team.displayLink).not.toBe(tag);
    expect(await closed).toBe("io server disconnect");
    expect((await refused(linkDisplay(key))).data?.code).toBe("UNAUTHORIZED");
    const display = linkDisplay(fresh.key);
    await connected(display);
    expectOk(await request(display, "display:watch", { sessionId }));
  });

  it("a co-facilitator may make and revoke the link", async () => {
    const { sessionId, coConsole } = await withCoFacilitator();
    const made = expectOk(await request(coConsole, "display:link", { sessionId }));
    expect(made.team.displayLink).not.toBeNull();
    expect(expectOk(await request(coConsole, "display:unlink", { sessionId })).displayLink).toBeNull();
  });

  it("a made-up key is refused at the handshake", async () => {
    const err = await refused(linkDisplay("A".repeat(43)));
    expect(err.data?.code).toBe("UNAUTHORIZED");
  });
});
