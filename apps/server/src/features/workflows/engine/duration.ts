const PARTS = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Milliseconds in an ISO-8601 duration of days, hours, minutes and seconds (P30D, PT4H, P1DT12H). */
export function durationMs(duration: string): number {
  const m = PARTS.exec(duration);
  if (!m) throw new Error(`Not a duration: ${duration}`);
  const [d, h, min, s] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number];
  return (((d * 24 + h) * 60 + min) * 60 + s) * 1000;
}
