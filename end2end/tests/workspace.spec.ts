import { Browser, expect, Page, test, TestInfo } from "@playwright/test";
import { signIn, uniqueTitle, usesJavaScript, visit } from "./support";

/** A second person in their own browser context, with the project's JavaScript setting. */
async function secondPerson(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    javaScriptEnabled: usesJavaScript(testInfo),
  });
  return context.newPage();
}

async function addNote(page: Page, text: string, visibility: string) {
  await page.getByLabel("Note (Markdown)").fill(text);
  await page.getByLabel("Who can read it").selectOption({ label: visibility });
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.locator(".timeline")).toContainText(text);
}

test("the platform's task and shared note reach the tenant's open page, its internal note never does", async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  const title = uniqueTitle("Something odd in the payment exports");
  const task = uniqueTitle("Pull the gateway logs for the export window");
  const shared = uniqueTitle("Gateway logs show the exports were requested from a new address");
  const internal = uniqueTitle("PLATFORM-ONLY the address belongs to our support VPN");

  // The tenant's analyst opens the incident; with no facts known, triage makes it shared.
  await signIn(page, testInfo, "analyst@acme.example", "/incidents/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Who is affected").selectOption({ label: "Acme Bank" });
  await page.getByLabel("Severity").selectOption("SEV2");
  await page.getByRole("button", { name: "Open incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/ACME-\d+$/);
  const path = new URL(page.url()).pathname;
  await expect(page.locator(".ownership-summary")).toContainText("Owner: shared");
  await expect(page.locator("section.progress")).toContainText("Time to triage");
  await expect(page.locator("#tasks-tenant")).toBeVisible();
  // The analyst edits the tenant's workstream only.
  await expect(page.getByText("Add a tenant task")).toBeVisible();
  await expect(page.getByText("Add a platform task")).toHaveCount(0);

  // The platform's responder works the same incident in their own browser.
  const responder = await secondPerson(browser, testInfo);
  await signIn(responder, testInfo, "responder@platform.example", path);
  await responder.getByText("Add a platform task").click();
  await responder.locator("#new-platform-task-title").fill(task);
  await responder.getByRole("button", { name: "Add platform task" }).click();
  await expect(responder.locator("section.workstream").first()).toContainText(task);
  await addNote(responder, internal, "Platform only");
  await addNote(responder, shared, "Shared with both sides");

  // The analyst's page shows both: by itself with JavaScript, after a reload without.
  if (!usesJavaScript(testInfo)) {
    await visit(page, testInfo, path);
  }
  await expect(page.locator("section.tasks")).toContainText(task);
  await expect(page.locator(".timeline")).toContainText(shared);
  await expect(page.locator(".timeline")).toContainText("Platform task added");
  // The internal note was written before the shared one, so had it leaked it would be here now.
  await expect(page.locator("body")).not.toContainText("PLATFORM-ONLY");
  await visit(page, testInfo, path);
  await expect(page.locator(".timeline")).toContainText(shared);
  await expect(page.locator("body")).not.toContainText("PLATFORM-ONLY");
  await responder.context().close();
});

test("the analyst moves the incident on and a refused move says why", async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  await signIn(page, testInfo, "analyst@acme.example", "/incidents/new");
  await page.getByLabel("Title").fill(uniqueTitle("Something odd in the payment exports"));
  await page.getByLabel("Who is affected").selectOption({ label: "Acme Bank" });
  await page.getByLabel("Severity").selectOption("SEV3");
  await page.getByRole("button", { name: "Open incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/ACME-\d+$/);

  await page.getByRole("button", { name: "Confirm triage" }).click();
  await expect(page.locator("section.progress .status")).toHaveText("triaged");
  await expect(page.locator(".timeline")).toContainText("Status changed from new to triaged");
  await page.getByRole("button", { name: "Start investigating" }).click();
  await expect(page.locator("section.progress .status")).toHaveText("investigating");

  await page.getByLabel("Severity", { exact: true }).selectOption("SEV1");
  await page.getByRole("button", { name: "Change severity" }).click();
  await expect(page.locator(".incident-badges")).toContainText("SEV1");

  // A tenant task cannot wait on the platform without saying for what.
  const firstTask = page.locator("#tasks-tenant").locator("xpath=..").locator("li.task").first();
  await firstTask.locator("summary").click();
  await firstTask.getByLabel("Status").selectOption({ label: "Waiting on the other side" });
  await firstTask.getByRole("button", { name: "Save task" }).click();
  const waiting = page.locator("li.task", { hasText: "Say what you are waiting for from the other side." });
  await expect(waiting).toBeVisible();
  await waiting.getByLabel("Waiting on the other side for").fill("The platform's gateway logs");
  await waiting.getByRole("button", { name: "Save task" }).click();
  await expect(page.locator("section.tasks")).toContainText("Waiting for: The platform's gateway logs");
});

test("markup typed into notes, tasks and waiting notes never runs", async ({ page }, testInfo) => {
  const payload = `</textarea><script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"> [link](javascript:window.__xss=3)`;
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await signIn(page, testInfo, "analyst@acme.example", "/incidents/ACME-2");
  await page.getByLabel("Note (Markdown)").fill(`${payload}\n\n<svg onload="alert(1)"></svg>`);
  await page.getByLabel("Who can read it").selectOption({ label: "Shared with both sides" });
  await page.getByRole("button", { name: "Add note" }).click();
  // Sanitised Markdown: the link keeps its words and loses its javascript: target.
  await expect(page.locator(".timeline-entry").first()).toContainText("link");
  await expect(page.locator(".timeline-entry").first().locator("a[href]")).toHaveCount(0);

  await page.getByText("Add a tenant task").click();
  await page.locator("#new-tenant-task-title").fill(`Task ${payload}`.slice(0, 200));
  await page.getByRole("button", { name: "Add tenant task" }).click();
  const task = page.locator("li.task", { hasText: "window.__xss = 1" }).first();
  await expect(task).toBeVisible();
  await task.locator("summary").click();
  await task.getByLabel("Status").selectOption({ label: "Waiting on the other side" });
  await task.getByLabel("Waiting on the other side for").fill(payload);
  await task.getByRole("button", { name: "Save task" }).click();
  await expect(page.locator(".waiting-note").first()).toContainText("window.__xss = 1");

  // Rendered by the server, and after hydration when JavaScript runs: nothing executes.
  await visit(page, testInfo, "/incidents/ACME-2");
  await expect(page.locator(".waiting-note").first()).toContainText("</textarea>");
  // Sanitised Markdown may keep a plain <img>, never a handler, a script or a javascript: link.
  await expect(page.locator("main [onerror], main [onload], main script, main a[href^='javascript']")).toHaveCount(0);
  if (usesJavaScript(testInfo)) {
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  }
  expect(dialogs).toEqual([]);
});

/** Counts the incident and timeline fetches `page` makes from now on. */
function countFetches(page: Page): { incident: number; timeline: number } {
  const counts = { incident: 0, timeline: 0 };
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path === "/api/incidents/get") counts.incident += 1;
    if (path === "/api/incidents/timeline") counts.timeline += 1;
  });
  return counts;
}

test("a note makes one timeline fetch on the author's page and on a viewer's, and no incident fetch", async ({ page, browser }, testInfo) => {
  test.skip(!usesJavaScript(testInfo), "pages update by themselves only with JavaScript");
  test.setTimeout(60_000);
  await signIn(page, testInfo, "analyst@acme.example", "/incidents/new");
  await page.getByLabel("Title").fill(uniqueTitle("Exports requested from an unknown address"));
  await page.getByLabel("Who is affected").selectOption({ label: "Acme Bank" });
  await page.getByLabel("Severity").selectOption("SEV3");
  await page.getByRole("button", { name: "Open incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/ACME-\d+$/);
  const path = new URL(page.url()).pathname;
  const viewer = await secondPerson(browser, testInfo);
  await signIn(viewer, testInfo, "responder@platform.example", path);
  // Both pages listen before anything is counted.
  for (const p of [page, viewer]) {
    await expect(p.locator("article.incident")).toHaveAttribute("data-live", "open");
  }
  const [author, reader] = [countFetches(page), countFetches(viewer)];

  const note = uniqueTitle("Counted note");
  await addNote(page, note, "Shared with both sides");
  await expect(viewer.locator(".timeline")).toContainText(note);
  // Give a second notice or a second refetch time to show itself.
  await page.waitForTimeout(1_000);
  expect(author).toEqual({ incident: 0, timeline: 1 });
  expect(reader).toEqual({ incident: 0, timeline: 1 });
  await viewer.context().close();
});
