/**
 * The browser-facing defences: a Content-Security-Policy with a fresh nonce
 * on every page, injected script refused (and noticed by the suite), and the
 * JSON routes refusing requests from another site's pages.
 */
import { expectAccessible } from "./support/a11y";
import { expect, test } from "./support/test";

const PORT = Number(process.env.E2E_PORT ?? 3210);
const OWN_ORIGIN = `http://127.0.0.1:${PORT}`;

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

test("every page is sent a policy whose fresh nonce its own scripts carry", async ({ request }) => {
  const nonces: string[] = [];
  for (const path of ["/join", "/join", "/signin", "/j/XXXXXX"]) {
    const response = await request.get(path);
    const policy = response.headers()["content-security-policy"];
    expect(policy, path).toBeTruthy();
    const csp = directives(policy!);
    const scriptSrc = csp.get("script-src")!;
    const nonce = scriptSrc.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
    expect(nonce, `${path}: script-src has a nonce`).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("connect-src")).toEqual(["'self'", `ws://127.0.0.1:${PORT}`, `wss://127.0.0.1:${PORT}`]);
    // The headers next.config.ts sends stay.
    expect(response.headers()["x-frame-options"]).toBe("DENY");

    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length, `${path} has scripts`).toBeGreaterThan(0);
    for (const script of scripts) expect(script, path).toContain(`nonce="${nonce}"`);
    nonces.push(nonce!);
  }
  expect(new Set(nonces).size, "a new nonce per request").toBe(nonces.length);
});

test("script injected into a page is refused, and the suite notices", async ({ page, cspViolations }) => {
  await page.goto("/join");
  await expect(page.getByLabel("Join code")).toBeVisible();
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.__injected = true";
    document.body.append(script);
    const img = document.createElement("img");
    img.setAttribute("src", "data:,");
    img.setAttribute("onerror", "window.__injected = true");
    img.setAttribute("onload", "window.__injected = true");
    document.body.append(img);
  });
  await expect
    .poll(() => [...new Set(cspViolations.filter((v) => v.via === "event").map((v) => v.directive))].sort())
    .toEqual(["script-src-attr", "script-src-elem"]);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  // The browser's console reports them too; both are what the fixture fails a test on.
  await expect.poll(() => cspViolations.filter((v) => v.via === "console").length).toBeGreaterThanOrEqual(2);
  cspViolations.length = 0;
});

test("sign-up says which passwords it takes, and why it refused one", async ({ page }) => {
  await page.goto("/signup");
  await expect(page.getByLabel("Password")).toHaveAccessibleDescription(/hard to guess: three or four unrelated words/);
  await page.getByLabel("Email").fill(`weak-${Date.now()}@example.org`);
  await page.getByLabel("Password").fill("aaaaaaaaaa");
  await page.getByRole("button", { name: "Create account" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "too easy to guess" });
  await expect(alert).toHaveText(/Repeated characters like "aaa" are easy to guess\. Try three or four unrelated words/);
  await expect(page.getByLabel("Password")).toHaveAccessibleDescription(/too easy to guess/);
  await expectAccessible(page, "/signup with a weak password");
  await page.getByLabel("Password").fill("gentle river lantern");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Your sessions" })).toBeVisible();
});

test("the JSON routes refuse another site's requests and change nothing", async ({ request }) => {
  const email = `csrf-${Date.now()}@example.org`;
  const password = "a long enough password";
  const fromElsewhere = { origin: "http://evil.example" };

  // Sign-up from another site: refused, no account.
  const signUp = await request.post("/api/auth/signup", { headers: fromElsewhere, data: { email, password } });
  expect(signUp.status()).toBe(403);
  expect((await signUp.json()).error).toEqual({ code: "FORBIDDEN", message: expect.stringMatching(/another site/) });
  expect((await request.post("/api/auth/signin", { data: { email, password } })).status()).toBe(401);

  // Without Origin, Sec-Fetch-Site speaks for the browser.
  const crossSite = await request.post("/api/auth/signup", { headers: { "sec-fetch-site": "cross-site" }, data: { email, password } });
  expect(crossSite.status()).toBe(403);

  // From Attune's own pages it works, and the cookie is kept by this request context.
  expect((await request.post("/api/auth/signup", { headers: { origin: OWN_ORIGIN }, data: { email, password } })).status()).toBe(201);

  // A signed-in browser, a page elsewhere: it can neither create nor sign out.
  const create = await request.post("/api/sessions", { headers: fromElsewhere, data: { title: "Planted by another site" } });
  expect(create.status()).toBe(403);
  const signOut = await request.post("/api/auth/signout", { headers: fromElsewhere, maxRedirects: 0 });
  expect(signOut.status()).toBe(403);
  const consolePage = await request.get("/console");
  expect(await consolePage.text()).toContain("Your sessions");
  expect(await consolePage.text()).not.toContain("Planted by another site");

  // A sign-in from another site (login CSRF) is refused too.
  const signIn = await request.post("/api/auth/signin", { headers: { origin: "http://127.0.0.1:1" }, data: { email, password } });
  expect(signIn.status()).toBe(403);
});
