/**
 * The phone route's JavaScript (/j/[code]) in the production build, gzipped:
 * what Next.js and React cost on every page, and what Attune adds; and proof
 * that the phone ships none of the console's code.
 *
 * Read from the build's own manifests in .next (no server needed):
 * - the route's build manifest: the root main files every App Router page
 *   loads (React, React DOM, Next's router and Turbopack's runtime): Next.js's
 *   share; the polyfills load only in browsers without modules and are left out;
 * - its client reference manifest: the chunks of the root layout and the page
 *   (entryJSFiles), and which client module lives in which chunk (clientModules);
 * - chunks loaded later with import() (the phone's Socket.IO client): every
 *   chunk file named inside a chunk that the route loads, followed to the end.
 * A chunk is Next.js's when each client module placed in it comes from
 * node_modules/next, React or Turbopack; the rest is Attune's (its own code and
 * the libraries it chose: Socket.IO's client, next-intl).
 *
 *   npx tsx bench/page-weight.ts          # the figures as JSON
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export interface ChunkWeight {
  file: string;
  bytes: number;
  gzipBytes: number;
  owner: "next" | "attune";
  /** Loaded after the page started (import()), not named in its HTML. */
  lazy: boolean;
}

export interface PageWeight {
  route: string;
  buildId: string;
  builtAt: string;
  /** Everything the phone loads, gzipped, KB (1,000 bytes). */
  totalGzipKb: number;
  nextGzipKb: number;
  attuneGzipKb: number;
  /** Of the total: what loads only after the page started (import()). */
  lazyGzipKb: number;
  chunks: ChunkWeight[];
  /** Client modules of the phone route that belong to the console or draw charts (must be none). */
  consoleModules: string[];
  /** Chunks holding a console client component, found among the phone's (must be none). */
  consoleChunks: string[];
}

const PHONE_ROUTE = "/j/[code]/page";
const NEXT_MODULE = /\/node_modules\/(next|react|react-dom|scheduler|@swc\/helpers)\//;
const CONSOLE_MODULE = /\/app\/console\/|chart|recharts|d3-|visx|chart\.js/i;

function readManifest(root: string, route: string): { entryJSFiles: Record<string, string[]>; clientModules: Record<string, { chunks: string[] }> } | null {
  const file = path.join(root, ".next/server/app", `${route}_client-reference-manifest.js`);
  if (!fs.existsSync(file)) return null;
  const text = fs.readFileSync(file, "utf8");
  const json = text.slice(text.indexOf("] = ") + 4).replace(/;\s*$/, "");
  return JSON.parse(json);
}

/** Every route of the app router with a client reference manifest, as "/console/s/[id]/page". */
function routes(root: string): string[] {
  const base = path.join(root, ".next/server/app");
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith("_client-reference-manifest.js")) out.push("/" + path.relative(base, full).replace(/_client-reference-manifest\.js$/, ""));
    }
  };
  if (fs.existsSync(base)) walk(base);
  return out;
}

const normal = (chunk: string) => chunk.replace(/^\/_next\//, "").replace(/^\//, "");

/** A route's chunks: its root main files, its layout's and page's entry chunks, and what they import() later. */
function chunksOf(root: string, route: string, rootMain: string[]): { eager: Set<string>; lazy: Set<string> } | null {
  const manifest = readManifest(root, route);
  if (!manifest) return null;
  const eager = new Set(rootMain);
  const pageKey = `[project]/app${route.replace(/\/page$/, "/page")}`;
  for (const [entry, files] of Object.entries(manifest.entryJSFiles)) {
    // The root layout and this route's own segments (layouts and the page).
    const segment = entry.replace(/^\[project\]\/app/, "");
    const own = entry === "[project]/app/layout" || entry === pageKey || (segment.endsWith("/layout") && route.startsWith(segment.replace(/\/layout$/, "/")));
    if (own) for (const f of files) eager.add(normal(f));
  }
  const lazy = new Set<string>();
  const queue = [...eager];
  while (queue.length) {
    const file = path.join(root, ".next", queue.pop()!);
    if (!fs.existsSync(file)) continue;
    for (const m of fs.readFileSync(file, "utf8").matchAll(/static\/chunks\/[A-Za-z0-9_.~-]+\.js/g)) {
      if (!eager.has(m[0]) && !lazy.has(m[0])) {
        lazy.add(m[0]);
        queue.push(m[0]);
      }
    }
  }
  return { eager, lazy };
}

export function phoneRouteWeight(root: string): PageWeight | null {
  const buildIdFile = path.join(root, ".next/BUILD_ID");
  const routeBuild = path.join(root, ".next/server/app", PHONE_ROUTE, "build-manifest.json");
  if (!fs.existsSync(buildIdFile) || !fs.existsSync(routeBuild)) return null;
  const rootMain: string[] = JSON.parse(fs.readFileSync(routeBuild, "utf8")).rootMainFiles ?? [];
  const phone = chunksOf(root, PHONE_ROUTE, rootMain);
  const manifest = readManifest(root, PHONE_ROUTE);
  if (!phone || !manifest) return null;

  // Which client modules each chunk holds, from the phone route's manifest.
  const modulesIn = new Map<string, string[]>();
  for (const [module, { chunks }] of Object.entries(manifest.clientModules)) {
    for (const c of chunks) modulesIn.set(normal(c), [...(modulesIn.get(normal(c)) ?? []), module]);
  }
  const owner = (file: string): "next" | "attune" => {
    if (rootMain.includes(file)) return "next";
    const modules = modulesIn.get(file);
    return modules && modules.length > 0 && modules.every((m) => NEXT_MODULE.test(m)) ? "next" : "attune";
  };

  const chunks: ChunkWeight[] = [];
  for (const [set, lazy] of [
    [phone.eager, false],
    [phone.lazy, true],
  ] as const) {
    for (const file of set) {
      const full = path.join(root, ".next", file);
      if (!fs.existsSync(full)) continue;
      const bytes = fs.readFileSync(full);
      chunks.push({ file, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length, owner: owner(file), lazy });
    }
  }
  const kb = (list: ChunkWeight[]) => Math.round(list.reduce((s, c) => s + c.gzipBytes, 0) / 100) / 10;

  // A client module's chunks are all that loading it takes (shared ones too): a
  // console chunk is one that console modules need and no other module does.
  const consoleFiles = new Set<string>();
  const otherFiles = new Set<string>();
  for (const route of routes(root)) {
    for (const [module, { chunks: files }] of Object.entries(readManifest(root, route)?.clientModules ?? {})) {
      for (const f of files) (CONSOLE_MODULE.test(module) ? consoleFiles : otherFiles).add(normal(f));
    }
  }
  for (const f of otherFiles) consoleFiles.delete(f);
  const phoneFiles = new Set([...phone.eager, ...phone.lazy]);

  return {
    route: "/j/[code]",
    buildId: fs.readFileSync(buildIdFile, "utf8").trim(),
    builtAt: fs.statSync(buildIdFile).mtime.toISOString(),
    totalGzipKb: kb(chunks),
    nextGzipKb: kb(chunks.filter((c) => c.owner === "next")),
    attuneGzipKb: kb(chunks.filter((c) => c.owner === "attune")),
    lazyGzipKb: kb(chunks.filter((c) => c.lazy)),
    chunks,
    consoleModules: Object.keys(manifest.clientModules).filter((m) => CONSOLE_MODULE.test(m)),
    consoleChunks: [...consoleFiles].filter((f) => phoneFiles.has(f)),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  process.stdout.write(`${JSON.stringify(phoneRouteWeight(root), null, 2)}\n`);
}
