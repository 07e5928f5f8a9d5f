/**
 * Builds the three parts of the desktop app into out/: main (ESM, dependencies left in
 * node_modules), the preload (one sandboxed CommonJS file: a sandboxed preload can require
 * nothing but `electron`), and the renderer (static files loaded from file://).
 */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { cspMetaPlugin } from './dev/csp-meta-plugin.ts';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Bundle everything (the contract's channel names included) into one file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('main/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    // Relative asset URLs: the page is loaded from file:// in the packaged app.
    base: './',
    // The strict CSP <meta> goes into the built pages only (dev/csp-meta-plugin.ts).
    plugins: [react(), cspMetaPlugin()],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the renderer unminified; minified it parses faster at startup.
      minify: true,
      // Two windows: the inbox (index.html) and settings (settings.html), sharing chunks.
      rollupOptions: {
        input: {
          index: resolve('renderer/index.html'),
          settings: resolve('renderer/settings.html'),
        },
      },
    },
  },
});
