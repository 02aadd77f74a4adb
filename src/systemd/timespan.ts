/**
 * Time spans (systemd.time(7)): `90`, `1min 30s`, `12min`, `2h`, `infinity`.
 * Returns seconds, null for infinity, undefined for text systemd would reject.
 */
const UNIT_SECONDS: Record<string, number> = {
  usec: 1e-6, us: 1e-6, 'µs': 1e-6, μs: 1e-6,
  msec: 1e-3, ms: 1e-3,
  seconds: 1, second: 1, sec: 1, s: 1,
  minutes: 60, minute: 60, min: 60, m: 60,
  hours: 3600, hour: 3600, hr: 3600, h: 3600,
  days: 86400, day: 86400, d: 86400,
  weeks: 604800, week: 604800, w: 604800,
  months: 2629800, month: 2629800, M: 2629800,
  years: 31557600, year: 31557600, y: 31557600,
};

const PART = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-zA-Zµμ]*)/;

export function parseTimespan(text: string): number | null | undefined {
  const t = text.trim();
  if (t === 'infinity') return null;
  if (t === '') return undefined;
  let rest = t;
  let total = 0;
  let parts = 0;
  while (rest.trim() !== '') {
    const m = PART.exec(rest);
    if (!m) return undefined;
    const n = Number(m[1]);
    const unit = m[2]!;
    // A bare number means seconds, but only alone or as the last part.
    const factor = unit === '' ? 1 : UNIT_SECONDS[unit];
    if (factor === undefined) return undefined;
    total += n * factor;
    parts++;
    rest = rest.slice(m[0].length);
  }
  return parts > 0 ? total : undefined;
}

/** For timeouts: 0 and infinity both mean "no timeout". */
export function parseTimeout(text: string): number | null | undefined {
  const s = parseTimespan(text);
  return s === 0 ? null : s;
}

export function formatDuration(sec: number): string {
  if (sec % 3600 === 0 && sec >= 3600) return `${sec / 3600} h`;
  if (sec % 60 === 0 && sec >= 60) return `${sec / 60} min`;
  return `${sec} s`;
}
