"use client";
import QRCode from "qrcode";
import { useMemo } from "react";

/**
 * A QR code drawn as one SVG path from the qrcode library's module matrix.
 * Dark on white in both themes, on purpose: phone cameras read a light quiet
 * zone around dark modules, and some refuse the inverse.
 */
export function QrCode({ value, label, className }: { value: string; label: string; className?: string }) {
  const { size, path } = useMemo(() => {
    const qr = QRCode.create(value, { errorCorrectionLevel: "M" });
    const n = qr.modules.size;
    let d = "";
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (qr.modules.get(x, y)) d += `M${x + 4} ${y + 4}h1v1h-1z`;
    return { size: n + 8, path: d };
  }, [value]);
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${size} ${size}`} className={className} shapeRendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#1f2a2e" />
    </svg>
  );
}
