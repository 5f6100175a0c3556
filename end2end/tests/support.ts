import { ConsoleMessage, expect, Page, TestInfo } from "@playwright/test";

/** Whether this project runs with JavaScript (hydrated pages) or without (plain HTML forms). */
export function usesJavaScript(testInfo: TestInfo): boolean {
  return testInfo.project.name === "javascript";
}

/**
 * Opens `path` and, when JavaScript runs, waits until the page is hydrated and interactive,
 * failing if the browser reported a Content-Security-Policy violation on the way.
 */
export async function visit(page: Page, testInfo: TestInfo, path: string): Promise<void> {
  const violations: string[] = [];
  const listener = (message: ConsoleMessage) => {
    if (message.type() === "error" && message.text().includes("Content Security Policy")) {
      violations.push(message.text());
    }
  };
  page.on("console", listener);
  await page.goto(path);
  if (usesJavaScript(testInfo)) {
    await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  }
  page.off("console", listener);
  expect(violations).toEqual([]);
}

/** A title no other test or run uses, so lists can be searched for it. */
export function uniqueTitle(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}
