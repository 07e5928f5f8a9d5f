/**
 * One labelled form row: label, control, hint and the errors for this field right under it.
 * The control gets the ids it needs (for the label, aria-describedby, aria-invalid).
 */
import type { ReactNode } from 'react';
import type { FormField } from './settings-form.ts';

export interface ControlProps {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': boolean;
}

/** An error line; `detail` is the OS's own words behind it, shown smaller. */
export type FieldMessage = string | { text: string; detail: string | null };

interface FieldProps {
  name: FormField;
  label: string;
  hint?: ReactNode;
  errors: readonly FieldMessage[];
  children(control: ControlProps): ReactNode;
}

export function Field({ name, label, hint, errors, children }: FieldProps) {
  const id = `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, errors.length ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={errors.length ? 'field has-error' : 'field'}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <div className="field-control">
        {children({
          id,
          'aria-describedby': describedBy || undefined,
          'aria-invalid': errors.length > 0,
        })}
        <FieldErrors name={name} errors={errors} />
        {hint ? (
          <div className="field-hint" id={`${id}-hint`}>
            {hint}
          </div>
        ) : null}
      </div>
    </div>
  );
}

/** The errors under a control, each with the OS's own words smaller when there are any. */
function FieldErrors({ name, errors }: { name: FormField; errors: readonly FieldMessage[] }) {
  if (!errors.length) return null;
  return (
    <div className="field-error" id={`field-${name}-error`} data-field-error={name} role="alert">
      {errors.map((message, index) =>
        typeof message === 'string' ? (
          <p key={index} className="bidi" dir="auto">
            {message}
          </p>
        ) : (
          <p key={index} className="bidi" dir="auto">
            {message.text}
            <ErrorDetail detail={message.detail} />
          </p>
        ),
      )}
    </div>
  );
}

/** The OS's own words behind an error sentence (EACCES: …), smaller, on their own line. */
export function ErrorDetail({ detail }: { detail: string | null }) {
  return detail ? (
    <small className="error-detail" dir="auto" data-error-detail="">
      {detail}
    </small>
  ) : null;
}

/**
 * A whole-number box: type="text" with a numeric keyboard, so what the user typed stays as
 * typed (a half-typed or invalid value gets a field error, not a silent blank).
 */
export function NumberField({
  value,
  onChange,
  ...field
}: Omit<FieldProps, 'children'> & { value: string; onChange(value: string): void }) {
  return (
    <Field {...field}>
      {(control) => (
        <input
          {...control}
          className="input-short"
          type="text"
          inputMode="numeric"
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

/** A checkbox row: the label sits beside the box. */
export function CheckboxField({
  name,
  label,
  hint,
  checked,
  onChange,
  errors = [],
}: {
  name: FormField;
  label: string;
  hint?: string;
  checked: boolean;
  onChange(checked: boolean): void;
  /** Main's refusal of this setting (the OS refusing the login item, say). */
  errors?: readonly FieldMessage[];
}) {
  const id = `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, errors.length ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={errors.length ? 'field has-error' : 'field'}>
      <span aria-hidden="true" />
      <div className="field-control check">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          aria-describedby={describedBy || undefined}
          aria-invalid={errors.length > 0}
          onChange={(event) => onChange(event.target.checked)}
        />
        <div>
          <label htmlFor={id}>{label}</label>
          <FieldErrors name={name} errors={errors} />
          {hint ? (
            <div className="field-hint" id={`${id}-hint`}>
              {hint}
            </div>
          ) : null}
        </div>
      </div>
    </div>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="section" aria-label={title}>
      <h2 className="section-title">{title}</h2>
      <div className="section-body">{children}</div>
    </section>
  );
}
