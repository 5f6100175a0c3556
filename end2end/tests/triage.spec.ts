import { expect, Page, test, TestInfo } from "@playwright/test";
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

// The live parts of the form (the suggestion, the scope following "Who is affected") answer
// only once the page is hydrated.
async function hydrated(page: Page, testInfo: TestInfo) {
  if (usesJavaScript(testInfo)) {
    await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  }
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
  await expect(ownership).toContainText("were suggested from the words: admin account");
  await expect(ownership).toContainText("mfa");
  await expect(page.locator(".timeline")).toContainText("Triaged to tenant ownership");
});

test("a tenant analyst's MFA incident, left to the form's answers and the words, is the tenant's with nothing left to ask", async ({ page }, testInfo) => {
  await signIn(page, testInfo, "analyst@acme.example", "/incidents/new");
  await hydrated(page, testInfo);
  await expect(page.getByLabel("Who is affected")).toHaveValue("ACME");
  await expect(page.getByLabel("Tenants affected")).toHaveValue("one");
  await expect(page.getByLabel("Where it happened")).toHaveValue("");
  await page.getByLabel("Title").fill(uniqueTitle("MFA was never enabled for tenant administrators"));
  await page.getByLabel("Severity").selectOption("SEV2");
  if (usesJavaScript(testInfo)) {
    const suggestion = page.locator(".suggestion");
    await expect(suggestion).toContainText("Area: Privileged Access Management (PAM)");
    await expect(suggestion).toContainText("Layer: Tenant — matched “tenant administrators”, “mfa”");
  }
  await page.getByRole("button", { name: "Open incident" }).click();

  await expect(page).toHaveURL(/\/incidents\/ACME-\d+$/);
  const ownership = page.locator("section.ownership");
  await expect(ownership.locator(".ownership-summary")).toContainText("Owner: tenant");
  await expect(ownership.locator(".reasons")).toContainText(
    "Privileged Access Management (PAM) is split, and this happened in the tenant layer",
  );
  await expect(ownership).toContainText("suggested from the words: administrators, mfa, tenant administrators");
  await expect(ownership).not.toContainText("How many tenants are affected");
  await expect(ownership).not.toContainText("Still needed to be sure");
});

test("a customer chosen by platform staff counts as one tenant affected unless they say otherwise", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await signIn(page, testInfo, "responder@platform.example", "/incidents/new");
  await hydrated(page, testInfo);
  // Platform staff may choose any tenant: nothing is chosen for them.
  await expect(page.getByLabel("Who is affected")).toHaveValue("");
  await expect(page.getByLabel("Tenants affected")).toHaveValue("");
  await page.getByLabel("Who is affected").selectOption({ label: "Acme Bank" });
  if (usesJavaScript(testInfo)) {
    // The field follows the choice until the responder picks a scope themselves.
    await expect(page.getByLabel("Tenants affected")).toHaveValue("one");
    await page.getByLabel("Who is affected").selectOption({ label: "Coherent (platform-wide)" });
    await expect(page.getByLabel("Tenants affected")).toHaveValue("");
    await page.getByLabel("Tenants affected").selectOption({ label: "Several tenants" });
    await page.getByLabel("Who is affected").selectOption({ label: "Acme Bank" });
    await expect(page.getByLabel("Tenants affected")).toHaveValue("several");
    await page.getByLabel("Tenants affected").selectOption({ label: "Not known yet" });
  }
  // Left "Not known yet", the server counts the one customer chosen.
  await page.getByLabel("Title").fill(uniqueTitle("Load balancer outage in front of Acme's exports"));
  await page.getByLabel("Severity").selectOption("SEV2");
  await page.getByLabel("Responsibility area").selectOption({ label: "Infrastructure and cloud security" });
  await page.getByRole("button", { name: "Open incident" }).click();

  await expect(page).toHaveURL(/\/incidents\/ACME-\d+$/);
  const ownership = page.locator("section.ownership");
  await expect(ownership.locator(".ownership-summary")).toContainText("Owner: platform");
  await expect(ownership).not.toContainText("How many tenants are affected");
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
