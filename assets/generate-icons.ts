/**
 * Writes every icon of the app into assets/ (see icons.ts for what they look like).
 * Run after changing icons.ts and commit the output with it:
 *
 *   node assets/generate-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allIcons } from './icons.ts';

const folder = import.meta.dirname;
for (const [name, bytes] of allIcons()) {
  writeFileSync(join(folder, name), bytes);
  console.log(`${name}\t${bytes.length} bytes`);
}
