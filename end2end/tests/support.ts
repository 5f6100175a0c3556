import { ConsoleMessage, expect, Page, TestInfo } from "@playwright/test";
import * as OTPAuth from "otpauth";

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

/** The password of every demo account, and the TOTP secret of the demo platform staff. */
export const DEMO_PASSWORD = "tandem-demo-password";
export const DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP";

const totp = new OTPAuth.TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(DEMO_TOTP_SECRET) });
/** The last TOTP step used per account: a code works once, so the next sign-in waits a step. */
const lastStep = new Map<string, number>();

async function freshCode(email: string): Promise<string> {
  let step = Math.floor(Date.now() / 30_000);
  if ((lastStep.get(email) ?? -1) >= step) {
    await new Promise((resolve) => setTimeout(resolve, (step + 1) * 30_000 - Date.now() + 200));
    step = Math.floor(Date.now() / 30_000);
  }
  lastStep.set(email, step);
  return totp.generate({ timestamp: step * 30_000 + 1_000 });
}

/** Signs in through the login page (and the second factor for platform staff). */
export async function signIn(page: Page, testInfo: TestInfo, email: string, next = "/incidents"): Promise<void> {
  await visit(page, testInfo, `/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (email.endsWith("@platform.example")) {
    await expect(page).toHaveURL(/\/login\/second-factor/);
    if (usesJavaScript(testInfo)) {
      await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
    }
    await page.getByLabel("Code").fill(await freshCode(email));
    await page.getByRole("button", { name: "Verify" }).click();
    // Another worker may have used this step's code for the same account: wait for the next.
    const refused = page.locator("#code-error", { hasText: "already used" });
    await expect(page.getByTestId("identity").or(refused)).toBeVisible();
    if (await refused.isVisible()) {
      lastStep.set(email, Math.floor(Date.now() / 30_000));
      await page.getByLabel("Code").fill(await freshCode(email));
      await page.getByRole("button", { name: "Verify" }).click();
    }
  }
  await expect(page.getByTestId("identity")).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`));
}
