import { describe, expect, test } from 'vitest';
import type { PushDraft } from '../../core/push.ts';
import { applyPatch } from './push-request.ts';

const DRAFT: PushDraft = {
  id: 'exp-1',
  kind: 'todo',
  priority: 'normal',
  title: 'Approve',
  body: 'Body',
  url: 'https://erp.example.com/1',
  urlLabel: 'Open in ERP',
  due: '2026-12-04T17:00:00.000Z',
  category: 'Finance',
  expires: null,
  ackRequired: false,
  actions: [{ id: 'ok', label: 'OK', style: null, confirm: null }],
};

describe('applyPatch', () => {
  test('changes only what the patch names, with the draft rules', () => {
    expect(
      applyPatch(DRAFT, {
        title: '  Approve now ',
        priority: 'urgent',
        actions: [{ id: 'yes', label: 'Yes', style: 'primary' }],
      }),
    ).toEqual({
      ok: true,
      draft: {
        ...DRAFT,
        title: 'Approve now',
        priority: 'urgent',
        actions: [{ id: 'yes', label: 'Yes', style: 'primary', confirm: null }],
      },
    });
  });

  test('null clears an optional field; clearing the url clears its label too', () => {
    expect(applyPatch(DRAFT, { url: null, due: null, category: null })).toEqual({
      ok: true,
      draft: { ...DRAFT, url: null, urlLabel: null, due: null, category: null },
    });
  });

  test.each([
    [{ title: null }, 'title'],
    [{ id: 'other' }, 'id'],
    [{ to: 'bob@example.com' }, 'to'],
    [{ url: null, urlLabel: 'Open' }, 'urlLabel'],
    [
      {
        actions: [
          { id: 'a', label: 'A' },
          { id: 'a', label: 'B' },
        ],
      },
      'actions',
    ],
  ])('refuses %j naming %s', (patch, field) => {
    expect(applyPatch(DRAFT, patch)).toMatchObject({ ok: false, field });
  });
});
