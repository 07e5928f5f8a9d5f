/** What every settings section receives: the form, a setter and the errors per field. */
import type { FieldMessage } from './field.tsx';
import type { FormField, SettingsForm } from './settings-form.ts';

export interface SectionProps {
  form: SettingsForm;
  set<K extends FormField>(field: K, value: SettingsForm[K]): void;
  errorsFor(field: FormField): readonly FieldMessage[];
}
