#!/usr/bin/env node
// Renders Attune's PNG icons from app/icon.svg with the system Chromium
// (scripts/find-chromium.ts), so they can be made again when the mark changes:
//   node scripts/icons.mjs
// Writes:
//   public/icons/icon-192.png, icon-512.png  the round mark, transparent corners (manifest, purpose "any")
//   public/icons/maskable-512.png            full bleed, the mark inside the safe circle (purpose "maskable")
//   app/apple-icon.png                        180 px, full bleed (iOS rounds the corners itself)
//   app/favicon.ico                           16, 32 and 48 px PNGs in one .ico, for /favicon.ico
// app/manifest.ts names the manifest's files; app/icon.svg is linked as it is.
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { tsImport } from "tsx/esm/api";

const { findChromium, HOW_TO_GET_CHROMIUM } = await tsImport("./find-chromium.ts", import.meta.url);

const root = path.resolve(import.meta.dirname, "..");
const svg = fs.readFileSync(path.join(root, "app/icon.svg"), "utf8");

/**
 * The mark on a full square of its background colour: the round icon's first
 * circle is its background; what follows it is the mark, scaled about the
 * centre. At 1.1 the mark's outer edge stays within 72% of the radius, inside
 * the maskable safe zone (80%).
 */
function fullBleed(source, scale = 1.1) {
  const background = source.match(/<circle[^>]*\br="32"[^>]*fill="(#[0-9a-f]{3,6})"[^>]*\/>/i);
  if (!background) throw new Error("app/icon.svg: expected its first shape to be the background circle (r=\"32\" with a fill)");
  const mark = source.slice(source.indexOf(background[0]) + background[0].length, source.lastIndexOf("</svg>"));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="${background[1]}"/>` +
    `<g transform="translate(32 32) scale(${scale}) translate(-32 -32)">${mark}</g></svg>`
  );
}

const round = svg;
const square = fullBleed(svg);

const executablePath = findChromium();
if (!executablePath) {
  console.error(HOW_TO_GET_CHROMIUM);
  process.exit(1);
}
const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });

/** One PNG of `source` at size×size, transparent where the SVG draws nothing. */
async function render(source, size) {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
  const src = `data:image/svg+xml;base64,${Buffer.from(source).toString("base64")}`;
  await page.setContent(`<html><body style="margin:0;background:transparent"><img src="${src}" width="${size}" height="${size}" style="display:block"></body></html>`);
  await page.locator("img").evaluate((img) => img.decode());
  const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  await page.close();
  return png;
}

/** An .ico holding PNG images (Windows Vista onwards and every browser read these). */
function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, entry);
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt8(0, entry + 2); // no palette
    header.writeUInt8(0, entry + 3);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

function write(file, data) {
  const target = path.join(root, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, data);
  console.log(`${file} (${data.length} bytes)`);
}

try {
  write("public/icons/icon-192.png", await render(round, 192));
  write("public/icons/icon-512.png", await render(round, 512));
  write("public/icons/maskable-512.png", await render(square, 512));
  write("app/apple-icon.png", await render(square, 180));
  const favicons = [];
  for (const size of [16, 32, 48]) favicons.push({ size, png: await render(round, size) });
  write("app/favicon.ico", ico(favicons));
} finally {
  await browser.close();
}
