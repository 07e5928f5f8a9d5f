/**
 * Window-wide shortcuts (keyboard.ts holds the table). Reads the latest state through a ref
 * so the listener is installed once.
 */
import { useEffect, useRef, type RefObject } from 'react';
import type { InboxItem } from '../../core/inbox-storage.ts';
import type { Tab } from './inbox-model.ts';
import { keyAction, moveIndex, type KeyAction } from './keyboard.ts';
import type { ItemActions } from './detail-pane.tsx';

interface KeyboardDeps {
  visible: InboxItem[];
  selectedIndex: number;
  query: string;
  searchRef: RefObject<HTMLInputElement | null>;
  select(id: string | null): void;
  open(item: InboxItem): void;
  setTab(tab: Tab): void;
  setQuery(query: string): void;
  actions: ItemActions;
}

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLInputElement && target.type !== 'checkbox' && target.type !== 'radio')
  );
}

function focusList() {
  document.getElementById('inbox-list')?.focus();
}

function run(action: KeyAction, deps: KeyboardDeps): void {
  const { visible, selectedIndex } = deps;
  const selected = visible[selectedIndex];
  switch (action.type) {
    case 'move': {
      const index = moveIndex(selectedIndex, action.delta, visible.length);
      deps.select(visible[index]?.id ?? null);
      // Moving through the list puts the focus on it, so Enter opens rather than pressing
      // whichever toolbar button was clicked last.
      focusList();
      return;
    }
    case 'edge':
      deps.select((action.to === 'first' ? visible[0] : visible.at(-1))?.id ?? null);
      focusList();
      return;
    case 'open': {
      const target = selected ?? visible[0];
      if (target) deps.open(target);
      return;
    }
    case 'toggleRead':
      if (selected) deps.actions.toggleRead(selected);
      return;
    case 'toggleDone':
      if (selected) deps.actions.toggleDone(selected);
      return;
    case 'delete':
      if (selected) deps.actions.remove(selected);
      return;
    case 'openLink':
      if (selected) deps.actions.openLink(selected);
      return;
    case 'focusSearch':
      deps.searchRef.current?.focus();
      deps.searchRef.current?.select();
      return;
    case 'leaveSearch':
      if (deps.query !== '') deps.setQuery('');
      else focusList();
      return;
    case 'tab':
      deps.setTab(action.tab);
      return;
  }
}

export function useInboxKeyboard(deps: KeyboardDeps): void {
  const latest = useRef(deps);
  useEffect(() => {
    latest.current = deps;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target;
      // An open dialog has the keyboard to itself (Tab, Enter, Space, Escape).
      if (target instanceof Element && target.closest('dialog[open]')) return;
      // Buttons keep Enter and Space for themselves.
      if (target instanceof HTMLButtonElement && (event.key === 'Enter' || event.key === ' ')) {
        return;
      }
      const inTextField = isTextField(target);
      const action = keyAction({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        inTextField,
      });
      if (!action) return;
      event.preventDefault();
      run(action, latest.current);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
