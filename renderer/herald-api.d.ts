import type { HeraldApi } from '../core/desktop-api.ts';

declare global {
  interface Window {
    /** Exposed by main/preload: the renderer's only way to the main process. */
    readonly herald: HeraldApi;
  }
}
