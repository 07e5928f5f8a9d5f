/**
 * Page-side instruments for the renderer benchmark, as script text (this runs in Chromium,
 * not Node). Times are the page's performance.now(): ms since its navigation started.
 * "Painted" means the frame that shows a change has run its rendering steps: the callback
 * of requestAnimationFrame (before style, layout and paint) schedules a task, which runs
 * after them.
 */

/** The binding the probe's invoke function forwards to (timed, then the app service). */
export const TIMED_INVOKE_BINDING = '__benchInvoke';

/** Installed before the page API script, in every page of the context. */
export const PROBE_SCRIPT = `(() => {
  const bench = { invokes: [], firstRowAt: null, firstPaintAt: null, recording: false, keys: [] };
  window.__bench = bench;
  // The page API's transport looks this function up on every call: time each invoke.
  window.__heraldTestInvoke = (channel, args) => {
    const entry = { channel, start: performance.now(), end: null };
    bench.invokes.push(entry);
    return window.${TIMED_INVOKE_BINDING}(channel, args).then((result) => {
      entry.end = performance.now();
      return result;
    });
  };
  bench.nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => {
    const rafAt = performance.now();
    setTimeout(() => resolve({ rafAt, paintedAt: performance.now() }), 0);
  }));
  bench.idle = () => new Promise((resolve) =>
    requestIdleCallback(() => resolve(performance.now()), { timeout: 5000 }));
  /** The first frame whose rendering starts with check() true, once painted. */
  bench.frameWhere = (check, timeoutMs = 5000) => new Promise((resolve, reject) => {
    const deadline = performance.now() + timeoutMs;
    const onFrame = () => {
      const rafAt = performance.now();
      if (check()) setTimeout(() => resolve({ rafAt, paintedAt: performance.now() }), 0);
      else if (rafAt > deadline) reject(new Error('condition never held'));
      else requestAnimationFrame(onFrame);
    };
    requestAnimationFrame(onFrame);
  });
  new MutationObserver((_, observer) => {
    if (!document.querySelector('[role=option]')) return;
    bench.firstRowAt = performance.now();
    observer.disconnect();
    bench.nextFrame().then(({ paintedAt }) => (bench.firstPaintAt = paintedAt));
  }).observe(document, { childList: true, subtree: true });

  // Keystrokes: keydown's timestamp (when the browser got the key) → the input event and
  // React's urgent render done → the next frame painted → idle again (deferred list filter).
  addEventListener('keydown', (event) => {
    if (bench.recording) bench.keys.push({ at: event.timeStamp, inputDone: null, rafAt: null, paintedAt: null, idleAt: null });
  }, true);
  addEventListener('input', () => {
    const entry = bench.keys[bench.keys.length - 1];
    if (!bench.recording || !entry || entry.inputDone !== null) return;
    // A task posted now runs after this event's task, React's render in it included.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      entry.inputDone = performance.now();
      bench.nextFrame().then(({ rafAt, paintedAt }) => {
        Object.assign(entry, { rafAt, paintedAt });
        bench.idle().then((idleAt) => (entry.idleAt = idleAt));
      });
    };
    channel.port2.postMessage(null);
  }, true);
})();`;

/** Clicks a tab; resolves when the frame showing its first row is painted. */
export const SWITCH_TAB = `async ({ tab, firstId }) => {
  const bench = window.__bench;
  await bench.idle();
  const start = performance.now();
  document.querySelector('[data-tab="' + tab + '"]').click();
  const frame = await bench.frameWhere(() =>
    document.querySelector('#inbox-list [role=option]')?.getAttribute('data-item-id') === firstId);
  return { total: frame.paintedAt - start, frame: frame.paintedAt - frame.rafAt };
}`;

/** Jumps the list to its end (or start); resolves when the frame showing `targetId` is painted. */
export const SCROLL_LIST = `async ({ toEnd, targetId }) => {
  const bench = window.__bench;
  await bench.idle();
  const list = document.getElementById('inbox-list');
  const start = performance.now();
  list.scrollTop = toEnd ? list.scrollHeight : 0;
  const frame = await bench.frameWhere(() => document.querySelector('[data-item-id="' + targetId + '"]') !== null);
  return { total: frame.paintedAt - start, frame: frame.paintedAt - frame.rafAt };
}`;

/** Intervals between animation frames while idle: the display rhythm a change waits for. */
export const FRAME_INTERVALS = `async (count) => {
  const times = [];
  for (let i = 0; i <= count; i++) times.push((await window.__bench.nextFrame()).rafAt);
  return times.slice(1).map((t, i) => t - times[i]);
}`;
