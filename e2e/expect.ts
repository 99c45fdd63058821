import type { Locator } from 'playwright-core';

// playwright-core has no test runner and no web-first assertions; these few retry until the
// page settles, like @playwright/test's expect, without pulling in its browser downloads.
const TIMEOUT = 10_000;

async function poll(check: () => Promise<boolean>, describe: () => Promise<string>, timeout = TIMEOUT) {
  const until = Date.now() + timeout;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > until) throw new Error(await describe());
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function expect(locator: Locator) {
  return {
    toBeVisible: (timeout = TIMEOUT) => locator.waitFor({ state: 'visible', timeout }),
    toBeHidden: (timeout = TIMEOUT) => locator.waitFor({ state: 'hidden', timeout }),
    toHaveText: (text: string | RegExp, timeout = TIMEOUT) =>
      poll(
        async () => {
          const t = ((await locator.first().textContent({ timeout: 500 })) ?? '').trim();
          return typeof text === 'string' ? t === text : text.test(t);
        },
        async () =>
          `expected ${locator} to have text ${text}, got "${await locator
            .first()
            .textContent({ timeout: 500 })
            .catch(() => null)}"`,
        timeout,
      ),
    toHaveValue: (value: string, timeout = TIMEOUT) =>
      poll(
        async () => (await locator.first().inputValue({ timeout: 500 })) === value,
        async () =>
          `expected ${locator} to have value "${value}", got "${await locator
            .first()
            .inputValue({ timeout: 500 })
            .catch(() => null)}"`,
        timeout,
      ),
    toHaveCount: (n: number, timeout = TIMEOUT) =>
      poll(
        async () => (await locator.count()) === n,
        async () => `expected ${locator} to have ${n} elements, got ${await locator.count()}`,
        timeout,
      ),
  };
}
