/**
 * The certificate a server presented and Herald refused: subject, issuer, SHA-256 fingerprint
 * and expiry, for the user to compare with what their administrator says. Server-supplied
 * text, so only ever rendered as text.
 */
import type { RefusedCertificate } from '../../core/desktop-api.ts';
import { useConnection } from '../shared/use-connection.ts';
import { useI18n } from '../shared/i18n-context.tsx';

export function CertificateDetails({ certificate }: { certificate: RefusedCertificate }) {
  const { t, locale } = useI18n();
  const validTo = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const rows = [
    ['certificate.subject', certificate.subject],
    ['certificate.issuer', certificate.issuer],
    ['certificate.fingerprint', certificate.fingerprint256],
    ['certificate.validTo', validTo.format(new Date(certificate.validTo))],
  ] as const;
  return (
    <dl className="certificate-details" data-refused-certificate="">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{t(label)}</dt>
          <dd
            className="bidi"
            dir="ltr"
            data-certificate-field={label.slice('certificate.'.length)}
          >
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The live connection's refusal, while it lasts: the same details, under the account. */
export function LiveCertificateRefusal() {
  const { t } = useI18n();
  const view = useConnection();
  const certificate = view && 'certificate' in view ? view.certificate : undefined;
  if (!certificate) return null;
  return (
    <div className="field field-actions" data-live-certificate="">
      <span />
      <div>
        <p className="callout callout-danger" role="alert">
          {t('certificate.liveRefused')}
        </p>
        <CertificateDetails certificate={certificate} />
      </div>
    </div>
  );
}
