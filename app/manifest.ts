import type { MetadataRoute } from "next";

/**
 * The web app manifest (/manifest.webmanifest): participants can add Attune
 * to the home screen and come back to the join page. Colours are the light
 * theme's canvas and accent (app/globals.css). The PNG icons are rendered
 * from app/icon.svg by scripts/icons.mjs. There is deliberately no service
 * worker: a cached live page would be a stale one.
 */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Attune",
    short_name: "Attune",
    description: "Join a live session: prompts from your facilitator, anonymous check-ins.",
    start_url: "/join",
    scope: "/",
    display: "standalone",
    background_color: "#f6f3ee",
    theme_color: "#2f6f6a",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
