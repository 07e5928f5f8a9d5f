/** Vite bundles imported stylesheets into a linked file (CSP: style-src self). */
declare module '*.css';
