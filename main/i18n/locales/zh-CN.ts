/** Simplified Chinese strings of the main process: the same keys as en.ts (the compiler checks). */
import type { MessageKey } from './en.ts';

export const zhCN: Record<MessageKey, string> = {
  'app.name': 'Herald',

  'status.unconfigured': '尚未设置',
  'status.connecting': '正在连接…',
  'status.online': '在线',
  'status.onlineAs': '在线：{jid}',
  'status.reconnecting': '正在重新连接（第 {attempt} 次）…',
  'status.authFailed': '登录失败：JID 或密码错误',
  'status.error': '连接错误：{reason}',
  'status.offline': '离线',

  'tooltip.unread.zero': '没有未读消息',
  'tooltip.unread.one': '1 条未读消息',
  'tooltip.unread.many': '{count} 条未读消息',
  'tooltip.dnd': '免打扰至 {time}',

  'menu.openInbox': '打开收件箱',
  'menu.dnd': '免打扰',
  'menu.dnd.until': '已开启，至 {time}',
  'menu.dnd.oneHour': '1 小时',
  'menu.dnd.tomorrow': '直到明天早上',
  'menu.dnd.off': '关闭',
  'menu.reconnect': '重新连接',
  'menu.settings': '设置…',
  'menu.startAtLogin': '登录时启动',
  'menu.quit': '退出 Herald',

  'notification.hidden.one': '新消息',
  'notification.summary.title': 'Herald',
  'notification.summary.body': '{count} 条新消息',
  'notification.summary.bodyUrgent': '{count} 条新消息，其中有紧急消息',

  'startup.failedTitle': 'Herald 无法启动',
  'startup.unknown': '启动时发生未知错误。',
  'startup.failed': '启动时发生错误。',
  'startup.dataFolder': 'Herald 无法写入其数据文件夹（{reason}）。',
  'startup.systemError': '系统拒绝了 Herald 启动所需的操作（{reason}）。',
  'startup.reasonUnknown': '原因不明',
  'startup.logHint': '详细信息见日志文件 main.log。',

  'dialog.caFile.title': '服务器的 CA 证书',
  'dialog.caFile.certificates': '证书（PEM）',
  'dialog.caFile.all': '所有文件',
};
