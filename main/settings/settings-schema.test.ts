import { describe, expect, test } from 'vitest';
import { validateSettingsUpdate } from './settings-schema.ts';

describe('validateSettingsUpdate', () => {
  test('answers a code with its parameters per field, for the form to word', () => {
    const result = validateSettingsUpdate({
      account: { jid: 'not a jid', host: 'bad host!', port: 0, tlsMode: 'tls', systemJids: ['x'] },
      retention: { maxItems: 5, maxAgeDays: 1.5 },
      language: 'fr',
      surprise: true,
    });
    expect(result.ok ? [] : result.errors).toEqual([
      { field: 'account.jid', code: 'jid.invalid', params: {} },
      { field: 'account.host', code: 'host.invalid', params: {} },
      { field: 'account.port', code: 'port.range', params: { min: 1, max: 65_535 } },
      {
        field: 'account.tlsMode',
        code: 'tlsMode.invalid',
        params: { choices: 'starttls, direct-tls, plaintext' },
      },
      { field: 'account.systemJids.0', code: 'systemJid.invalid', params: {} },
      { field: 'language', code: 'language.invalid', params: { choices: 'system, en, zh-CN' } },
      { field: 'retention.maxItems', code: 'maxItems.range', params: { min: 100, max: 100_000 } },
      { field: 'retention.maxAgeDays', code: 'maxAgeDays.notInteger', params: {} },
      { field: 'surprise', code: 'setting.unknown', params: {} },
    ]);
  });

  test('the reminder interval is whole minutes from 1 to 240', () => {
    const reminder = (value: unknown) => {
      const result = validateSettingsUpdate({ notifications: { reminderMinutes: value } });
      return result.ok ? result.update.notifications : result.errors.map((e) => e.code);
    };
    expect(reminder(10)).toEqual({ reminderMinutes: 10 });
    expect(reminder(0)).toEqual(['reminderMinutes.range']);
    expect(reminder(241)).toEqual(['reminderMinutes.range']);
    expect(reminder(2.5)).toEqual(['reminderMinutes.notInteger']);
    expect(reminder('5')).toEqual(['reminderMinutes.type']);
  });

  test('something that is no object at all', () => {
    expect(validateSettingsUpdate([])).toEqual({
      ok: false,
      errors: [{ field: '', code: 'settings.type', params: {} }],
    });
  });

  test("a part that is no object gets a code too, never zod's English", () => {
    expect(validateSettingsUpdate({ account: 5, notifications: 'x', retention: [] })).toEqual({
      ok: false,
      errors: [
        { field: 'account', code: 'settings.type', params: {} },
        { field: 'notifications', code: 'settings.type', params: {} },
        { field: 'retention', code: 'settings.type', params: {} },
      ],
    });
  });
});
