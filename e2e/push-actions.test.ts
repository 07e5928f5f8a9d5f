/**
 * A push's own buttons and the notes about its life, in real Chromium against the BUILT
 * renderer (`npx electron-vite build` first), with `window.herald` from the real preload code
 * backed by the real app service and inbox. The items are seeded; a choice goes through
 * chooseAction into main's inbox and comes back to the window as an update.
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright';
import { IpcChannel } from '../core/desktop-api.ts';
import type { InboxItem } from '../core/inbox-storage.ts';
import type { PushAction } from '../core/push.ts';
import { makeItem, useDesktopHarness } from './support/desktop-harness.ts';

const desktop = useDesktopHarness();

const approve: PushAction = { id: 'approve', label: 'Approve', style: 'primary', confirm: null };
const reject: PushAction = {
  id: 'reject',
  label: 'Reject',
  style: 'destructive',
  confirm: 'Reject the report?',
};
const later: PushAction = { id: 'later', label: 'Later', style: null, confirm: null };
const discard: PushAction = {
  id: 'discard',
  label: 'Discard',
  style: 'destructive',
  confirm: null,
};

function expense(overrides: Partial<InboxItem> = {}): InboxItem {
  return makeItem({
    id: 'exp-4411',
    kind: 'todo',
    title: 'Approve expense report #4411',
    body: 'Bob submitted 1,240.00 EUR for the Berlin trip.',
    actions: [approve, reject, later],
    ...overrides,
  });
}

const hhmm = (at: number) =>
  `${String(new Date(at).getHours()).padStart(2, '0')}:${String(new Date(at).getMinutes()).padStart(2, '0')}`;

async function openInbox(seed: InboxItem[]) {
  const app = await desktop.createApp({ seed });
  const page = await app.openWindow('inbox');
  await page.locator('[data-tab="all"]').click();
  const row = (id: string) => page.locator(`[role=option][data-item-id="${id}"]`);
  const stored = async (id: string) =>
    (await app.service.handlers[IpcChannel.getInbox]()).items.find((item) => item.id === id);
  return { app, page, row, stored };
}

const detail = (page: Page) => page.locator('section.detail');

describe('push actions', () => {
  test('buttons render in the row and the detail pane with the sender’s styles', async () => {
    const { app, page, row } = await openInbox([expense()]);
    const compact = row('exp-4411').locator('.push-actions button');
    await expect.poll(() => compact.allTextContents()).toEqual(['Approve', 'Reject', 'Later']);
    await row('exp-4411').click();
    const pane = detail(page).getByRole('group', { name: 'Choices' });
    const approveButton = pane.getByRole('button', { name: 'Approve' });
    expect(await approveButton.getAttribute('class')).toContain('button-primary');
    expect(await pane.getByRole('button', { name: 'Reject' }).getAttribute('class')).toContain(
      'button-danger',
    );
    const plain = await pane.getByRole('button', { name: 'Later' }).getAttribute('class');
    expect(plain).not.toMatch(/button-primary|button-danger/);
    // The primary really looks primary: the accent background, not the plain button's.
    const background = (id: string) =>
      page.evaluate(
        `getComputedStyle(document.querySelector('.detail [data-action-id="${id}"]')).backgroundColor`,
      );
    expect(await background('approve')).not.toBe(await background('later'));
    expect(app.pageErrors).toEqual([]);
  });

  test('a destructive choice asks in a page dialog with the sender’s question, and Cancel keeps it open', async () => {
    const { app, page, row, stored } = await openInbox([
      expense(),
      expense({ id: 'draft-1', title: 'Old draft', actions: [discard] }),
    ]);
    await row('exp-4411').click();
    await detail(page).getByRole('button', { name: 'Reject' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.locator('.confirm-question').textContent()).toBe('Reject the report?');
    // Cancel has the focus: Enter on a reflex does not reject.
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('Cancel');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await stored('exp-4411'))?.chosenAction).toBeNull();

    // Escape cancels too; without a question of its own the dialog asks a generic one.
    await row('draft-1').locator('button', { hasText: 'Discard' }).click();
    await dialog.waitFor();
    expect(await dialog.locator('.confirm-question').textContent()).toBe('Are you sure?');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect((await stored('draft-1'))?.chosenAction).toBeNull();

    // Confirming makes the choice.
    await row('draft-1').locator('button', { hasText: 'Discard' }).click();
    await dialog.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(async () => (await stored('draft-1'))?.chosenAction?.id).toBe('discard');
    expect(app.dialogs).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });

  test('an open question goes away when the choice is made elsewhere meanwhile', async () => {
    const { app, page, row } = await openInbox([expense()]);
    await row('exp-4411').locator('button', { hasText: 'Reject' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    // As a choice on another device arrives: main's inbox takes it, the window follows.
    expect(await app.service.handlers[IpcChannel.chooseAction]('exp-4411', 'approve')).toBe(true);
    await dialog.waitFor({ state: 'detached' });
    await row('exp-4411').locator('.push-chosen', { hasText: 'Approve' }).waitFor();
    expect(app.pageErrors).toEqual([]);
  });

  test('a choice goes to main and the row then shows “Approved HH:MM”, done, without buttons', async () => {
    const { app, page, row, stored } = await openInbox([expense()]);
    await row('exp-4411').locator('button', { hasText: 'Approve' }).click();
    await expect.poll(async () => (await stored('exp-4411'))?.chosenAction?.id).toBe('approve');
    const at = (await stored('exp-4411'))!.chosenAction!.at;
    const line = row('exp-4411').locator('.push-chosen');
    await expect.poll(() => line.textContent()).toBe(`Approve ${hhmm(at)}`);
    expect((await stored('exp-4411'))?.done).toBe(true);
    expect(await row('exp-4411').locator('.push-actions').count()).toBe(0);
    await row('exp-4411').click();
    await detail(page).locator('.push-chosen', { hasText: 'Approve' }).waitFor();
    expect(await detail(page).locator('.push-actions').count()).toBe(0);
    expect(app.pageErrors).toEqual([]);
  });

  test('the keyboard reaches every button: Tab to it, Enter or Space to press; shortcuts still work', async () => {
    const { app, page, row, stored } = await openInbox([
      expense({ ackRequired: true }),
      expense({ id: 'other', title: 'Other', actions: [] }),
    ]);
    await row('exp-4411').click();
    // Acknowledge, then the push's buttons, in the detail pane's Tab order.
    const ack = detail(page).getByRole('button', { name: 'Acknowledge' });
    await ack.focus();
    await page.keyboard.press('Space');
    await expect.poll(async () => (await stored('exp-4411'))?.acknowledgedAt).not.toBeNull();
    await detail(page).getByRole('button', { name: 'Mark done' }).focus();
    await page.keyboard.press('Tab'); // → Delete
    await page.keyboard.press('Tab'); // → Approve
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Approve');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // Reject: asks first
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    // Shortcut letters typed in the dialog do nothing to the inbox.
    await page.keyboard.press('d');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await stored('exp-4411'))?.chosenAction?.id).toBe('reject');
    await dialog.waitFor({ state: 'detached' });
    // The list's shortcuts still work after the choice.
    await page.locator('#inbox-list').focus();
    await page.keyboard.press(
      (await row('other').getAttribute('aria-posinset')) === '1' ? 'Home' : 'End',
    );
    await page.keyboard.press('r');
    await expect.poll(async () => (await stored('other'))?.read).toBe(true);
    expect(app.pageErrors).toEqual([]);
  });

  test('an item that needs acknowledging is marked in the row until it is acknowledged', async () => {
    const { app, page, row, stored } = await openInbox([
      expense({ ackRequired: true, actions: [] }),
    ]);
    await row('exp-4411')
      .locator('.chip-attention', { hasText: 'Needs acknowledgement' })
      .waitFor();
    await row('exp-4411').locator('button', { hasText: 'Acknowledge' }).click();
    await expect.poll(async () => (await stored('exp-4411'))?.acknowledgedAt).not.toBeNull();
    await row('exp-4411').locator('.chip-attention').waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    expect(app.pageErrors).toEqual([]);
  });
});

describe('what the sender did', () => {
  const updatedAt = new Date(new Date().setHours(9, 30, 0, 0)).getTime();
  const seed = () => [
    expense({
      id: 'withdrawn',
      title: 'Withdrawn report',
      state: 'retracted',
      read: true,
      url: 'https://erp.example.com/1',
      body: 'Explanation that must not show',
    }),
    expense({ id: 'completed', title: 'Completed report', state: 'done', done: true, read: true }),
    expense({ id: 'updated', title: 'Updated report', updatedAt }),
  ];

  test('withdrawn is greyed with its title only, completed and updated say so in one line', async () => {
    const { app, page, row } = await openInbox(seed());
    await row('withdrawn')
      .locator('.sender-note', { hasText: 'Withdrawn by the sender' })
      .waitFor();
    expect(await row('withdrawn').getAttribute('class')).toContain('is-withdrawn');
    expect(await row('withdrawn').locator('button').count()).toBe(0);
    expect(await row('withdrawn').locator('.row-preview').textContent()).toBe('');
    await row('withdrawn').click();
    await detail(page).locator('.sender-note', { hasText: 'Withdrawn by the sender' }).waitFor();
    expect(await detail(page).locator('.detail-body').count()).toBe(0);
    expect(await detail(page).getByRole('button', { name: 'Open link' }).count()).toBe(0);
    expect(await detail(page).locator('.push-actions').count()).toBe(0);
    expect(await page.getByText('Explanation that must not show').count()).toBe(0);

    await row('completed')
      .locator('.sender-note', { hasText: 'Completed by the sender' })
      .waitFor();
    expect(await row('completed').locator('.push-actions').count()).toBe(0);
    await row('updated')
      .locator('.sender-note', { hasText: `Updated ${hhmm(updatedAt)}` })
      .waitFor();
    // An update keeps its buttons.
    expect(await row('updated').locator('.push-actions button').count()).toBe(3);
    await page.screenshot({ path: '/tmp/herald-inbox-withdrawn.png' });
    expect(app.pageErrors).toEqual([]);
  });

  test('in Chinese: the notes, the acknowledgement and the dialog', async () => {
    const { app, page, row } = await openInbox([
      ...seed(),
      expense({ id: 'ack', title: '请确认', ackRequired: true, actions: [discard] }),
    ]);
    await app.service.handlers[IpcChannel.saveSettings]({ language: 'zh-CN' });
    await row('withdrawn').locator('.sender-note', { hasText: '已被发送方撤回' }).waitFor();
    await row('completed').locator('.sender-note', { hasText: '已由发送方完成' }).waitFor();
    await row('updated')
      .locator('.sender-note', { hasText: `已更新 ${hhmm(updatedAt)}` })
      .waitFor();
    await row('ack').locator('.chip-attention', { hasText: '需要确认收到' }).waitFor();
    await row('ack').locator('button', { hasText: '确认收到' }).waitFor();
    await row('ack').locator('button', { hasText: 'Discard' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.locator('.confirm-question').textContent()).toBe('确定吗？');
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(app.pageErrors).toEqual([]);
  });
});

describe('screenshot', () => {
  test('the inbox with a push’s buttons', async () => {
    const { page, row } = await openInbox([
      expense({ ackRequired: true }),
      expense({ id: 'done-1', title: 'Purchase order #5521', actions: [approve], read: true }),
    ]);
    await row('done-1').locator('button', { hasText: 'Approve' }).click();
    await row('done-1').locator('.push-chosen').waitFor();
    await row('exp-4411').click();
    await detail(page).getByRole('group', { name: 'Choices' }).waitFor();
    await page.screenshot({ path: '/tmp/herald-inbox-actions.png' });
  });
});
