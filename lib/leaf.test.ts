import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// lib/ is imported by the browser and the server alike, so it must stay a leaf.
describe("lib/", () => {
  it("imports no node:*, Prisma, Socket.IO, Next or server code", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.tsx?$/.test(entry.name) && !entry.name.includes(".test.")) {
          const source = fs.readFileSync(file, "utf8");
          for (const [, spec] of source.matchAll(/from\s+["']([^"']+)["']/g)) {
            if (/^(node:|@prisma\/|socket\.io$|next(\/|$))/.test(spec) || spec.includes("/server/")) offenders.push(`${file}: ${spec}`);
          }
        }
      }
    };
    walk(path.resolve("lib"));
    expect(offenders).toEqual([]);
  });
});
