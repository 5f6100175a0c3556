import { expect, test } from "@playwright/test";
import { signIn, uniqueTitle, usesJavaScript, visit } from "./support";

test("a tenant admin creates an API token, sees its secret once, and revokes it", async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  const name = uniqueTitle("Alertmanager");
  await signIn(page, testInfo, "admin@acme.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API tokens" }).click();
  await expect(page).toHaveURL(/\/admin\/tokens$/);
  await visit(page, testInfo, "/admin/tokens");
  await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();

  // The form: a name, a role no greater than the admin's, scopes with their meanings, a lifetime.
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Acts as role").selectOption({ label: "Tenant responder" });
  await page.getByLabel("incidents:read").check();
  await page.getByLabel("alerts:write").check();
  await page.getByLabel("Expires after").fill("30d");
  await page.getByRole("button", { name: "Create token" }).click();

  // The secret, in its box: from the action's answer with JavaScript, from the session without.
  if (!usesJavaScript(testInfo)) {
    await expect(page).toHaveURL(/\/admin\/tokens$/);
  }
  const secretBox = page.getByTestId("new-token-secret");
  await expect(secretBox).toHaveText(/^tdm_[0-9a-f]{64}$/);
  await expect(page.getByText("it is shown only this once")).toBeVisible();
  const secret = (await secretBox.textContent()) ?? "";
  expect(page.url()).not.toContain(secret);

  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("Tenant responder");
  await expect(row).toContainText("incidents:read");
  await expect(row).toContainText("alerts:write");
  await expect(row).toContainText("admin@acme.example");
  await expect(row).toContainText("Never");
  await expect(row).toContainText("Active");

  // Opened again, the page no longer shows the secret.
  await visit(page, testInfo, "/admin/tokens");
  await expect(page.getByTestId("new-token-secret")).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText(secret);
  await expect(row).toContainText("Active");

  // Revoking is immediate: the row says so and offers nothing more.
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  if (!usesJavaScript(testInfo)) {
    await expect(page).toHaveURL(/\/admin\/tokens$/);
  }
});

test("a refused token form says which field is wrong and keeps what was typed", async ({ page }, testInfo) => {
  const name = uniqueTitle("Nightly export");
  await signIn(page, testInfo, "admin@acme.example", "/admin/tokens");
  await visit(page, testInfo, "/admin/tokens");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Expires after").fill("400d");
  await page.getByRole("button", { name: "Create token" }).click();

  await expect(page.locator("#token-expires-error")).toContainText("at most a year (365d)");
  await expect(page.locator("#token-scopes-error")).toContainText("Choose at least one scope.");
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);
  await expect(page.getByLabel("Expires after")).toHaveValue("400d");
  await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(0);
});
