/**
 * `npm run security:scan`: Doyensec's Electronegativity over the desktop app — the main
 * process, the preload, the core it loads, and both pages' HTML as built (with the CSP <meta>
 * the build adds, dev/csp-meta-plugin.ts) — failing on any finding not explained in EXPLAINED
 * below.
 *
 * Electronegativity's parsers predate ES2022 (class `#private` fields stop them), so the
 * TypeScript is first transpiled to ES2019 (same code, older syntax) into a temp dir.
 * Its online checks are left out: this machine has no internet, and the Electron version is
 * pinned in package.json, so "is there a newer Electron" is a dependency update, not a scan.
 */
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { withCspMeta } from './csp-meta-plugin.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

interface Finding {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string };
  confidence: { name: string };
  manualReview?: boolean;
  description: string;
}

/** Findings reviewed by hand: check id + file → why it is not a problem. */
export const EXPLAINED: Record<string, string> = {
  // The scanner's CSP evaluator asks for a review of any policy; both pages allow only
  // 'self' scripts and styles, nothing inline, no objects, no connections.
  'CSP_GLOBAL_CHECK renderer/index.html':
    'strict self-only policy; asserted by main/windows/security-review.test.ts',
  'CSP_GLOBAL_CHECK renderer/settings.html':
    'strict self-only policy; asserted by main/windows/security-review.test.ts',
  // The header policy is a constant built from a list, which the scanner cannot evaluate.
  'CSP_GLOBAL_CHECK main/windows/web-security.js':
    'same policy as the pages, as a header; asserted by main/windows/security-review.test.ts',
  // main/index.ts creates windows with options from main/windows/window-options.ts, which the scanner
  // cannot follow: sandbox, contextIsolation, no Node, webSecurity, no webview.
  'CONTEXT_ISOLATION_JS_CHECK main/index.js':
    'options from windowOptions(); asserted by main/windows/security-review.test.ts',
  'SANDBOX_JS_CHECK main/index.js':
    'options from windowOptions(); asserted by main/windows/security-review.test.ts',
  // A middle click is a window.open; secureWebContents() denies every new window.
  'AUXCLICK_JS_CHECK main/index.js':
    'setWindowOpenHandler denies all; asserted by main/windows/security-review.test.ts',
  // shell.openExternal is only reached through main/windows/safe-open.ts: http(s), no credentials.
  'OPEN_EXTERNAL_JS_CHECK main/index.js':
    'only via safeOpenExternal(); asserted by main/windows/web-security.test.ts',
};

/** Network-only checks (see the header). */
const OFFLINE_EXCLUDED = ['AvailableSecurityFixesGlobalCheck'];

function transpileTree(sourceDir: string, targetDir: string): void {
  for (const entry of readdirSync(join(ROOT, sourceDir), { withFileTypes: true })) {
    const from = join(sourceDir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'locales') transpileTree(from, targetDir);
      continue;
    }
    if (!/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) continue;
    const output = ts.transpileModule(readFileSync(join(ROOT, from), 'utf8'), {
      compilerOptions: {
        target: ts.ScriptTarget.ES2019,
        module: ts.ModuleKind.ESNext,
        jsx: ts.JsxEmit.ReactJSX,
        rewriteRelativeImportExtensions: true,
      },
      fileName: from,
    }).outputText;
    const to = join(targetDir, from.replace(/\.tsx?$/, '.js'));
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, output);
  }
}

/** Scans the app; `extraFiles` (path → JS) lets a test plant code the scan must catch. */
export async function scan(
  extraFiles: Record<string, string> = {},
): Promise<{ unexplained: Finding[]; explained: Finding[]; errors: unknown[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-scan-'));
  try {
    for (const tree of ['main', 'core', 'shared']) transpileTree(tree, dir);
    for (const [path, source] of Object.entries(extraFiles)) writeFileSync(join(dir, path), source);
    mkdirSync(join(dir, 'renderer'));
    for (const page of ['index.html', 'settings.html']) {
      const source = readFileSync(join(ROOT, 'renderer', page), 'utf8');
      writeFileSync(join(dir, 'renderer', page), withCspMeta(source, page));
    }
    const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    keepScannerOffline();
    const run = require('@doyensec/electronegativity/dist/runner.js') as (
      options: object,
    ) => Promise<{ issues: Finding[]; errors: unknown[] }>;
    const result = await run({
      input: dir,
      isRelative: true,
      isVerbose: true,
      excludeFromScan: OFFLINE_EXCLUDED,
      electronVersionOverride: packageJson.devDependencies.electron,
      parserPlugins: [],
    });
    const key = (f: Finding) =>
      `${f.id} ${f.file.startsWith('/') ? relative(dir, f.file) : f.file}`;
    return {
      unexplained: result.issues.filter((f) => !(key(f) in EXPLAINED)),
      explained: result.issues.filter((f) => key(f) in EXPLAINED),
      errors: result.errors,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The scanner fetches fresh translations over HTTP when it loads; offline its HTTP client then
 * throws from a timer. Its HTTP client is replaced by one that fails at once, which the
 * scanner handles (it keeps its bundled English texts).
 */
function keepScannerOffline(): void {
  const scannerRequire = createRequire(
    require.resolve('@doyensec/electronegativity/dist/runner.js'),
  );
  const offline = () => Promise.reject(new Error('security scan runs offline'));
  offline.head = offline;
  const gotPath = scannerRequire.resolve('got');
  require.cache[gotPath] = {
    id: gotPath,
    filename: gotPath,
    loaded: true,
    exports: offline,
  } as NodeJS.Module;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { unexplained, explained, errors } = await scan();
  for (const f of explained)
    console.log(`explained  ${f.id} ${f.file}: ${EXPLAINED[`${f.id} ${f.file}`]}`);
  for (const f of unexplained) {
    console.log(
      `FINDING    ${f.id} ${f.file}:${f.location.line} [${f.severity.name}/${f.confidence.name}] ${f.description}`,
    );
  }
  if (errors.length) console.log(`parse errors: ${JSON.stringify(errors)}`);
  console.log(
    `electronegativity: ${unexplained.length} unexplained, ${explained.length} explained, ${errors.length} files not parsed`,
  );
  process.exitCode = unexplained.length || errors.length ? 1 : 0;
}
