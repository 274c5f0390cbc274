import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Accounts } from "../server/auth/accounts.ts";
import { createDb, type Db } from "../server/db/client.ts";
import { migrateSqlite } from "../server/db/migrate.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-accounts-"));
let db: Db;
let accounts: Accounts;

beforeAll(() => {
  const file = path.join(dir, "accounts.db");
  migrateSqlite(file);
  db = createDb(file);
  accounts = new Accounts(db, 14);
});
afterAll(async () => {
  await db.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
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
