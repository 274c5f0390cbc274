"use client";
import type { Signal } from "@/lib/content";
import type { Pulse } from "@/lib/pulse";

export function PulsePanel({ pulse, palette }: { pulse: Pulse | null; palette: Signal[] }) {
  const maxRecent = Math.max(1, ...palette.map((s) => pulse?.recent[s.key] ?? 0));
  return (
    <section aria-labelledby="pulse-heading" className="space-y-4 rounded-2xl bg-white p-5 shadow-sm">
      <div className="flex items-baseline justify-between">
        <h2 id="pulse-heading" className="text-lg font-semibold">
          Pulse
        </h2>
        <p className="text-sm" data-testid="present">
          <span className="text-2xl font-semibold text-calm-dark">{pulse?.present ?? 0}</span> present
        </p>
      </div>
      <table className="w-full text-sm">
        <caption className="sr-only">Check-ins per signal in the last minute and the whole session</caption>
        <thead>
          <tr className="text-left text-ink/70">
            <th scope="col" className="pb-1 font-medium">
              Signal
            </th>
            <th scope="col" className="pb-1 text-right font-medium">
              Last min
            </th>
            <th scope="col" className="pb-1 text-right font-medium">
              Session
            </th>
          </tr>
        </thead>
        <tbody>
          {palette.map((s) => {
            const recent = pulse?.recent[s.key] ?? 0;
            return (
              <tr key={s.key} className="border-t border-ink/5" data-signal={s.key}>
                <th scope="row" className="py-1.5 text-left font-normal">
                  <span aria-hidden="true">{s.emoji}</span> {s.label}
                  <span aria-hidden="true" className="mt-1 block h-1.5 rounded-full bg-ink/5">
                    <span className="block h-1.5 rounded-full bg-dawn transition-all" style={{ width: `${(recent / maxRecent) * 100}%` }} />
                  </span>
                </th>
                <td className="py-1.5 text-right text-base font-semibold tabular-nums" data-testid={`recent-${s.key}`}>
                  {recent}
                </td>
                <td className="py-1.5 text-right tabular-nums text-ink/80" data-testid={`total-${s.key}`}>
                  {pulse?.total[s.key] ?? 0}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {pulse && <TrendLine pulse={pulse} />}
    </section>
  );
}

function TrendLine({ pulse }: { pulse: Pulse }) {
  const width = 300;
  const height = 60;
  const max = Math.max(1, ...pulse.trend);
  const step = width / Math.max(1, pulse.trend.length - 1);
  const points = pulse.trend.map((n, i) => `${(i * step).toFixed(1)},${(height - (n / max) * (height - 4) - 2).toFixed(1)}`).join(" ");
  const minutes = Math.round((pulse.trend.length * pulse.bucketMs) / 60_000);
  return (
    <figure className="space-y-1">
      {/* Stretched to the panel's width at any size; the stroke keeps its thickness. */}
      <svg viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" className="h-16 w-full" role="img" aria-label={`Check-ins over the last ${minutes} minutes: ${pulse.trend.join(", ")}`}>
        <polyline points={`0,${height} ${points} ${width},${height}`} fill="rgb(47 111 106 / 0.12)" stroke="none" />
        <polyline points={points} fill="none" stroke="#2f6f6a" strokeWidth="2" strokeLinejoin="round" vectorEffect="non-scaling-stroke" />
      </svg>
      <figcaption className="flex justify-between text-xs text-ink/70">
        <span>{minutes} min ago</span>
        <span>{pulse.totalCount} check-ins in all</span>
        <span>now</span>
      </figcaption>
    </figure>
  );
}
