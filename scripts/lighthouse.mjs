#!/usr/bin/env node
// Lighthouse (mobile) against a page that is already being served: N runs, the
// median of each score and of LCP, TBT and CLS, printed as JSON. It starts no
// server; point it at one (npm start, or the e2e server) and at a real join
// link, since a phone's page is what it measures.
//
//   npm run lighthouse -- http://127.0.0.1:3000/j/K7M3QX?k=… [--runs 3]
//
// Chromium: CHROME_PATH, else /usr/bin/chromium. Scores here move by about ±4
// between runs (STACK.md), hence the median of several.
import { launch } from "chrome-launcher";
import lighthouse from "lighthouse";

const args = process.argv.slice(2);
const url = args.find((a) => /^https?:\/\//.test(a));
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
if (!url || !Number.isInteger(runs) || runs < 1) {
  console.error("usage: node scripts/lighthouse.mjs <url> [--runs N]");
  process.exit(2);
}

const CATEGORIES = ["performance", "accessibility", "best-practices"];
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const results = [];
for (let i = 0; i < runs; i++) {
  // A fresh browser per run: no cache, no storage carried over (a first visit).
  const chrome = await launch({
    chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
  });
  try {
    const { lhr } = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: CATEGORIES });
    if (lhr.runtimeError) throw new Error(`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    const audit = (id) => lhr.audits[id]?.numericValue ?? NaN;
    const run = {
      ...Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])),
      lcpMs: Math.round(audit("largest-contentful-paint")),
      tbtMs: Math.round(audit("total-blocking-time")),
      cls: Number(audit("cumulative-layout-shift").toFixed(3)),
      fcpMs: Math.round(audit("first-contentful-paint")),
      scriptKb: Math.round(
        (lhr.audits["network-requests"]?.details?.items ?? [])
          .filter((r) => r.resourceType === "Script")
          .reduce((sum, r) => sum + (r.transferSize ?? 0), 0) / 1024,
      ),
      failing: Object.values(lhr.audits)
        .filter((a) => a.score !== null && a.score < 1 && lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id))
        .map((a) => a.id),
    };
    results.push(run);
    console.error(`run ${i + 1}/${runs}: ${JSON.stringify(run)}`);
  } finally {
    await chrome.kill();
  }
}

const keys = [...CATEGORIES, "lcpMs", "tbtMs", "cls", "fcpMs", "scriptKb"];
console.log(
  JSON.stringify(
    {
      url,
      runs,
      formFactor: "mobile (Lighthouse default: Moto G Power, slow 4G, 4x CPU slowdown)",
      median: Object.fromEntries(keys.map((k) => [k, median(results.map((r) => r[k]))])),
      each: results,
    },
    null,
    2,
  ),
);
