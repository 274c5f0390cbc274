/**
 * Pages from other sites cannot use a visitor's cookie: the Socket.IO
 * handshake and the state-changing JSON routes both accept only the configured
 * public origins, whatever Host a request claims.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startAttune, type AttuneServer } from "../server/app.ts";
import { CLIENT_ADDRESS_HEADER } from "../server/client-address.ts";
import { parseEnv } from "../server/env.ts";

// The routes import through the "@/" alias Next.js resolves; here it maps to the same files.
vi.mock("@/app/_lib/api", () => import("../app/_lib/api.ts"));
vi.mock("@/app/_lib/auth-cookie", () => import("../app/_lib/auth-cookie.ts"));
vi.mock("@/app/_lib/server", () => import("../app/_lib/server.ts"));
vi.mock("@/lib/protocol/errors", () => import("../lib/protocol/errors.ts"));
vi.mock("@/lib/protocol/schemas", () => import("../lib/protocol/schemas.ts"));
vi.mock("@/lib/library/limits", () => import("../lib/library/limits.ts"));
vi.mock("@/lib/library/schemas", () => import("../lib/library/schemas.ts"));
vi.mock("@/server/auth/cookie", () => import("../server/auth/cookie.ts"));
vi.mock("@/server/client-address", () => import("../server/client-address.ts"));
vi.mock("@/server/origin", () => import("../server/origin.ts"));

const PUBLIC = "https://attune.example.org";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-origin-"));
let server: AttuneServer;
let port: number;

beforeAll(async () => {
  const env = parseEnv({ NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", DATABASE_URL: `file:${path.join(dir, "origin.db")}`, PUBLIC_ORIGIN: PUBLIC });
  server = await startAttune(env, { withNext: false });
  port = Number(new URL(server.url).port);
});
afterAll(async () => {
  await server.close();
  await new Promise<void>((resolve) => server.http.close(() => resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An Engine.IO long-polling handshake (the first request of every Socket.IO client), with the headers given. */
function pollingHandshake(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: "/socket.io/?EIO=4&transport=polling", headers }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on("error", reject).end();
  });
}

/**
 * A WebSocket upgrade straight away (transports: ["websocket"]): "accepted"
 * (101), or the refusal Engine.IO writes (always a 400, its reason in the body).
 */
function websocketHandshake(headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: "127.0.0.1",
      port,
      path: "/socket.io/?EIO=4&transport=websocket",
      headers: {
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-version": "13",
        "sec-websocket-key": randomBytes(16).toString("base64"),
        ...headers,
      },
    });
    req.on("upgrade", (_res, socket) => {
      socket.destroy();
      resolve("accepted");
    });
    req.on("response", (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve(`${res.statusCode} ${body}`));
    });
    req.on("error", reject).end();
  });
}

describe("the Socket.IO handshake", () => {
  it("refuses a page whose Origin matches a Host it made up", async () => {
    const spoofed = { host: "evil.example", origin: "http://evil.example" };
    expect(await pollingHandshake(spoofed)).toBe(403);
    expect(await websocketHandshake(spoofed)).toBe("400 Forbidden");
    // The server's real address is not enough either: only the configured origin is.
    const ownHost = { origin: `http://127.0.0.1:${port}` };
    expect(await websocketHandshake(ownHost)).toBe("400 Forbidden");
  });

  it("accepts the configured origin, whatever Host arrives (a proxy may rewrite it)", async () => {
    expect(await pollingHandshake({ origin: PUBLIC, host: "127.0.0.1" })).toBe(200);
    expect(await websocketHandshake({ origin: PUBLIC })).toBe("accepted");
  });

  it("lets a client without Origin (not a browser) through, unless Sec-Fetch-Site says another site sent it", async () => {
    expect(await websocketHandshake({})).toBe("accepted");
    expect(await pollingHandshake({})).toBe(200);
    expect(await pollingHandshake({ "sec-fetch-site": "cross-site" })).toBe(403);
  });
});

describe("the state-changing JSON routes", () => {
  const post = (url: string, headers: Record<string, string>, body?: unknown) =>
    new Request(`${PUBLIC}${url}`, {
      method: "POST",
      headers: { "content-type": "application/json", [CLIENT_ADDRESS_HEADER]: "198.51.100.9", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const credentials = { email: "origin-test@example.org", password: "gentle river lantern" };

  it("refuse a POST from another site's page and change nothing", async () => {
    const { POST: signUp } = await import("../app/api/auth/signup/route.ts");
    const { POST: signIn } = await import("../app/api/auth/signin/route.ts");
    const { POST: signOut } = await import("../app/api/auth/signout/route.ts");
    const { POST: createSession } = await import("../app/api/sessions/route.ts");
    const { POST: acceptInvite } = await import("../app/api/invites/accept/route.ts");
    const templates = await import("../app/api/templates/route.ts");
    const template = await import("../app/api/templates/[id]/route.ts");
    const { POST: saveSessionTemplate } = await import("../app/api/session-templates/route.ts");
    const sessionTemplate = await import("../app/api/session-templates/[id]/route.ts");
    const before = { accounts: await server.services.db.facilitator.count(), sessions: await server.services.db.session.count() };

    const fromElsewhere: Record<string, string>[] = [
      { origin: "http://evil.example" },
      { origin: "null" },
      { "sec-fetch-site": "cross-site" },
      { referer: "http://evil.example/x" },
    ];
    for (const headers of fromElsewhere) {
      const refused = await signUp(post("/api/auth/signup", headers, credentials));
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(await refused.json()).toEqual({ ok: false, error: { code: "FORBIDDEN", message: expect.stringMatching(/another site/) } });
      expect(refused.headers.get("set-cookie")).toBeNull();
    }
    const foreign = { origin: "http://evil.example" };
    expect((await signIn(post("/api/auth/signin", foreign, credentials))).status).toBe(403);
    expect((await signOut(post("/api/auth/signout", foreign))).status).toBe(403);
    expect((await createSession(post("/api/sessions", foreign, { title: "Planted" }))).status).toBe(403);
    expect((await acceptInvite(post("/api/invites/accept", foreign, { token: "A".repeat(43) }))).status).toBe(403);
    const reflection = { kind: "reflection", title: "Planted", body: "Planted?", phase: "after", note: "Never." };
    expect((await templates.POST(post("/api/templates", foreign, { template: reflection }))).status).toBe(403);
    const id = { params: Promise.resolve({ id: "someid" }) };
    expect((await template.PUT(new Request(post("/api/templates/someid", foreign, { template: reflection }), { method: "PUT" }), id)).status).toBe(403);
    expect((await template.DELETE(new Request(post("/api/templates/someid", foreign), { method: "DELETE" }), id)).status).toBe(403);
    expect((await saveSessionTemplate(post("/api/session-templates", foreign, { sessionId: "x", title: "Planted" }))).status).toBe(403);
    expect((await sessionTemplate.DELETE(new Request(post("/api/session-templates/someid", foreign), { method: "DELETE" }), id)).status).toBe(403);
    expect(await server.services.db.promptTemplate.count()).toBe(0);

    expect(await server.services.db.facilitator.count()).toBe(before.accounts);
    expect(await server.services.db.session.count()).toBe(before.sessions);
  });

  it("accept the same POST from Attune's own pages", async () => {
    const { POST: signUp } = await import("../app/api/auth/signup/route.ts");
    const created = await signUp(post("/api/auth/signup", { origin: PUBLIC }, credentials));
    expect(created.status).toBe(201);
    expect(created.headers.get("set-cookie")).toMatch(/^attune_auth=/);
    expect(await server.services.db.facilitator.count({ where: { email: credentials.email } })).toBe(1);
  });
});
