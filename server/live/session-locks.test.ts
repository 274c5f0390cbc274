import { describe, expect, it } from "vitest";
import { SessionLocks } from "./session-locks";

const tick = () => new Promise((r) => setTimeout(r, 1));

describe("SessionLocks", () => {
  it("runs actions on one session one after another, in order", async () => {
    const locks = new SessionLocks();
    const log: string[] = [];
    const slow = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([locks.run("s", slow("a")), locks.run("s", slow("b"))]);
    expect(results).toEqual(["a", "b"]);
    expect(log).toEqual(["a start", "a end", "b start", "b end"]);
  });

  it("lets different sessions run side by side, and a failure does not block the next action", async () => {
    const locks = new SessionLocks();
    const log: string[] = [];
    const failing = locks.run("s", async () => {
      await tick();
      throw new Error("nope");
    });
    const other = locks.run("t", async () => log.push("t"));
    const next = locks.run("s", async () => log.push("s"));
    await expect(failing).rejects.toThrow("nope");
    await Promise.all([other, next]);
    expect(log).toEqual(["t", "s"]);
  });
});
