/**
 * Inbox keyboard shortcuts as a pure mapping, so the table is tested without a DOM.
 * Single-letter shortcuts are off while typing in a text field.
 */
import type { Tab } from './inbox-model.ts';

export type KeyAction =
  | { type: 'move'; delta: 1 | -1 }
  | { type: 'edge'; to: 'first' | 'last' }
  | { type: 'open' }
  | { type: 'toggleRead' }
  | { type: 'toggleDone' }
  | { type: 'delete' }
  | { type: 'openLink' }
  | { type: 'focusSearch' }
  | { type: 'leaveSearch' }
  | { type: 'tab'; tab: Tab };

export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The event comes from an input, textarea, select or contenteditable. */
  inTextField: boolean;
}

const TAB_KEYS: Record<string, Tab> = { '1': 'todo', '2': 'news', '3': 'all' };

export function keyAction(input: KeyInput): KeyAction | null {
  if (input.ctrlKey || input.metaKey || input.altKey) return null;
  const { key } = input;
  if (input.inTextField) {
    // From the search box, arrows and Enter go to the list; Escape goes back to it.
    if (key === 'ArrowDown') return { type: 'move', delta: 1 };
    if (key === 'ArrowUp') return { type: 'move', delta: -1 };
    if (key === 'Escape') return { type: 'leaveSearch' };
    return null;
  }
  switch (key) {
    case 'ArrowDown':
    case 'j':
      return { type: 'move', delta: 1 };
    case 'ArrowUp':
    case 'k':
      return { type: 'move', delta: -1 };
    case 'Home':
      return { type: 'edge', to: 'first' };
    case 'End':
      return { type: 'edge', to: 'last' };
    case 'Enter':
      return { type: 'open' };
    case 'r':
      return { type: 'toggleRead' };
    case 'd':
      return { type: 'toggleDone' };
    case 'Delete':
    case 'Backspace':
      return { type: 'delete' };
    case 'o':
      return { type: 'openLink' };
    case '/':
      return { type: 'focusSearch' };
  }
  const tab = TAB_KEYS[key];
  return tab ? { type: 'tab', tab } : null;
}

/** The index after moving `delta` within a list of `length`, clamped; -1 when empty. */
export function moveIndex(current: number, delta: number, length: number): number {
  if (length === 0) return -1;
  if (current < 0) return delta > 0 ? 0 : length - 1;
  return Math.min(length - 1, Math.max(0, current + delta));
}
