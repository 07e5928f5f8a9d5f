import { describe, expect, test } from 'vitest';
import { keyAction, moveIndex, type KeyInput } from './keyboard.ts';

const press = (key: string, extra: Partial<KeyInput> = {}) =>
  keyAction({ key, ctrlKey: false, metaKey: false, altKey: false, inTextField: false, ...extra });

describe('keyAction', () => {
  test('list shortcuts', () => {
    expect(press('j')).toEqual({ type: 'move', delta: 1 });
    expect(press('ArrowDown')).toEqual({ type: 'move', delta: 1 });
    expect(press('k')).toEqual({ type: 'move', delta: -1 });
    expect(press('ArrowUp')).toEqual({ type: 'move', delta: -1 });
    expect(press('Enter')).toEqual({ type: 'open' });
    expect(press('r')).toEqual({ type: 'toggleRead' });
    expect(press('d')).toEqual({ type: 'toggleDone' });
    expect(press('Delete')).toEqual({ type: 'delete' });
    expect(press('/')).toEqual({ type: 'focusSearch' });
    expect(press('1')).toEqual({ type: 'tab', tab: 'todo' });
    expect(press('2')).toEqual({ type: 'tab', tab: 'news' });
    expect(press('3')).toEqual({ type: 'tab', tab: 'all' });
    expect(press('x')).toBeNull();
  });

  test('letters type into the search box; arrows and Escape still work there', () => {
    expect(press('j', { inTextField: true })).toBeNull();
    expect(press('/', { inTextField: true })).toBeNull();
    expect(press('Delete', { inTextField: true })).toBeNull();
    expect(press('ArrowDown', { inTextField: true })).toEqual({ type: 'move', delta: 1 });
    expect(press('Escape', { inTextField: true })).toEqual({ type: 'leaveSearch' });
  });

  test('modified keys are left to the browser', () => {
    expect(press('r', { ctrlKey: true })).toBeNull();
    expect(press('1', { metaKey: true })).toBeNull();
  });
});

test('moveIndex clamps and starts from the edge when nothing is selected', () => {
  expect(moveIndex(-1, 1, 5)).toBe(0);
  expect(moveIndex(-1, -1, 5)).toBe(4);
  expect(moveIndex(4, 1, 5)).toBe(4);
  expect(moveIndex(0, -1, 5)).toBe(0);
  expect(moveIndex(2, 1, 5)).toBe(3);
  expect(moveIndex(0, 1, 0)).toBe(-1);
});
