/** Date formatting shared by rows and the detail pane (the locale follows the UI language). */

/** "27 Nov, 16:00"; the year only when it is not this year's. */
export function formatDateTime(at: number, locale: string, now: number): string {
  const sameYear = new Date(at).getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(locale, {
    year: sameYear ? undefined : 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(at));
}

/** Full date and time for the detail pane. */
export function formatFullDateTime(at: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(
    new Date(at),
  );
}

/** "12:04" (24-hour) today, else with the date, for the one-line notes on an item. */
export function formatWhen(at: number, locale: string, now: number): string {
  const today = new Date(at).toDateString() === new Date(now).toDateString();
  if (!today) return formatDateTime(at, locale, now);
  return new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(at));
}
