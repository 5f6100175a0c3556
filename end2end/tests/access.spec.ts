import { Browser, expect, Page, test, TestInfo } from "@playwright/test";
import { signIn, uniqueTitle, visit } from "./support";

/** A second person in their own browser context, with the same JavaScript setting. */
async function asAnotherPerson(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    javaScriptEnabled: testInfo.project.use.javaScriptEnabled,
  });
  return context.newPage();
}

test("a tenant analyst signs in and sees only their own tenant", async ({ page }, testInfo) => {
  await signIn(page, testInfo, "analyst@acme.example");
  await expect(page.getByTestId("identity")).toContainText("Tenant responder · Acme Bank");
  await expect(page.getByTestId("identity")).toContainText("Tenant side");
  const keys = await page.locator("td.key").allTextContents();
  expect(keys.length).toBeGreaterThan(0);
  for (const key of keys) {
    expect(key).toMatch(/^ACME-\d+$/);
  }
  await expect(page.locator("body")).not.toContainText("Globex");

  const response = await page.goto("/incidents/GLOBEX-1");
  expect(response?.status()).toBe(404);
});

test("signing out ends the session and pages ask to sign in again", async ({ page }, testInfo) => {
  await signIn(page, testInfo, "viewer@acme.example");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
  await expect(page.getByRole("status")).toContainText("You are signed out.");
  await visit(page, testInfo, "/incidents");
  await expect(page).toHaveURL(/\/login\?next=\/incidents$/);
});

test("a wrong password is refused with one message and the address is kept", async ({ page }, testInfo) => {
  await visit(page, testInfo, "/login");
  await page.getByLabel("E-mail").fill("analyst@acme.example");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#password-error")).toHaveText("The e-mail address or password is not right.");
  await expect(page.getByLabel("E-mail")).toHaveValue("analyst@acme.example");
});

test("a platform responder asks for access, the tenant admin approves, and the read shows in the tenant's audit log", async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  // The tenant opens an incident that the model makes theirs alone.
  const title = uniqueTitle("Tenant admin without MFA");
  await signIn(page, testInfo, "analyst@acme.example", "/incidents/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Who is affected").selectOption({ label: "Acme Bank" });
  await page.getByLabel("Severity").selectOption("SEV2");
  await page.getByLabel("Responsibility area").selectOption({ label: "Privileged Access Management (PAM)" });
  await page.getByLabel("Where it happened").selectOption({ label: "Inside a tenant" });
  await page.getByLabel("Tenants affected").selectOption({ label: "One tenant" });
  await page.getByLabel("Tenant authentication or MFA configuration").check();
  await page.getByRole("button", { name: "Open incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/ACME-\d+$/);
  const key = page.url().split("/").pop()!;
  await expect(page.locator(".ownership-summary")).toContainText("Owner: tenant");

  // The platform responder cannot see it.
  const responder = await asAnotherPerson(browser, testInfo);
  await signIn(responder, testInfo, "responder@platform.example");
  await expect(responder.getByTestId("identity")).toContainText("Platform side");
  expect((await responder.goto(`/incidents/${key}`))?.status()).toBe(404);

  // They ask the tenant for access to it.
  await visit(responder, testInfo, "/access");
  await responder.getByLabel("Tenant", { exact: true }).selectOption({ label: "Acme Bank" });
  await responder.getByLabel("Incident key (optional)").fill(key);
  await responder.getByLabel("Reason").fill(`Checking whether ${key} touches platform SSO`);
  await responder.getByLabel("For how long").selectOption("60");
  await responder.getByRole("button", { name: "Request access" }).click();
  const request = responder.getByRole("row").filter({ hasText: key });
  await expect(request).toContainText("requested");

  // The tenant admin approves.
  const admin = await asAnotherPerson(browser, testInfo);
  await signIn(admin, testInfo, "admin@acme.example", "/access");
  const pending = admin.getByRole("row").filter({ hasText: `Checking whether ${key}` });
  await expect(pending).toContainText("Rory Responder");
  await pending.getByRole("button", { name: "Approve" }).click();
  await expect(admin.getByRole("row").filter({ hasText: `Checking whether ${key}` })).toContainText("approved");

  // The responder now reads it, and the header shows the grant.
  await visit(responder, testInfo, `/incidents/${key}`);
  await expect(responder.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(responder.getByLabel("Active access grants")).toContainText("Access to Acme Bank");

  // The tenant admin sees that read in their audit log.
  await visit(admin, testInfo, "/admin/audit?action=incident.read_under_grant");
  const read = admin.getByRole("row").filter({ hasText: "responder@platform.example" });
  await expect(read.first()).toContainText("incident.read_under_grant");
});
