import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

// The message catalogue and each request's language (i18n/request.ts).
const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

const nextConfig: NextConfig = {
  // The custom server in server/ owns the process; Next only renders.
  poweredByHeader: false,
  reactStrictMode: true,
  // Server-only packages used by route handlers through the shared services.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          // Join codes live in URLs: never hand them to another site as a referrer.
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
