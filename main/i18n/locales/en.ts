/**
 * English strings of the main process (tray, tooltips, native notifications).
 * The source of truth for the keys: zh-CN.ts must translate every one of them.
 * `{name}` placeholders are filled in by `t()` in ../i18n.ts.
 */
export const en = {
  'app.name': 'Herald',

  'status.unconfigured': 'Not set up',
  'status.connecting': 'Connecting…',
  'status.online': 'Online',
  'status.onlineAs': 'Online as {jid}',
  'status.reconnecting': 'Reconnecting (attempt {attempt})…',
  'status.authFailed': 'Sign-in failed: wrong JID or password',
  'status.error': 'Connection error: {reason}',
  'status.offline': 'Offline',

  'tooltip.unread.zero': 'No unread messages',
  'tooltip.unread.one': '1 unread message',
  'tooltip.unread.many': '{count} unread messages',
  'tooltip.dnd': 'Do not disturb until {time}',

  'menu.openInbox': 'Open Inbox',
  'menu.dnd': 'Do Not Disturb',
  'menu.dnd.until': 'On until {time}',
  'menu.dnd.oneHour': 'For 1 Hour',
  'menu.dnd.tomorrow': 'Until Tomorrow Morning',
  'menu.dnd.off': 'Off',
  'menu.reconnect': 'Reconnect',
  'menu.settings': 'Settings…',
  'menu.startAtLogin': 'Start at Login',
  'menu.quit': 'Quit Herald',

  'notification.hidden.one': 'New message',
  'notification.summary.title': 'Herald',
  'notification.summary.body': '{count} new messages',
  'notification.summary.bodyUrgent': '{count} new messages, some urgent',

  'startup.failedTitle': 'Herald could not start',
  'startup.unknown': 'An unknown error stopped the start-up.',
  'startup.failed': 'An error stopped the start-up.',
  'startup.dataFolder': 'Herald cannot write to its data folder ({reason}).',
  'startup.systemError': 'The system refused what Herald needs to start ({reason}).',
  'startup.reasonUnknown': 'reason unknown',
  'startup.logHint': 'Details are in the log file, main.log.',

  'dialog.caFile.title': 'CA certificate of your server',
  'dialog.caFile.certificates': 'Certificates (PEM)',
  'dialog.caFile.all': 'All files',
} as const;

export type MessageKey = keyof typeof en;
