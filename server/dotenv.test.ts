import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

// @next/env keeps what it loaded for the life of the process, so each case
// boots a fresh Node process, as Attune does.
const dotenvModule = path.join(import.meta.dirname, "dotenv.ts");
const dirs: string[] = [];

function bootWith(files: Record<string, string>, environment: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-dotenv-"));
  dirs.push(dir);
  for (const [name, contents] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), contents);
  const script = `
    const { loadDotEnv } = await import(${JSON.stringify(dotenvModule)});
    const files = loadDotEnv(${JSON.stringify(dir)});
    console.log(JSON.stringify({ files, PORT: process.env.PORT, HOST: process.env.HOST }));`;
  const { PORT: _port, HOST: _host, NODE_ENV: _mode, ...inherited } = process.env;
  const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    env: { ...inherited, NODE_ENV: "production", ...environment },
    encoding: "utf8",
  });
  return JSON.parse(out.trim().split("\n").at(-1)!) as { files: string[]; PORT?: string; HOST?: string };
}

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("loadDotEnv", () => {
  it("reads settings from .env", () => {
    expect(bootWith({ ".env": "PORT=4100\nHOST=0.0.0.0\n" }, {})).toEqual({ files: [".env"], PORT: "4100", HOST: "0.0.0.0" });
  });

  it("lets the environment win over .env", () => {
    expect(bootWith({ ".env": "PORT=4100\nHOST=0.0.0.0\n" }, { PORT: "4200" })).toMatchObject({ PORT: "4200", HOST: "0.0.0.0" });
  });

  it("lets .env.local win over .env, as Next.js does", () => {
    expect(bootWith({ ".env": "PORT=4100\n", ".env.local": "PORT=4300\n" }, {})).toMatchObject({
      files: [".env.local", ".env"],
      PORT: "4300",
    });
  });

  it("changes nothing without a .env file", () => {
    expect(bootWith({}, {})).toEqual({ files: [] });
  });
});
