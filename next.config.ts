import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The custom server in server/ owns the process; Next only renders.
  poweredByHeader: false,
  reactStrictMode: true,
  // Server-only packages used by route handlers through the shared services.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3"],
};

export default nextConfig;
