/**
 * .github/workflows/desktop.yml cannot run here (no Electron download, no GitHub runner), so
 * its shape is checked instead: valid YAML, the three desktop OSes, and the steps in order —
 * install Electron, build, the _electron suite required to run (xvfb on Linux), package,
 * upload the installers.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
// js-yaml is electron-builder's own YAML reader (hoisted into node_modules; no types needed).
const yaml = require('js-yaml') as { load(text: string): unknown };

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<
    string,
    {
      'runs-on': string;
      strategy: { 'fail-fast': boolean; matrix: { os: string[] } };
      env: Record<string, string>;
      steps: Step[];
    }
  >;
}

const workflow = yaml.load(
  readFileSync(join(ROOT, '.github', 'workflows', 'desktop.yml'), 'utf8'),
) as Workflow;
const job = workflow.jobs.desktop!;
const steps = job.steps;

/** Index of the first step matching, failing the test when there is none. */
function stepIndex(match: (step: Step) => boolean, what: string): number {
  const index = steps.findIndex(match);
  expect(index, `no step: ${what}`).toBeGreaterThanOrEqual(0);
  return index;
}

describe('.github/workflows/desktop.yml', () => {
  it('runs on Linux, Windows and macOS, each to the end', () => {
    expect(job.strategy.matrix.os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest']);
    expect(job['runs-on']).toBe('${{ matrix.os }}');
    expect(job.strategy['fail-fast']).toBe(false);
    expect(Object.keys(workflow.on)).toEqual(
      expect.arrayContaining(['push', 'pull_request', 'workflow_dispatch']),
    );
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('requires the _electron suite to run: a skip is a failure there', () => {
    expect(job.env.HERALD_REQUIRE_ELECTRON).toBe('1');
  });

  it('checks out, sets up Node 24 and installs with npm ci', () => {
    expect(steps[0]!.uses).toMatch(/^actions\/checkout@v\d+$/);
    expect(steps[1]!.uses).toMatch(/^actions\/setup-node@v\d+$/);
    expect(steps[1]!.with).toMatchObject({ 'node-version': 24 });
    expect(steps[2]!.run).toBe('npm ci --no-audit --no-fund');
  });

  it('installs Electron, builds, runs the suite (under xvfb on Linux), packages, uploads — in order', () => {
    const install = stepIndex((s) => s.run === 'node dev/ensure-electron.ts', 'install Electron');
    const build = stepIndex((s) => s.run === 'npm run build', 'build');
    const linuxSuite = stepIndex(
      (s) => s.run === 'xvfb-run -a npx vitest run e2e/electron.test.ts',
      'the suite under xvfb',
    );
    const otherSuite = stepIndex(
      (s) => s.run === 'npx vitest run e2e/electron.test.ts',
      'the suite on Windows and macOS',
    );
    expect(steps[linuxSuite]!.if).toBe("runner.os == 'Linux'");
    expect(steps[otherSuite]!.if).toBe("runner.os != 'Linux'");
    const sandbox = stepIndex(
      (s) => /apparmor_restrict_unprivileged_userns=0/.test(s.run ?? ''),
      'userns on Linux',
    );
    expect(steps[sandbox]!.if).toBe("runner.os == 'Linux'");
    const packaging = stepIndex(
      (s) => s.run === 'npx electron-builder --publish never',
      'electron-builder',
    );
    const upload = stepIndex((s) => /^actions\/upload-artifact@v\d+$/.test(s.uses ?? ''), 'upload');
    expect(install).toBeGreaterThan(2);
    expect(build).toBeGreaterThan(install);
    expect(sandbox).toBeGreaterThan(build);
    expect(linuxSuite).toBeGreaterThan(sandbox);
    expect(otherSuite).toBeGreaterThan(build);
    expect(packaging).toBeGreaterThan(Math.max(linuxSuite, otherSuite));
    expect(upload).toBeGreaterThan(packaging);
  });

  it('uploads every installer electron-builder.yml makes, and fails when there is none', () => {
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    const paths = String(upload.with!.path).trim().split('\n');
    expect(paths).toEqual(['dist/*.exe', 'dist/*.dmg', 'dist/*.AppImage', 'dist/*.deb']);
    expect(upload.with!['if-no-files-found']).toBe('error');
    expect(upload.with!.name).toBe('herald-${{ runner.os }}');
  });
});
