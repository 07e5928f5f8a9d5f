import { describe, expect, test } from 'vitest';
import type { SettingsView } from '../../core/desktop-api.ts';
import {
  fieldOfError,
  formFromSettings,
  groupFieldErrors,
  parseSystemJids,
  testRequestFromForm,
  updateFromForm,
} from './settings-form.ts';

const view: SettingsView = {
  account: {
    jid: 'alice@example.com',
    host: '',
    port: null,
    tlsMode: 'starttls',
    systemJids: ['notify@example.com', 'ci@example.com'],
    caFile: null,
  },
  hasPassword: true,
  secretStorage: 'strong',
  trayAvailable: true,
  notifications: { dndUntil: null, urgentBreaksDnd: true, hideContent: false, reminderMinutes: 5 },
  startAtLogin: false,
  language: 'system',
  effectiveLanguage: 'en',
  retention: { maxItems: 5000, maxAgeDays: 90 },
};

describe('settings form', () => {
  test('round-trips the settings, keeping the stored password when the box is empty', () => {
    const form = formFromSettings(view);
    expect(form.systemJids).toBe('notify@example.com\nci@example.com');
    const result = updateFromForm(form);
    expect(result).toEqual({
      ok: true,
      update: {
        account: view.account,
        notifications: { hideContent: false, urgentBreaksDnd: true, reminderMinutes: 5 },
        startAtLogin: false,
        language: 'system',
        retention: { maxItems: 5000, maxAgeDays: 90 },
      },
    });
    expect(testRequestFromForm(form)).toEqual({ account: view.account });
  });

  test('a chosen CA file is sent as its path, an empty one as null', () => {
    const form = formFromSettings({ ...view, account: { ...view.account, caFile: '/etc/ca.pem' } });
    expect(form.caFile).toBe('/etc/ca.pem');
    expect(testRequestFromForm(form)?.account.caFile).toBe('/etc/ca.pem');
    const cleared = updateFromForm({ ...form, caFile: '' });
    expect(cleared.ok && cleared.update.account?.caFile).toBeNull();
    expect(fieldOfError('account.caFile')).toBe('caFile');
  });

  test('a typed password and port are sent', () => {
    const form = { ...formFromSettings(view), password: 'pw', port: ' 5223 ' };
    const result = updateFromForm(form);
    expect(result.ok && result.update.password).toBe('pw');
    expect(result.ok && result.update.account?.port).toBe(5223);
    expect(testRequestFromForm(form)?.password).toBe('pw');
  });

  test('non-numbers are caught before saving', () => {
    const result = updateFromForm({
      ...formFromSettings(view),
      port: 'abc',
      maxItems: '',
      maxAgeDays: '1.5',
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        port: 'field.port.invalid',
        maxItems: 'field.number.invalid',
        maxAgeDays: 'field.number.invalid',
      },
    });
    expect(updateFromForm({ ...formFromSettings(view), port: '70000' }).ok).toBe(false);
  });

  test('system JIDs: one per line, forgiving separators, no blanks or repeats', () => {
    expect(parseSystemJids(' a@x \n\n b@x, a@x ;c@x\r\n')).toEqual(['a@x', 'b@x', 'c@x']);
  });

  test('main-side errors land on their field, unknown ones are general', () => {
    expect(fieldOfError('account.jid')).toBe('jid');
    expect(fieldOfError('account.systemJids.1')).toBe('systemJids');
    expect(fieldOfError('retention.maxItems')).toBe('maxItems');
    expect(fieldOfError('password')).toBe('password');
    expect(fieldOfError('something')).toBeNull();
    expect(
      groupFieldErrors([
        { field: 'account.jid', code: 'jid.missing', params: {} },
        { field: 'account.jid', code: 'jid.invalid', params: {} },
        { field: 'x', code: 'setting.unknown', params: {} },
      ]),
    ).toEqual({
      byField: {
        jid: [
          { code: 'jid.missing', params: {} },
          { code: 'jid.invalid', params: {} },
        ],
      },
      general: [{ code: 'setting.unknown', params: {} }],
    });
  });
});
