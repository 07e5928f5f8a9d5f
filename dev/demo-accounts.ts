/** Accounts the local demo server creates. Throwaway passwords for a loopback-only server. */
export const DEMO_ACCOUNTS = {
  user: { user: 'alice', password: 'alice-demo-password' },
  system: { user: 'notify', password: 'notify-demo-password' },
} as const;
