/**
 * Joining under attack, through real sockets: each test starts its own server,
 * so no test depends on what another spent of an address's budget.
 */
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_JOIN_LIMITS } from "../server/realtime/join-gate.ts";
import { closeClients, joined, liveSession, participantClient, refused, startTestServer, type TestServer } from "./helpers/server.ts";

let server: TestServer | null = null;
afterEach(async () => {
  closeClients();
  await server?.stop();
  server = null;
});

const wrongCodes = async (s: TestServer, n: number) => {
  const answers: string[] = [];
  for (let i = 0; i < n; i++) answers.push((await refused(participantClient(s, { code: "XXXXXX" }))).data?.code ?? "");
  return answers;
};

describe("a guesser sharing the venue's address", () => {
  it("runs out of wrong codes, and learns nothing more about any code", async () => {
    server = await startTestServer({ joinLimits: { ...DEFAULT_JOIN_LIMITS, guessBurst: 5, guessEverySeconds: 60 } });
    const { code } = await liveSession(server);
    const answers = await wrongCodes(server, 7);
    expect(answers).toEqual([...Array(5).fill("CODE_NOT_FOUND"), "RATE_LIMITED", "RATE_LIMITED"]);
    // A right code typed from this address, never joined here: refused exactly like a wrong one.
    expect((await refused(participantClient(server, { code }))).data?.code).toBe("RATE_LIMITED");
  });

  it("does not keep out phones that scanned the QR code, nor then the phones typing that code", async () => {
    server = await startTestServer({ joinLimits: { ...DEFAULT_JOIN_LIMITS, guessBurst: 5, guessEverySeconds: 60 } });
    const { code, joinKey } = await liveSession(server);
    await wrongCodes(server, 6);
    // The join link's key shows the phone is not guessing.
    await joined(participantClient(server, { code, key: joinKey }));
    // Now the code is known at this address (it is on the projector): typing it works.
    await joined(participantClient(server, { code: code.toLowerCase() }));
    // A wrong key is no key at all.
    expect((await refused(participantClient(server, { code: "YYYYYY", key: "x".repeat(22) }))).data?.code).toBe("RATE_LIMITED");
  });

  it("lets a phone already in the session back in while the address is limited", async () => {
    server = await startTestServer({ joinLimits: { ...DEFAULT_JOIN_LIMITS, guessBurst: 3, guessEverySeconds: 60, knownCodeMs: 0 } });
    const { code } = await liveSession(server);
    const member = await joined(participantClient(server, { code }));
    await wrongCodes(server, 4);
    expect((await refused(participantClient(server, { code }))).data?.code).toBe("RATE_LIMITED");
    const back = await joined(participantClient(server, { code, resumeToken: member.resumeToken }));
    expect(back.resumeToken).toBe(member.resumeToken);
  });
});

describe("phantom phones", () => {
  it("new participants are budgeted per address, while returning phones always get in", async () => {
    server = await startTestServer({ joinLimits: { ...DEFAULT_JOIN_LIMITS, freshJoinBurst: 4, freshJoinsPerSecond: 0.001 } });
    const { code, sessionId } = await liveSession(server);
    const first = await joined(participantClient(server, { code }));
    for (let i = 0; i < 3; i++) await joined(participantClient(server, { code }));
    const err = await refused(participantClient(server, { code }));
    expect(err.data?.code).toBe("RATE_LIMITED");
    expect(err.data?.message).toMatch(/joining from your network/);
    await joined(participantClient(server, { code, resumeToken: first.resumeToken }));
    expect(await server.services.db.participant.count({ where: { sessionId } })).toBe(4);
  });

  it("a session admits at most MAX_PARTICIPANTS_PER_SESSION new phones", async () => {
    server = await startTestServer({}, { MAX_PARTICIPANTS_PER_SESSION: "2" });
    const { code } = await liveSession(server);
    const first = await joined(participantClient(server, { code }));
    await joined(participantClient(server, { code }));
    expect((await refused(participantClient(server, { code }))).data).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/full/) });
    await joined(participantClient(server, { code, resumeToken: first.resumeToken }));
  });

  it("join and last-seen times are kept to the minute only", async () => {
    server = await startTestServer();
    const { code, sessionId } = await liveSession(server);
    await joined(participantClient(server, { code }));
    const [row] = await server.services.db.participant.findMany({ where: { sessionId } });
    expect(row.joinedAt.getTime() % 60_000).toBe(0);
    expect(row.lastSeenAt.getTime() % 60_000).toBe(0);
  });
});

describe("an old page", () => {
  it("is told Attune was updated instead of failing in a loop", async () => {
    server = await startTestServer();
    const { code } = await liveSession(server);
    const { io } = await import("socket.io-client");
    const old = io(server.url + "/participant", { transports: ["websocket"], forceNew: true, reconnection: false, auth: { code } });
    const err = await refused(old);
    old.close();
    expect(err.data).toEqual({ code: "OUTDATED", message: "Attune was updated — reload this page." });
  });
});
