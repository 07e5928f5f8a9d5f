/**
 * Fails when an installed package differs from the version Herald's patches on it were
 * written for, and lists the patches to re-check: each relies on the library's internals,
 * which any release may change without notice (and one, encodeSaslAsUtf8, must go when the
 * fix it stands in for ships). Re-check each listed patch against the new release (its
 * header says what it relies on), then update its `writtenFor`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { XMPP_PATCHES } from './index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The client every patch was written against; its version is checked whatever they list. */
const CLIENT = { name: '@xmpp/client', version: '0.14.0' };

/** The installed version, as the client resolves it (its own node_modules first). */
function installedVersion(name: string): string | undefined {
  const candidates = [
    `${ROOT}node_modules/@xmpp/client/node_modules/${name}/package.json`,
    `${ROOT}node_modules/${name}/package.json`,
  ];
  const file = candidates.find((candidate) => existsSync(candidate));
  if (!file) return undefined;
  return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version;
}

describe('the installed @xmpp packages', () => {
  it('are the versions the patches in core/xmpp-patches/ were written for', () => {
    const expected = new Map<string, string>([[CLIENT.name, CLIENT.version]]);
    for (const patch of XMPP_PATCHES)
      for (const [name, version] of Object.entries(patch.writtenFor)) expected.set(name, version);

    const outdated: string[] = [];
    for (const [name, version] of expected) {
      const installed = installedVersion(name);
      if (installed === version) continue;
      const patches = XMPP_PATCHES.filter((patch) => patch.writtenFor[name] !== undefined).map(
        (patch) => `${patch.name} (${patch.kind}; ${patch.upstream})`,
      );
      const toCheck = name === CLIENT.name ? ['all of them'] : patches;
      outdated.push(
        `${name} is ${installed ?? 'not installed'}, the patches were written for ${version}; ` +
          `re-check: ${toCheck.join(', ')}`,
      );
    }
    expect(outdated, outdated.join('\n')).toEqual([]);
  });
});
