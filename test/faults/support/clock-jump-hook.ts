/**
 * Loaded into `herald listen` with `node --import`: each SIGUSR2 moves the wall clock
 * (Date.now) by the next step in HERALD_TEST_CLOCK_JUMPS_MS, the way an NTP correction or a
 * wrong hardware clock after sleep moves it. Timers and the monotonic clock are untouched,
 * as in real life. Says so on stderr, so the test can wait for it.
 */
const steps = (process.env.HERALD_TEST_CLOCK_JUMPS_MS ?? '').split(',').filter(Boolean).map(Number);
const realNow = Date.now.bind(Date);
let offsetMs = 0;

Date.now = () => realNow() + offsetMs;

process.on('SIGUSR2', () => {
  const step = steps.shift() ?? 0;
  offsetMs += step;
  process.stderr.write(`herald-test: clock jumped by ${step} ms\n`);
});
