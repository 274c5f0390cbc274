import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { Accounts, type AccountsOptions } from "../server/auth/accounts.ts";
import { SCRYPT_CONCURRENCY, SCRYPT_MAX_WAITING } from "../server/auth/password.ts";
import { createDb, migrateDb, type Db } from "../server/db/client.ts";
import { freshDatabase, type TestDatabase } from "./helpers/database.ts";

let database: TestDatabase;
let db: Db;
let accounts: Accounts;

/**
 * A fresh set of limits (a memory store of their own) on the shared database.
 * The limits keep rate-limiter-flexible's time, Date.now(): the tests below
 * fake only Date, and move it with `later`.
 */
const freshAccounts = (options: AccountsOptions = {}) => new Accounts(db, 14, options);
const later = (ms: number) => vi.setSystemTime(Date.now() + ms);
const codeOf = (promise: Promise<unknown>) => promise.then(() => "OK", (e: { code: string }) => e.code);

beforeAll(async () => {
  database = await freshDatabase("accounts");
  await migrateDb(database.config);
  db = createDb(database.config);
  accounts = new Accounts(db, 14);
});
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("facilitator accounts", () => {
  it("sign up, resolve the cookie token, sign out", async () => {
    const signed = await accounts.signUp("ana@example.org", "a long password");
    expect(await accounts.resolve(signed.token)).toEqual({ id: signed.facilitator.id, email: "ana@example.org" });
    // Only hashes are stored: neither the token nor the password.
    const stored = JSON.stringify([await db.authSession.findMany(), await db.facilitator.findMany()]);
    expect(stored).not.toContain(signed.token);
    expect(stored).not.toContain("a long password");
    await accounts.signOut(signed.token);
    expect(await accounts.resolve(signed.token)).toBeNull();
  });

  it("refuses a second account with the same email", async () => {
    await accounts.signUp("bo@example.org", "a long password");
    await expect(accounts.signUp("bo@example.org", "another password")).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("refuses an easily guessed password, saying why and what to do, and stores nothing", async () => {
    for (const weak of ["aaaaaaaaaa", "password123", "1234567890", "qwertyuiop", "gus@example.org!"]) {
      const refused = accounts.signUp("gus@example.org", weak, "198.51.100.1");
      await expect(refused, weak).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/too easy to guess.*Try three or four unrelated words/) });
    }
    await expect(accounts.signUp("gus@example.org", "aaaaaaaaaa")).rejects.toThrow(/Repeated characters like "aaa" are easy to guess\./);
    expect(await db.facilitator.count({ where: { email: "gus@example.org" } })).toBe(0);
    expect((await accounts.signUp("gus@example.org", "gentle river lantern")).facilitator.email).toBe("gus@example.org");
  });

  it("refuses a wrong password, an unknown email and an expired session alike", async () => {
    const signed = await accounts.signUp("cy@example.org", "a long password");
    await expect(accounts.signIn("cy@example.org", "wrong password")).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(accounts.signIn("nobody@example.org", "a long password")).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect((await accounts.signIn("cy@example.org", "a long password")).facilitator.email).toBe("cy@example.org");
    await db.authSession.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await accounts.resolve(signed.token)).toBeNull();
  });

  it("slows password guessing for one account without locking out others", async () => {
    await accounts.signUp("dee@example.org", "a long password");
    const codes: string[] = [];
    for (let i = 0; i < 11; i++) {
      codes.push(await accounts.signIn("dee@example.org", `guess ${i}`).catch((e) => e.code));
    }
    expect(codes.slice(0, 10).every((c) => c === "UNAUTHORIZED")).toBe(true);
    expect(codes[10]).toBe("RATE_LIMITED");
    await expect(accounts.signIn("dee@example.org", "a long password")).rejects.toMatchObject({ code: "RATE_LIMITED" });
    // Parallel guesses are counted before the slow check, not after it.
    await accounts.signUp("fay@example.org", "a long password");
    const parallel = await Promise.all(
      Array.from({ length: 30 }, (_, i) => accounts.signIn("fay@example.org", `guess ${i}`).catch((e) => e.code)),
    );
    expect(parallel.filter((c) => c === "UNAUTHORIZED")).toHaveLength(10);
    expect(parallel.filter((c) => c === "RATE_LIMITED")).toHaveLength(20);
    await accounts.signUp("eve@example.org", "a long password");
    expect((await accounts.signIn("eve@example.org", "a long password")).facilitator.email).toBe("eve@example.org");
  });
});

describe("sign-in limits that keep guessers out but not the owner", () => {
  beforeEach(() => void vi.useFakeTimers({ toFake: ["Date"] }));
  afterEach(() => void vi.useRealTimers());

  it("guesses from one address do not lock the owner out at another", async () => {
    const accounts = freshAccounts();
    await accounts.signUp("hal@example.org", "a long password", "203.0.113.1");
    const guesses = [];
    for (let i = 0; i < 11; i++) guesses.push(await codeOf(accounts.signIn("hal@example.org", `guess ${i}`, "198.51.100.66")));
    expect(guesses).toEqual([...Array(10).fill("UNAUTHORIZED"), "RATE_LIMITED"]);
    // The owner, at home, is untouched; the guesser waits out its 15 minutes for the next 10.
    expect(await codeOf(accounts.signIn("hal@example.org", "a long password", "203.0.113.1"))).toBe("OK");
    later(15 * 60_000 - 1);
    expect(await codeOf(accounts.signIn("hal@example.org", "guess 11", "198.51.100.66"))).toBe("RATE_LIMITED");
    later(1);
    const next = [];
    for (let i = 11; i < 22; i++) next.push(await codeOf(accounts.signIn("hal@example.org", `guess ${i}`, "198.51.100.66")));
    expect(next).toEqual([...Array(10).fill("UNAUTHORIZED"), "RATE_LIMITED"]);
  });

  it("one address spraying guesses over many accounts is slowed down", async () => {
    const accounts = freshAccounts({ limits: { signIn: { perAddress: { burst: 4, perSecond: 1 / 20 } } } });
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push(await codeOf(accounts.signIn(`nobody${i}@example.org`, "a long password", "198.51.100.7")));
    expect(codes).toEqual(["UNAUTHORIZED", "UNAUTHORIZED", "UNAUTHORIZED", "UNAUTHORIZED", "RATE_LIMITED"]);
    await expect(accounts.signIn("nobody9@example.org", "x", "198.51.100.7")).rejects.toThrow(/from your network/);
    // Another address is not slowed by it.
    expect(await codeOf(accounts.signIn("nobody0@example.org", "x", "198.51.100.8"))).toBe("UNAUTHORIZED");
    // 4 then one every 20 s is counted as 4 per 80 s.
    later(80_000);
    expect(await codeOf(accounts.signIn("nobody9@example.org", "x", "198.51.100.7"))).toBe("UNAUTHORIZED");
  });

  it("an IPv6 guesser cannot rotate through its /64", async () => {
    const accounts = freshAccounts({ limits: { signIn: { perAddress: { burst: 2, perSecond: 1 / 20 } } } });
    expect(await codeOf(accounts.signIn("ivy@example.org", "x", "2001:db8:5:6::1"))).toBe("UNAUTHORIZED");
    expect(await codeOf(accounts.signIn("ivy@example.org", "x", "2001:db8:5:6::2"))).toBe("UNAUTHORIZED");
    expect(await codeOf(accounts.signIn("ivy@example.org", "x", "2001:db8:5:6:ffff::3"))).toBe("RATE_LIMITED");
    expect(await codeOf(accounts.signIn("ivy@example.org", "x", "2001:db8:5:7::1"))).toBe("UNAUTHORIZED");
  });

  it("many addresses guessing one account meet its ceiling; the owner's known address does not, and it cools down fast", async () => {
    const accounts = freshAccounts({ limits: { signIn: { perAccount: { burst: 6, perSecond: 1 / 6 } } } });
    await accounts.signUp("jo@example.org", "a long password", "203.0.113.2");
    const guesses = [];
    for (let i = 0; i < 7; i++) guesses.push(await codeOf(accounts.signIn("jo@example.org", `guess ${i}`, `198.51.100.${100 + i}`)));
    expect(guesses).toEqual([...Array(6).fill("UNAUTHORIZED"), "RATE_LIMITED"]);
    await expect(accounts.signIn("jo@example.org", "a long password", "192.0.2.50")).rejects.toThrow(/many sign-in attempts/);
    // Where the owner signed up (or signed in before), the ceiling does not apply.
    expect(await codeOf(accounts.signIn("jo@example.org", "a long password", "203.0.113.2"))).toBe("OK");
    // Anywhere else: the next window (6 then one every 6 s is 6 per 36 s).
    later(36_000);
    expect(await codeOf(accounts.signIn("jo@example.org", "a long password", "192.0.2.50"))).toBe("OK");
  });

  it("a flood of sign-ins waits for one hash at a time, and beyond a short queue is told to come back", async () => {
    const accounts = freshAccounts();
    const flood = SCRYPT_CONCURRENCY + SCRYPT_MAX_WAITING + 3;
    const codes = await Promise.all(
      Array.from({ length: flood }, (_, i) => codeOf(accounts.signIn(`flood${i}@example.org`, "a long password", `192.0.2.${i}`))),
    );
    expect(codes.filter((c) => c === "UNAUTHORIZED")).toHaveLength(SCRYPT_CONCURRENCY + SCRYPT_MAX_WAITING);
    expect(codes.filter((c) => c === "BUSY")).toHaveLength(3);
    expect(await codeOf(accounts.signIn("flood0@example.org", "a long password", "192.0.2.0"))).toBe("UNAUTHORIZED");
  });
});

describe("sign-up limits", () => {
  beforeEach(() => void vi.useFakeTimers({ toFake: ["Date"] }));
  afterEach(() => void vi.useRealTimers());

  it("one address may create a cohort's worth of accounts, then waits out the window; in-process callers are not limited", async () => {
    const accounts = freshAccounts({ limits: { signUp: { perAddress: { burst: 3, perSecond: 1 / 180 } } } });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push(await codeOf(accounts.signUp(`kim${i}@example.org`, "a long password", "198.51.100.20")));
    expect(codes).toEqual(["OK", "OK", "OK", "RATE_LIMITED"]);
    expect(await db.facilitator.count({ where: { email: "kim3@example.org" } })).toBe(0);
    expect(await codeOf(accounts.signUp("kim3@example.org", "a long password", "198.51.100.21"))).toBe("OK");
    expect(await codeOf(accounts.signUp("kim4@example.org", "a long password"))).toBe("OK");
    // 3 then one every 3 min is counted as 3 per 9 min.
    later(9 * 60_000);
    expect(await codeOf(accounts.signUp("kim5@example.org", "a long password", "198.51.100.20"))).toBe("OK");
  });

  it("all addresses together are capped too", async () => {
    const accounts = freshAccounts({ limits: { signUp: { overall: { burst: 2, perSecond: 1 / 2 } } } });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push(await codeOf(accounts.signUp(`lee${i}@example.org`, "a long password", `198.51.100.${30 + i}`)));
    expect(codes).toEqual(["OK", "OK", "BUSY"]);
    later(4_000);
    expect(await codeOf(accounts.signUp("lee2@example.org", "a long password", "198.51.100.32"))).toBe("OK");
  });
});
