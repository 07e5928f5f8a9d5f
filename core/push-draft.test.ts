import { describe, expect, it } from 'vitest';
import { samplePushes as samples } from '../dev/samples.ts';
import { validatePushDraft } from './push-draft.ts';

describe('validatePushDraft', () => {
  it('fills defaults and generates an id', () => {
    const result = validatePushDraft({ title: 'Hello', body: 'World' });
    expect(result).toMatchObject({
      ok: true,
      draft: {
        kind: 'notice',
        priority: 'normal',
        url: null,
        urlLabel: null,
        due: null,
        category: null,
      },
    });
    if (result.ok) expect(result.draft.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts every sample and normalises url and due', () => {
    for (const sample of samples) {
      const result = validatePushDraft(sample);
      expect(result.ok).toBe(true);
      if (result.ok)
        expect(result.draft.due).toBe(sample.due ? new Date(sample.due).toISOString() : null);
    }
    const result = validatePushDraft({
      title: 't',
      body: 'b',
      url: 'HTTPS://A.example',
      urlLabel: 'Go',
    });
    expect(result).toMatchObject({
      ok: true,
      draft: { url: 'https://a.example/', urlLabel: 'Go' },
    });
  });

  it('sanitises text', () => {
    const result = validatePushDraft({ title: 'a\u202Eb\nc', body: 'x\r\ny\u0000' });
    expect(result).toMatchObject({ ok: true, draft: { title: 'ab c', body: 'x\ny' } });
  });

  const TEXT = (limit: number) => `must be a string of at most ${limit} characters`;
  const URL_RULE = 'must be an http(s) URL without user or password';
  const DUE_RULE = 'must be an ISO 8601 date such as 2026-12-01T10:00:00Z';
  const ID_RULE = 'must be 1-200 printable characters';
  it.each([
    ['null', null, '$', 'expected a JSON object'],
    ['an array', [], '$', 'expected a JSON object'],
    ['a string', 'title', '$', 'expected a JSON object'],
    ['a missing title', { body: 'b' }, 'title', 'is required and must not be blank'],
    ['a numeric title', { title: 3, body: 'b' }, 'title', TEXT(300)],
    ['a null title', { title: null, body: 'b' }, 'title', TEXT(300)],
    [
      'a blank title',
      { title: '  \u202E ', body: 'b' },
      'title',
      'is required and must not be blank',
    ],
    ['a 301-character title', { title: 'x'.repeat(301), body: 'b' }, 'title', TEXT(300)],
    ['a missing body', { title: 't' }, 'body', 'is required and must be a string'],
    ['a 10,001-character body', { title: 't', body: 'x'.repeat(10_001) }, 'body', TEXT(10_000)],
    [
      'an unknown kind',
      { title: 't', body: 'b', kind: 'alarm' },
      'kind',
      'must be one of todo, news, notice',
    ],
    [
      'a wrongly cased priority',
      { title: 't', body: 'b', priority: 'HIGH' },
      'priority',
      'must be one of low, normal, high, urgent',
    ],
    ['a javascript: url', { title: 't', body: 'b', url: 'javascript:alert(1)' }, 'url', URL_RULE],
    [
      'a url with credentials',
      { title: 't', body: 'b', url: 'https://u:p@a.example' },
      'url',
      URL_RULE,
    ],
    ['a numeric url', { title: 't', body: 'b', url: 42 }, 'url', URL_RULE],
    ['a null url', { title: 't', body: 'b', url: null }, 'url', URL_RULE],
    ['a label without url', { title: 't', body: 'b', urlLabel: 'Open' }, 'urlLabel', 'needs a url'],
    ['a prose due date', { title: 't', body: 'b', due: 'next friday' }, 'due', DUE_RULE],
    ['an epoch due date', { title: 't', body: 'b', due: 1764583200000 }, 'due', DUE_RULE],
    [
      'a 65-character category',
      { title: 't', body: 'b', category: 'c'.repeat(65) },
      'category',
      TEXT(64),
    ],
    ['an id with a space', { title: 't', body: 'b', id: 'has space' }, 'id', ID_RULE],
    ['a 201-character id', { title: 't', body: 'b', id: 'x'.repeat(201) }, 'id', ID_RULE],
    ['a numeric id', { title: 't', body: 'b', id: 7 }, 'id', ID_RULE],
    ['a misspelt field', { title: 't', body: 'b', priorty: 'high' }, 'priorty', 'unknown field'],
    [
      'a misspelt field and the title it misses',
      { tittle: 't', body: 'b' },
      'tittle',
      'unknown field',
    ],
    [
      'two problems (the first field is named)',
      { title: 't'.repeat(301), body: 'b', kind: 'x' },
      'title',
      TEXT(300),
    ],
  ])('rejects %s (field %j)', (_name, input, field, message) => {
    expect(validatePushDraft(input)).toEqual({ ok: false, field, message });
  });

  it('takes a blank label or category without a url as none', () => {
    const result = validatePushDraft({ title: 't', body: '', urlLabel: ' ', category: '\t' });
    expect(result).toMatchObject({ ok: true, draft: { urlLabel: null, category: null, body: '' } });
  });
});
