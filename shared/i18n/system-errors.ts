/**
 * What the operating system said, in the user's words. A detail that main passes on (a Node
 * error message, or a login item's refusal) starts with its code, `EACCES: permission denied,
 * open '/x'`: the code is worded here, the raw text stays a detail to show smaller or log.
 */
import type { Language } from '../../core/desktop-api.ts';

export const SYSTEM_ERROR_TEXTS = {
  en: {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'it is on a read-only file system',
    ENOENT: 'it does not exist',
    ENOTDIR: 'a part of the path is not a folder',
    EISDIR: 'it is a folder, not a file',
    EEXIST: 'something with that name is in the way',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EBUSY: 'it is in use',
    EMFILE: 'too many files are open',
    EIO: 'the disk could not be read or written',
    'login-item.requires-approval':
      'macOS needs your approval (System Settings → General → Login Items, then turn Herald on)',
    'login-item.not-enabled': 'the system did not turn the login item on',
  },
  'zh-CN': {
    EACCES: '权限不足',
    EPERM: '不允许此操作',
    EROFS: '它位于只读文件系统上',
    ENOENT: '它不存在',
    ENOTDIR: '路径中有一部分不是文件夹',
    EISDIR: '这是文件夹，不是文件',
    EEXIST: '已有同名的文件或文件夹挡住了路径',
    ENOSPC: '磁盘已满',
    EDQUOT: '磁盘配额已用完',
    EBUSY: '它正在被使用',
    EMFILE: '打开的文件太多',
    EIO: '无法读写磁盘',
    'login-item.requires-approval':
      'macOS 需要您的批准（系统设置 → 通用 → 登录项，然后打开 Herald）',
    'login-item.not-enabled': '系统没有打开登录项',
  },
} as const satisfies Readonly<Record<Language, Readonly<Record<string, string>>>>;

export type SystemErrorCode = keyof (typeof SYSTEM_ERROR_TEXTS)['en'];

export function isSystemErrorCode(code: unknown): code is SystemErrorCode {
  return typeof code === 'string' && Object.hasOwn(SYSTEM_ERROR_TEXTS.en, code);
}

/** The code a detail starts with (`EACCES: …`), when it is one worded here. */
export function systemErrorCodeOf(detail: string): SystemErrorCode | null {
  const code = /^([\w.-]+):/.exec(detail)?.[1];
  return isSystemErrorCode(code) ? code : null;
}

/** The worded code of an error (its `code`, as Node sets it), when it is one worded here. */
export function systemErrorCodeOfError(error: unknown): SystemErrorCode | null {
  const code = (error as { code?: unknown } | null)?.code;
  return isSystemErrorCode(code) ? code : null;
}

export function systemErrorText(language: Language, code: SystemErrorCode): string {
  return SYSTEM_ERROR_TEXTS[language][code];
}

/**
 * A detail for a sentence: the worded code when it starts with one, and the raw text to show
 * beside it (null when the detail has no code worded here: then it is the phrase itself).
 */
export function wordedDetail(
  language: Language,
  detail: string,
): { phrase: string; raw: string | null } {
  const code = systemErrorCodeOf(detail);
  return code
    ? { phrase: systemErrorText(language, code), raw: detail }
    : { phrase: detail, raw: null };
}
