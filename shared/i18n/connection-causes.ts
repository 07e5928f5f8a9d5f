/**
 * What lies behind a connection problem, when Herald knows it: an OS code (ECONNRESET…), a
 * certificate verdict (CERT_HAS_EXPIRED…), or an XMPP condition (RFC 6120 §6.5 SASL, §4.9.3
 * stream). core/connection-errors.ts sets the cause; the windows and the tray word it here,
 * where the CLI and the logs keep the library's own message.
 */
import type { Language } from '../../core/desktop-api.ts';

export const CAUSE_TEXTS = {
  en: {
    ECONNRESET: 'the connection was reset',
    ECONNREFUSED: 'nothing accepts connections on that port',
    ETIMEDOUT: 'the server did not answer in time',
    EHOSTUNREACH: 'there is no route to the server',
    ENETUNREACH: 'the network is unreachable',
    ENOTFOUND: 'no such host name',
    EAI_AGAIN: 'the name server did not answer; try again later',
    EPIPE: 'the server closed the connection while Herald was writing',

    DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
    SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in a self-signed certificate',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the authority that signed the certificate is not known here',
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate of its issuer is not on this computer',
    CERT_HAS_EXPIRED: 'the certificate has expired',
    CERT_NOT_YET_VALID: 'the certificate is not valid yet',
    ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is for another server name',
    CERT_UNTRUSTED: 'the certificate is not trusted',
    CERT_REVOKED: 'the certificate has been revoked',

    'sasl:aborted': 'the login was aborted',
    'sasl:account-disabled': 'the account is disabled',
    'sasl:credentials-expired': 'the password has expired',
    'sasl:encryption-required': 'the server wants an encrypted connection for this login',
    'sasl:incorrect-encoding': 'the server could not decode the login',
    'sasl:invalid-authzid': 'the account name is not valid for this login',
    'sasl:invalid-mechanism': 'the server does not offer this login method',
    'sasl:malformed-request': 'the server could not read the login request',
    'sasl:mechanism-too-weak': 'the server wants a stronger login method',
    'sasl:temporary-auth-failure': 'the server cannot check logins right now; try again later',

    'stream:bad-format': 'the server could not read what Herald sent',
    'stream:bad-namespace-prefix': 'the server did not accept the data Herald sent',
    'stream:conflict': 'another client signed in with the same account and resource',
    'stream:connection-timeout': 'the server closed an idle connection',
    'stream:host-gone': 'the server no longer serves this domain',
    'stream:host-unknown': 'the server does not serve this domain',
    'stream:improper-addressing': 'the server refused how the data was addressed',
    'stream:internal-server-error': 'the server had an internal error',
    'stream:invalid-from': 'the server refused the sender address',
    'stream:invalid-namespace': 'the server did not accept the data Herald sent',
    'stream:invalid-xml': 'the server refused invalid XML',
    'stream:not-authorized': 'the server wants a login first',
    'stream:not-well-formed': 'the server received malformed XML',
    'stream:policy-violation': "the server's policy refused the connection",
    'stream:remote-connection-failed': 'the server could not reach a server it depends on',
    'stream:reset': 'the server reset the session',
    'stream:resource-constraint': 'the server is short of resources',
    'stream:restricted-xml': 'the server refused restricted XML',
    'stream:see-other-host': 'the server asked Herald to connect to another host',
    'stream:system-shutdown': 'the server is shutting down',
    'stream:unsupported-encoding': 'the server does not support the encoding',
    'stream:unsupported-feature': 'the server lacks a feature Herald needs',
    'stream:unsupported-stanza-type': 'the server does not support a kind of data Herald sent',
    'stream:unsupported-version': 'the server does not support this XMPP version',

    // Anything else: the sentence says so, and the message itself is shown beside it.
    unknown: 'unrecognized error',
  },
  'zh-CN': {
    ECONNRESET: '连接被重置',
    ECONNREFUSED: '该端口不接受连接',
    ETIMEDOUT: '服务器未及时响应',
    EHOSTUNREACH: '没有通往服务器的网络路由',
    ENETUNREACH: '网络不可达',
    ENOTFOUND: '该主机名不存在',
    EAI_AGAIN: '域名服务器暂时没有响应，请稍后重试',
    EPIPE: '发送数据时服务器关闭了连接',

    DEPTH_ZERO_SELF_SIGNED_CERT: '证书是自签名的',
    SELF_SIGNED_CERT_IN_CHAIN: '证书链的根是一个自签名证书',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: '本机不认识签发该证书的机构',
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: '本机上没有签发机构的证书',
    CERT_HAS_EXPIRED: '证书已过期',
    CERT_NOT_YET_VALID: '证书尚未生效',
    ERR_TLS_CERT_ALTNAME_INVALID: '证书属于另一个服务器名称',
    CERT_UNTRUSTED: '证书不受信任',
    CERT_REVOKED: '证书已被吊销',

    'sasl:aborted': '登录被中止',
    'sasl:account-disabled': '该账户已被停用',
    'sasl:credentials-expired': '密码已过期',
    'sasl:encryption-required': '服务器要求以加密连接登录',
    'sasl:incorrect-encoding': '服务器无法解码登录信息',
    'sasl:invalid-authzid': '此登录的账户名无效',
    'sasl:invalid-mechanism': '服务器不提供这种登录方式',
    'sasl:malformed-request': '服务器无法读取登录请求',
    'sasl:mechanism-too-weak': '服务器要求更安全的登录方式',
    'sasl:temporary-auth-failure': '服务器暂时无法验证登录，请稍后重试',

    'stream:bad-format': '服务器无法读取 Herald 发送的数据',
    'stream:bad-namespace-prefix': '服务器不接受 Herald 发送的数据',
    'stream:conflict': '另一个客户端以相同的账户和资源登录了',
    'stream:connection-timeout': '服务器关闭了空闲的连接',
    'stream:host-gone': '服务器不再为此域名提供服务',
    'stream:host-unknown': '服务器不为此域名提供服务',
    'stream:improper-addressing': '服务器拒绝了数据的寻址方式',
    'stream:internal-server-error': '服务器发生内部错误',
    'stream:invalid-from': '服务器拒绝了发送方地址',
    'stream:invalid-namespace': '服务器不接受 Herald 发送的数据',
    'stream:invalid-xml': '服务器拒绝了无效的 XML',
    'stream:not-authorized': '服务器要求先登录',
    'stream:not-well-formed': '服务器收到了格式错误的 XML',
    'stream:policy-violation': '服务器的策略拒绝了该连接',
    'stream:remote-connection-failed': '服务器无法连接它所依赖的另一台服务器',
    'stream:reset': '服务器重置了会话',
    'stream:resource-constraint': '服务器资源不足',
    'stream:restricted-xml': '服务器拒绝了受限制的 XML',
    'stream:see-other-host': '服务器要求 Herald 改为连接另一台主机',
    'stream:system-shutdown': '服务器正在关闭',
    'stream:unsupported-encoding': '服务器不支持该编码',
    'stream:unsupported-feature': '服务器缺少 Herald 需要的功能',
    'stream:unsupported-stanza-type': '服务器不支持 Herald 发送的某类数据',
    'stream:unsupported-version': '服务器不支持此 XMPP 版本',

    unknown: '无法识别的错误',
  },
} as const satisfies Readonly<Record<Language, Readonly<Record<string, string>>>>;

/** A cause worded here; 'unknown' is for the wording only, never set by the classification. */
export type ConnectionCause = Exclude<keyof (typeof CAUSE_TEXTS)['en'], 'unknown'>;

export function isConnectionCause(cause: unknown): cause is ConnectionCause {
  return typeof cause === 'string' && cause !== 'unknown' && Object.hasOwn(CAUSE_TEXTS.en, cause);
}

/** The cause as a phrase in `language`; no cause (or one from elsewhere) is "unrecognized". */
export function causeText(language: Language, cause: string | undefined): string {
  return CAUSE_TEXTS[language][isConnectionCause(cause) ? cause : 'unknown'];
}
