import { expect, test } from "@playwright/test";
import { signIn, uniqueTitle, usesJavaScript, visit } from "./support";

test("a responder opens an incident and finds it on its page and in the list", async ({ page }, testInfo) => {
  const title = uniqueTitle("Tenant admin without MFA");
  await signIn(page, testInfo, "analyst@acme.example", "/incidents/new");

  // Acme's analyst can open incidents for Acme alone: it is chosen already, and so is one
  // tenant affected, with JavaScript or without.
  await expect(page.getByLabel("Who is affected")).toHaveValue("ACME");
  await expect(page.getByLabel("Tenants affected")).toHaveValue("one");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Severity").selectOption("SEV2");
  await page.getByLabel("Description").fill("An admin signs in with a password only.\n\n- seen at **02:00 UTC**");
  await page.getByRole("button", { name: "Open incident" }).click();

  await expect(page).toHaveURL(/\/incidents\/ACME-\d+$/);
  const key = page.url().split("/").pop()!;
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.locator(".facts")).toContainText("Acme Bank");
  await expect(page.locator(".incident-badges")).toContainText("SEV2");
  await expect(page.locator(".prose strong", { hasText: "02:00 UTC" })).toBeVisible();
  await expect(page.locator(".timeline")).toContainText("Incident opened with severity SEV2");

  await visit(page, testInfo, "/incidents");
  const row = page.getByRole("row").filter({ hasText: title });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("link", { name: key })).toBeVisible();
  await expect(page.getByRole("row").nth(1)).toContainText(title);
  if (usesJavaScript(testInfo)) {
    await row.getByRole("link", { name: key }).click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  }
});

test("a refused form shows each problem next to its field and keeps what was typed", async ({ page }, testInfo) => {
  await signIn(page, testInfo, "admin@globex.example", "/incidents/new");

  await page.getByLabel("Title").fill("ab");
  await page.getByLabel("Who is affected").selectOption({ label: "Globex Health" });
  await page.getByLabel("Description").fill("Keep this text, please.");
  await page.getByRole("button", { name: "Open incident" }).click();

  await expect(page.locator("#title-error")).toHaveText("A title needs at least 3 characters.");
  await expect(page.locator("#severity-error")).toHaveText("Choose a severity from SEV1 to SEV4.");
  await expect(page.getByRole("alert")).toContainText("Please correct the fields marked below.");
  await expect(page.getByLabel("Title")).toHaveValue("ab");
  await expect(page.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Who is affected")).toHaveValue("GLOBEX");
  await expect(page.getByLabel("Description")).toHaveValue("Keep this text, please.");

  // Correcting the fields then opens the incident.
  await page.getByLabel("Title").fill("SAML assertion replay suspected");
  await page.getByLabel("Severity").selectOption("SEV3");
  await page.getByRole("button", { name: "Open incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/GLOBEX-\d+$/);
  await expect(page.getByRole("heading", { level: 1, name: "SAML assertion replay suspected" })).toBeVisible();
});

test("an unknown incident key shows a clear not-found page", async ({ page }, testInfo) => {
  await signIn(page, testInfo, "analyst@acme.example");
  const response = await page.goto("/incidents/ACME-99999");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to incidents" })).toBeVisible();
});

test("opening an incident triage gives to the platform alone asks the tenant to confirm first", async ({ page }, testInfo) => {
  const title = uniqueTitle("Expired TLS certificate on the platform API gateway");
  await signIn(page, testInfo, "analyst@acme.example", "/incidents/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Severity").selectOption("SEV2");
  await page.getByLabel("Responsibility area").selectOption({ label: "Infrastructure and cloud security" });
  await page.getByRole("button", { name: "Open incident" }).click();

  // Nothing is opened yet: the form asks, and keeps what was typed.
  const question = page.locator("#handover");
  await expect(question).toContainText("your tenant will no longer see it");
  await expect(page).toHaveURL(/\/incidents\/new/);
  await expect(page.getByLabel("Title")).toHaveValue(title);
  await page.getByLabel("Open it anyway").check();
  await page.getByRole("button", { name: "Open incident" }).click();

  await expect(page).toHaveURL(/\/incidents\?handed_over=ACME-\d+$/);
  await expect(page.getByRole("status").filter({ hasText: "is recorded" })).toContainText("no longer shown to you");
});
