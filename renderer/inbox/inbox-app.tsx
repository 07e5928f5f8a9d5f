/**
 * The inbox window: tabs, search, the virtualized list and the detail pane, kept in step
 * with main (snapshot + deltas). Actions go to main and come back as deltas, so what the
 * window shows is always what main stored.
 */
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { InboxItem } from '../../core/inbox-storage.ts';
import type { PushAction } from '../../core/push.ts';
import {
  filterItems,
  matchesQuery,
  neighbourAfterRemoval,
  normalizeQuery,
  tabFor,
  type Tab,
} from './inbox-model.ts';
import { useI18n } from '../shared/i18n-context.tsx';
import { CheckAllIcon, GearIcon } from '../shared/icons.tsx';
import { useNow } from '../shared/use-now.ts';
import { DetailPane, type ItemActions } from './detail-pane.tsx';
import { emptyTextKey } from './empty-text.ts';
import { ItemList } from './item-list.tsx';
import { useInboxKeyboard } from './use-inbox-keyboard.ts';
import { SearchBox } from './search-box.tsx';
import { StatusBar } from '../shared/status-bar.tsx';
import { TabBar } from './tab-bar.tsx';
import { useConnection } from '../shared/use-connection.ts';
import { useInbox } from './use-inbox.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import type { ChoiceHandlers } from './push-actions.tsx';
import { choosableActions, needsConfirmation } from './push-choices.ts';

/** A choice waiting for the user's answer in the confirm dialog. */
interface PendingChoice {
  item: InboxItem;
  action: PushAction;
}

const sendChoice = ({ item, action }: PendingChoice) =>
  void window.herald.chooseAction(item.id, action.id);

const actions: Omit<ItemActions, 'choose'> = {
  acknowledge: (item) => void window.herald.acknowledge(item.id),
  toggleRead: (item) => void window.herald.setRead(item.id, !item.read),
  toggleDone: (item) => {
    if (item.kind === 'todo') void window.herald.setDone(item.id, !item.done);
  },
  remove: (item) => void window.herald.deleteItem(item.id),
  openLink: (item) => {
    if (item.url) void window.herald.openLink(item.id);
  },
};

export function InboxApp() {
  const { t } = useI18n();
  const [focusRequest, setFocusRequest] = useState<string | null>(null);
  const inbox = useInbox(setFocusRequest);
  const connection = useConnection();
  const now = useNow(30_000);
  const [tab, setTab] = useState<Tab>('todo');
  const [query, setQuery] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<PendingChoice | null>(null);
  // One object for the whole life of the window, so memoized rows keep their props.
  const choices = useMemo<ChoiceHandlers>(
    () => ({
      acknowledge: actions.acknowledge,
      choose: (item, action) => {
        if (needsConfirmation(action)) setPending({ item, action });
        else sendChoice({ item, action });
      },
    }),
    [],
  );

  // Typing stays responsive: the list filters at lower priority than the input.
  const deferredQuery = useDeferredValue(query);
  const visible = useMemo(
    () => filterItems(inbox.items, tab, deferredQuery),
    [inbox.items, tab, deferredQuery],
  );
  const selectedIndex = useMemo(
    () => (selectedId === null ? -1 : visible.findIndex((item) => item.id === selectedId)),
    [visible, selectedId],
  );
  const selected = visible[selectedIndex] ?? null;

  useEffect(() => {
    document.title = t('app.title');
  }, [t]);

  // A clicked notification: show its item, switching tab and dropping a search that hides it.
  useEffect(() => window.herald.onFocusItem((id) => setFocusRequest(id)), []);
  const focusTarget = focusRequest ? inbox.items.find((item) => item.id === focusRequest) : null;
  if (focusRequest && focusTarget) {
    // Adjusting state while rendering (React's documented pattern) avoids a flash of the old tab.
    setFocusRequest(null);
    setTab(tabFor(focusTarget, tab));
    if (!matchesQuery(focusTarget, normalizeQuery(query))) setQuery('');
    setSelectedId(focusTarget.id);
  }

  const open = useCallback((item: InboxItem) => {
    setSelectedId(item.id);
    if (!item.read) void window.herald.setRead(item.id, true);
  }, []);

  const itemsById = useMemo(
    () => new Map(inbox.items.map((item) => [item.id, item])),
    [inbox.items],
  );
  const onRowSelect = useCallback(
    (id: string) => {
      const item = itemsById.get(id);
      if (item) open(item);
    },
    [itemsById, open],
  );

  const itemActions = useMemo<ItemActions>(
    () => ({
      ...actions,
      ...choices,
      remove: (item) => {
        const index = visible.findIndex((candidate) => candidate.id === item.id);
        setSelectedId(neighbourAfterRemoval(visible, index));
        actions.remove(item);
      },
    }),
    [visible, choices],
  );

  // The choice was made on another device, or the sender withdrew it: nothing left to confirm.
  const pendingNow = pending ? itemsById.get(pending.item.id) : undefined;
  if (
    pending &&
    !(pendingNow && choosableActions(pendingNow).some((each) => each.id === pending.action.id))
  ) {
    setPending(null);
  }

  useInboxKeyboard({
    visible,
    selectedIndex,
    query,
    searchRef,
    select: setSelectedId,
    open,
    setTab,
    setQuery,
    actions: itemActions,
  });

  return (
    <div className="app">
      <header className="toolbar">
        <TabBar tab={tab} counts={inbox.counts} onChange={setTab} />
        <SearchBox value={query} inputRef={searchRef} onChange={setQuery} />
        <button
          type="button"
          className="button"
          disabled={inbox.counts[tab].unread === 0}
          onClick={() => void window.herald.markAllRead(tab === 'all' ? undefined : tab)}
        >
          <CheckAllIcon />
          {t('action.markAllRead')}
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={t('action.settings')}
          title={t('action.settings')}
          onClick={() => void window.herald.openSettings()}
        >
          <GearIcon />
        </button>
      </header>
      <StatusBar connection={connection} />
      <main className="panes">
        <div className="list-pane" id="inbox-panel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
          {inbox.loaded ? (
            <ItemList
              key={tab}
              items={visible}
              selectedIndex={selectedIndex}
              now={now}
              emptyText={t(emptyTextKey(tab, deferredQuery), { query: deferredQuery.trim() })}
              onSelect={onRowSelect}
              choices={choices}
            />
          ) : null}
        </div>
        <DetailPane item={selected} now={now} actions={itemActions} />
      </main>
      {pending ? (
        <ConfirmDialog
          action={pending.action}
          title={pending.item.title}
          onConfirm={() => {
            sendChoice(pending);
            setPending(null);
          }}
          onCancel={() => setPending(null)}
        />
      ) : null}
    </div>
  );
}
