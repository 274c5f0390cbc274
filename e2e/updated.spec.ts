/**
 * A page left open across an upgrade: its handshake carries the old protocol
 * version, the server refuses it with OUTDATED, and the page asks for a reload
 * instead of failing in a loop. The old version is simulated by rewriting the
 * version in the page's real WebSocket handshake on its way to the server.
 */
import { expectAccessible } from "./support/a11y";
import { closeEveryone, openPhone, seedLiveSession, SMALL_PHONE } from "./support/seed";
import { expect, test } from "./support/test";

test.afterEach(closeEveryone);

test("a phone page from before an upgrade says Attune was updated, and a reload brings it back", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!);
  const phone = await openPhone(browser, "about:blank", SMALL_PHONE);
  let pretendOld = true;
  // Socket.IO's namespace connect packet (40/participant,{"code":…,"v":2}) goes
  // over HTTP long-polling first, or over the WebSocket: rewrite it on both.
  const asOld = (text: string) => (pretendOld ? text.replace(/"v":\d+/, '"v":1') : text);
  await phone.route(/\/socket\.io\//, (route) => {
    const body = route.request().postData();
    return body === null ? route.continue() : route.continue({ postData: asOld(body) });
  });
  await phone.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => server.send(typeof message === "string" ? asOld(message) : message));
  });
  await phone.goto(session.linkPath);
  await expect(phone.getByRole("heading", { name: "Attune was updated — reload" })).toBeVisible();
  await phone.screenshot({ path: "e2e/output/screenshots/phone-updated.png" });
  await expectAccessible(phone, "the phone's update notice");

  pretendOld = false;
  await phone.getByRole("button", { name: "Reload" }).click();
  await expect(phone.getByRole("heading", { name: `Welcome to ${session.title}` })).toBeVisible();
});
