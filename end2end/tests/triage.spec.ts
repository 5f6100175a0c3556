import { expect, Page, test } from "@playwright/test";
import { signIn, uniqueTitle, usesJavaScript } from "./support";

// The area left out stays on "Suggest from the text": the server suggests it, and flags, from
// the words of the title.
async function openIncident(page: Page, fields: {
  title: string; affected: string; severity: string; area?: string; layer: string; scope: string; flags?: string[];
}) {
  await page.getByLabel("Title").fill(fields.title);
  await page.getByLabel("Who is affected").selectOption({ label: fields.affected });
  await page.getByLabel("Severity").selectOption(fields.severity);
  if (fields.area) {
    await page.getByLabel("Responsibility area").selectOption({ label: fields.area });
  }
  await page.getByLabel("Where it happened").selectOption({ label: fields.layer });
  await page.getByLabel("Tenants affected").selectOption({ label: fields.scope });
  for (const flag of fields.flags ?? []) {
    await page.getByLabel(flag).check();
  }
  await page.getByRole("button", { name: "Open incident" }).click();
}

test("a tenant admin without MFA is triaged to the tenant, with the reason shown", async ({ page }, testInfo) => {
  await signIn(page, testInfo, "analyst@acme.example", "/incidents/new");
  // Neither the area nor a flag is chosen: both come from the words.
  await openIncident(page, {
    title: uniqueTitle("Tenant admin account without MFA"),
    affected: "Acme Bank",
    severity: "SEV2",
    layer: "Inside a tenant",
    scope: "One tenant",
  });

  await expect(page).toHaveURL(/\/incidents\/ACME-\d+$/);
  const ownership = page.locator("section.ownership");
  await expect(ownership.locator(".ownership-summary")).toContainText("Owner: tenant");
  await expect(ownership.locator(".ownership-summary")).toContainText("Lead: tenant");
  await expect(ownership.locator(".reasons")).toContainText(
    "Privileged Access Management (PAM) is split, and this happened in the tenant layer",
  );
  await expect(ownership.locator(".reasons")).toContainText("Tenant authentication or MFA configuration");
  await expect(ownership.getByRole("link", { name: "Model: Authentication and MFA configuration." })).toHaveAttribute(
    "href",
    "/model#duty-tenant-authentication-mfa",
  );
  await expect(ownership).toContainText("Area and flags were suggested from the words: admin account");
  await expect(ownership).toContainText("mfa");
  await expect(page.locator(".timeline")).toContainText("Triaged to tenant ownership");
});

test("an expired platform TLS certificate is triaged to the platform", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await signIn(page, testInfo, "responder@platform.example", "/incidents/new");
  await openIncident(page, {
    title: uniqueTitle("Expired TLS certificate on the API gateway"),
    affected: "Coherent (platform-wide)",
    severity: "SEV1",
    area: "Infrastructure and cloud security",
    layer: "The platform layer",
    scope: "All tenants",
    flags: ["Platform availability or hosting affected"],
  });

  await expect(page).toHaveURL(/\/incidents\/PLT-\d+$/);
  const ownership = page.locator("section.ownership");
  await expect(ownership.locator(".ownership-summary")).toContainText("Owner: platform");
  await expect(ownership.locator(".ownership-summary")).toContainText("Lead: platform");
  await expect(ownership.locator(".reasons")).toContainText(
    "Infrastructure and cloud security is the platform's responsibility alone",
  );
  await expect(ownership.locator(".reasons")).toContainText("Platform availability or hosting affected");
  await expect(ownership.getByRole("link", { name: "Model: Secure hosting and platform availability." })).toHaveAttribute(
    "href",
    "/model#duty-secure-hosting",
  );
  await expect(page.locator("section.tasks")).toContainText("Restore secure hosting and confirm platform availability");
});

test("an override needs a reason and then shows on the incident", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await signIn(page, testInfo, "responder@platform.example", "/incidents/new");
  await openIncident(page, {
    title: uniqueTitle("SSO broker certificate rotated"),
    affected: "Coherent (platform-wide)",
    severity: "SEV3",
    area: "Incident response",
    layer: "The platform layer",
    scope: "All tenants",
  });
  await expect(page).toHaveURL(/\/incidents\/PLT-\d+$/);

  await page.getByText("Override the owner").click();
  await page.getByLabel("Owner", { exact: true }).selectOption("shared");
  await page.getByLabel("Reason").fill("short");
  await page.getByRole("button", { name: "Override owner" }).click();
  await expect(page.locator("#override-reason-error")).toContainText("at least 10 characters");

  await page.getByLabel("Reason").fill("The platform's SSO broker rotated the certificate, not the tenant.");
  await page.getByRole("button", { name: "Override owner" }).click();
  await expect(page.locator(".notice-override")).toContainText("Overridden to shared by Rory Responder (triage decided platform)");
  await expect(page.locator(".timeline")).toContainText("The platform's SSO broker rotated the certificate");
});

test("typing shows the suggested area and the words that matched", async ({ page }, testInfo) => {
  test.skip(!usesJavaScript(testInfo), "the live suggestion needs JavaScript; without it the server applies it");
  await signIn(page, testInfo, "analyst@acme.example", "/incidents/new");
  await page.getByLabel("Title").fill("SAML SSO broken after IdP change");
  const suggestion = page.locator(".suggestion");
  await expect(suggestion).toContainText("Tenant identity federation or integration");
  await expect(suggestion).toContainText("“saml”");
});
