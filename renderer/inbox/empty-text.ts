/** Which empty-state sentence a list shows: "no results" beats "this tab is empty". */
import type { MessageKey } from '../shared/i18n.ts';
import type { Tab } from './inbox-model.ts';

export function emptyTextKey(tab: Tab, query: string): MessageKey {
  if (query.trim() !== '') return 'empty.search';
  return tab === 'todo' ? 'empty.todo' : tab === 'news' ? 'empty.news' : 'empty.all';
}
