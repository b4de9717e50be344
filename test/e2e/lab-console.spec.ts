/**
 * The request console and the preview: the replay experiment (snapshot the jar, log out, restore
 * the old cookie, ask /me) shows a signed cookie session still alive after logout in lesson 3 and
 * a server-side session denied in lesson 5; logging in and out by clicking in the preview works
 * through the Worker with Set-Cookie and Cookie intact.
 */
import { expect, test, type Locator } from '@playwright/test';
import { lessons, send, setFiles, showPanel, startLab } from './lab-helpers';

async function replay(root: Locator): Promise<string> {
  const verdict = root.locator('.lab-verdict');
  await send(root, 'Log in as alice');
  await expect(root.locator('.lab-response-status')).toContainText('POST /login → 303');
  await expect(root.getByLabel('Response headers')).toContainText(/set-cookie: (session|sid)=/);
  const jar = root.getByRole('table', { name: /Cookie jar/ });
  await expect(jar.getByRole('rowheader')).not.toHaveCount(0);

  await root.getByRole('button', { name: 'Snapshot jar' }).click();
  await expect(root.getByText(/^Snapshot taken at/)).toBeVisible();
  await send(root, 'Log out (POST /logout)');
  await expect(root.locator('.lab-response-status')).toContainText('POST /logout → 303');
  await send(root, 'Who am I? (GET /me)');
  await expect(verdict).toHaveText(/^Denied \(401\)/);

  await root.getByRole('button', { name: 'Restore snapshot' }).click();
  await send(root, 'Who am I? (GET /me)');
  await expect(root.locator('.lab-response-status')).toContainText('GET /me →');
  await expect(verdict).not.toBeEmpty();
  return (await verdict.textContent()) ?? '';
}

test('lesson 3 (signed cookie sessions): the restored old cookie still logs you in, and its payload is readable', async ({
  page,
}) => {
  const root = await startLab(page, lessons.l3);
  await setFiles(page, root, lessons.l3, 'solution');
  expect(await replay(root)).toMatch(/^Logged in: the server accepts these credentials as /);
  const row = root.getByRole('table', { name: /Cookie jar/ }).getByRole('row', { name: /^session/ });
  await expect(row).toContainText('Signed, not encrypted');
});

test('lesson 5 (server-side sessions): the restored old cookie is denied', async ({ page }) => {
  const root = await startLab(page, lessons.l5);
  await setFiles(page, root, lessons.l5, 'solution');
  expect(await replay(root)).toMatch(/^Denied \(401\)/);
  await expect(
    root.getByRole('table', { name: /Cookie jar/ }).getByRole('row', { name: /^sid/ }),
  ).toContainText('Opaque');
});

test('lesson 6: token login, then the access token is rejected after token logout', async ({ page }) => {
  const root = await startLab(page, lessons.l6);
  await setFiles(page, root, lessons.l6, 'solution');
  await send(root, 'Token login (POST /api/login)');
  await expect(root.getByLabel('Response body')).toContainText('access_token');
  await send(root, 'Who am I with the token?');
  await expect(root.locator('.lab-verdict')).toHaveText(/^Logged in/);
  await send(root, 'Token logout (POST /api/logout)');
  await send(root, 'Who am I with the token?');
  await expect(root.locator('.lab-verdict')).toHaveText(/^Denied \(401\)/);
});

/**
 * Clicking through the preview, for a signed-cookie session (lesson 3) and a server-side one
 * (lesson 5). Lesson 6's own files are the token API, which has no pages to click; its pages use
 * the same server-side session as lesson 5, and its token flow is the console test above.
 */
for (const [lesson, cookie] of [
  [lessons.l3, 'session'],
  [lessons.l5, 'sid'],
] as const) {
  test(`lesson ${lesson}: the preview logs in and out by clicking, through the console’s cookie jar`, async ({
    page,
  }) => {
    const root = await startLab(page, lesson);
    await setFiles(page, root, lesson, 'solution');
    await showPanel(root, 'Preview');
    const preview = root.frameLocator('iframe[title="Preview of the lab server"]');
    await expect(preview.getByText('You are not signed in')).toBeVisible();
    await preview.getByRole('link', { name: 'Log in' }).first().click();
    await preview.getByLabel('Username').fill('alice');
    await preview.getByLabel('Password').fill('correct horse battery staple');
    await preview.getByRole('button', { name: 'Log in' }).click();
    await expect(preview.getByText('Signed in as alice', { exact: true })).toBeVisible();
    await expect(root.getByRole('textbox', { name: 'Preview address' })).toHaveValue('/dashboard');
    // The jar the preview filled is the console's, in the Console tab.
    await showPanel(root, 'Console');
    await expect(
      root.getByRole('table', { name: /Cookie jar/ }).getByRole('row', { name: new RegExp(`^${cookie}`) }),
    ).toBeVisible();

    await showPanel(root, 'Preview');
    await preview.getByRole('button', { name: 'Log out', exact: true }).click();
    await expect(preview.getByText('You are not signed in')).toBeVisible();
    await expect(root.locator('.lab-trail')).toContainText('POST /logout → 303 · GET / → 200');
    // The console, sharing the jar, agrees.
    await send(root, 'Who am I? (GET /me)');
    await expect(root.locator('.lab-verdict')).toHaveText(/^Denied \(401\)/);
  });
}
