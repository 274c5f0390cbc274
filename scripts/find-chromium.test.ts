import { describe, expect, it } from "vitest";
import { findChromium, planChromium } from "./find-chromium.ts";

/** A machine on which exactly `files` are executable. */
const machine = (files: string[], env: { CHROMIUM_PATH?: string; PATH?: string } = { PATH: "/usr/local/bin:/usr/bin:/bin" }) => ({
  env,
  isExecutable: (file: string) => files.includes(file),
});

describe("finding Chromium", () => {
  it("takes CHROMIUM_PATH as given, even over a Chromium on PATH", () => {
    expect(findChromium(machine(["/usr/bin/chromium"], { CHROMIUM_PATH: "/opt/chrome/chrome", PATH: "/usr/bin" }))).toBe("/opt/chrome/chrome");
  });

  it("prefers Debian's chromium, then chromium-browser, then Google Chrome", () => {
    expect(findChromium(machine(["/usr/bin/google-chrome", "/usr/bin/chromium"]))).toBe("/usr/bin/chromium");
    expect(findChromium(machine(["/usr/bin/google-chrome", "/usr/local/bin/chromium-browser"]))).toBe("/usr/local/bin/chromium-browser");
    expect(findChromium(machine(["/usr/bin/google-chrome-stable"]))).toBe("/usr/bin/google-chrome-stable");
  });

  it("looks on PATH first, and in the system directories when PATH lacks them", () => {
    expect(findChromium(machine(["/home/me/bin/chromium", "/usr/bin/chromium"], { PATH: "/home/me/bin" }))).toBe("/home/me/bin/chromium");
    expect(findChromium(machine(["/snap/bin/chromium"], { PATH: "" }))).toBe("/snap/bin/chromium");
  });

  it("finds the macOS apps", () => {
    expect(findChromium(machine(["/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"]))).toBe(
      "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    );
  });

  it("finds nothing where there is nothing", () => {
    expect(findChromium(machine([]))).toBeUndefined();
  });
});

describe("before the end-to-end tests", () => {
  it("uses the Chromium found", () => {
    expect(planChromium({ ...machine(["/usr/bin/chromium", "/usr/bin/apt-get"]), isRoot: true })).toEqual({ kind: "use", path: "/usr/bin/chromium" });
  });

  it("installs Debian's chromium only as root where apt-get exists", () => {
    expect(planChromium({ ...machine(["/usr/bin/apt-get"]), isRoot: true })).toEqual({ kind: "install", aptGet: "/usr/bin/apt-get" });
    expect(planChromium({ ...machine(["/usr/bin/apt-get"]), isRoot: false })).toMatchObject({ kind: "explain" });
    expect(planChromium({ ...machine([]), isRoot: true })).toMatchObject({ kind: "explain" });
  });

  it("says how to get one: the package to install, or CHROMIUM_PATH", () => {
    const plan = planChromium({ ...machine([]), isRoot: false });
    expect(plan.kind === "explain" && plan.message).toMatch(/apt-get install chromium[\s\S]*CHROMIUM_PATH=/);
  });

  it("does not install over a CHROMIUM_PATH that points nowhere, but says so", () => {
    const plan = planChromium({ ...machine(["/usr/bin/apt-get", "/usr/bin/chromium"], { CHROMIUM_PATH: "/opt/gone" }), isRoot: true });
    expect(plan.kind === "explain" && plan.message).toMatch(/^CHROMIUM_PATH=\/opt\/gone is not an executable file/);
  });
});
