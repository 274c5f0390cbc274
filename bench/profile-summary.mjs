/**
 * Sums a V8 CPU profile (from `BENCH_CPU_PROF=attune`, or `node --cpu-prof`):
 * self time per package or file, self time per function, and inclusive time
 * per function (optionally only functions whose name or file contains a word).
 *
 *   node bench/profile-summary.mjs CPU.….cpuprofile [top=30] [word]
 *
 * A bench phase writes two profiles: its main thread and tsx's loader thread
 * (almost all idle); the main thread's is the larger file.
 */
import fs from "node:fs";

const [file, topArg, word] = process.argv.slice(2);
if (!file) {
  process.stderr.write("usage: node bench/profile-summary.mjs <file.cpuprofile> [top] [word]\n");
  process.exit(2);
}
const top = Number(topArg ?? 30);
const profile = JSON.parse(fs.readFileSync(file, "utf8"));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map();
for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n.id);

const short = (url) =>
  (url || "(native)").replace(/^file:\/\//, "").replace(/.*node_modules\//, "nm/").replace(`${process.cwd()}/`, "");
const nameOf = (n) => `${n.callFrame.functionName || "(anon)"} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
const packageOf = (n) => short(n.callFrame.url).replace(/^nm\/((@[^/]+\/)?[^/]+).*/, "nm/$1");
const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);

const selfById = new Map();
profile.samples.forEach((id, i) => add(selfById, id, profile.timeDeltas[i] ?? 0));
const byPackage = new Map();
const byFunction = new Map();
const inclusive = new Map();
let total = 0;
for (const [id, us] of selfById) {
  const node = nodes.get(id);
  total += us;
  add(byFunction, nameOf(node), us);
  add(byPackage, packageOf(node), us);
  const seen = new Set();
  for (let at = id; at !== undefined; at = parentOf.get(at)) {
    const name = nameOf(nodes.get(at));
    if (!seen.has(name)) seen.add(name) && add(inclusive, name, us);
  }
}

function show(title, map) {
  console.log(`\n== ${title} (of ${(total / 1e3).toFixed(0)} ms sampled)`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(us / 1e3).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${key}`);
  }
}
show("self, by package or file", byPackage);
show("self, by function", byFunction);
show(word ? `inclusive, functions matching "${word}"` : "inclusive", word ? new Map([...inclusive].filter(([k]) => k.includes(word))) : inclusive);
