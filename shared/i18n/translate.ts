/**
 * The one `{name}` translator of main and the renderer. Pure, no Node, no DOM: both processes
 * import it as a value (the renderer's only value import outside renderer/).
 */

export type MessageParams = Readonly<Record<string, string | number>>;

/** `template` with each `{name}` filled from `params` as plain text; unknown ones stay visible. */
export function fillPlaceholders(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** The `{name}` placeholders of a template, sorted: translations must keep the same ones. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();
}
