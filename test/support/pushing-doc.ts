/**
 * Request bodies as docs/pushing.md shows them, read from the doc itself, so a test that
 * sends them fails when the doc's example stops being a request the gateway takes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DOC = fileURLToPath(new URL('../../docs/pushing.md', import.meta.url));

/**
 * The JSON body (`-d '…'`) of the first curl example under the doc's heading `heading`
 * (e.g. "### `POST /v1/push`").
 */
export function docRequestBody(heading: string): Record<string, unknown> {
  const doc = readFileSync(DOC, 'utf8');
  const start = doc.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`docs/pushing.md has no heading ${heading}`);
  const example = /```sh\n([\s\S]*?)```/.exec(doc.slice(start))?.[1] ?? '';
  const body = /-d '([\s\S]*?)'\n/.exec(example)?.[1];
  if (body === undefined) throw new Error(`no curl -d '…' example under ${heading}`);
  return JSON.parse(body) as Record<string, unknown>;
}
