// Two users log in through the form (two browser contexts, two sessions) and chat through the sample
// app's embedded Action Cable endpoint: both join a room, one types (the other sees the whisper) and
// sends (the other sees the message), the other answers, is refused the admin's announce, and leaves. A page on another origin cannot open the socket with the visitor's cookie (cross-site
// WebSocket hijacking). Starts the packaged app on a free loopback port; every wait is bounded.
// E2E_BASE_URL=http://127.0.0.1:8080 runs the same test against an app already running (for example
// with the "anycable" profile behind anycable-go).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { createServer as createHttpServer } from "node:http";
import { mkdirSync, createWriteStream, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, "..", "target");
const artifacts = join(target, "e2e");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const STARTUP_MS = 120_000;
const STEP_MS = 10_000;

let app;
let browser;
let baseUrl;
let otherSite;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(url, process, deadline) {
  while (Date.now() < deadline) {
    if (process.exitCode !== null) {
      throw new Error(`The app exited with ${process.exitCode}: see ${artifacts}/app.log`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The app did not serve ${url} within ${STARTUP_MS / 1000} s: see ${artifacts}/app.log`);
}

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  baseUrl = process.env.E2E_BASE_URL ?? await startApp();
  browser = await chromium.launch({
    executablePath: chromiumPath,
    timeout: STEP_MS * 3,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"],
  });
});

async function startApp() {
  const jar = readdirSync(target).find((name) => /^anycable-sample-app-.*\.jar$/.test(name));
  assert.ok(jar, `No packaged app in ${target}: run mvn -pl sample-app -am package -DskipTests first`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = createWriteStream(join(artifacts, "app.log"));
  // default profile = embedded endpoint, which opens no gRPC port
  app = spawn("java", ["-jar", join(target, jar), `--server.port=${port}`, "--server.address=127.0.0.1"],
    { stdio: ["ignore", "pipe", "pipe"] });
  app.stdout.pipe(log);
  app.stderr.pipe(log);
  await waitUntilServing(`${url}/`, app, Date.now() + STARTUP_MS);
  return url;
}

after(async () => {
  await browser?.close();
  otherSite?.close();
  if (app && app.exitCode === null) {
    const exited = new Promise((resolve) => app.once("exit", resolve));
    app.kill("SIGTERM");
    const timer = setTimeout(() => app.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  }
});

// the demo users' password (UsersConfiguration)
const PASSWORD = "chat";

async function signIn(name, room) {
  // a context each: separate cookie jars (separate login sessions), like two people
  const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
  context.setDefaultTimeout(STEP_MS);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error));
  // the chat needs a login: Spring Security's form, then back to the room
  await page.goto(`${baseUrl}/?room=${room}`);
  await page.waitForURL(/\/login$/);
  await page.fill("#username", name);
  await page.fill("#password", PASSWORD);
  await page.click("button[type=submit]");
  await page.waitForURL((url) => url.pathname === "/");
  await page.locator("#status[data-state=connected]").waitFor();
  await page.locator("#text:enabled").waitFor();
  return { page, context, errors };
}

test("two users log in through the form and chat in a room: join notices, typing, messages, leave", async () => {
  const room = `e2e-${Date.now().toString(36)}`;
  const jane = await signIn("jane", room);
  const bob = await signIn("bob", room);

  await jane.page.locator("#messages .notice.join", { hasText: "bob joined" }).waitFor();
  await bob.page.locator("#messages .notice.join", { hasText: "You joined" }).waitFor();

  await jane.page.locator("#text").pressSequentially("Hello Bob, this is the embedded server");
  await bob.page.locator("#typing", { hasText: "jane is typing…" }).waitFor();
  assert.equal(await jane.page.locator("#typing").textContent(), "", "the sender does not see its own whisper");

  await jane.page.locator("#text").press("Enter");
  const received = bob.page.locator("#messages .message", { hasText: "Hello Bob, this is the embedded server" });
  await received.waitFor();
  assert.equal(await received.locator("strong").textContent(), "jane");
  await jane.page.locator("#messages .message.mine", { hasText: "Hello Bob" }).waitFor();
  await bob.page.locator("#typing:empty").waitFor();

  await bob.page.locator("#text").fill("Hi Jane! Both tabs, one JVM.");
  await bob.page.locator("#send").click();
  await jane.page.locator("#messages .message:not(.mine)", { hasText: "Hi Jane!" }).waitFor();

  // announcing is for admins: the channel's @PreAuthorize refuses bob, and the page says so
  await bob.page.locator("#text").fill("free pizza");
  await bob.page.locator("#announce").click();
  await bob.page.locator("#compose-error", { hasText: "Only admins can announce" }).waitFor();

  await jane.page.screenshot({ path: join(artifacts, "chat.png") });

  await bob.context.close();
  await jane.page.locator("#messages .notice.leave", { hasText: "bob left" }).waitFor();

  assert.deepEqual([...jane.errors, ...bob.errors], []);
  await jane.context.close();
});

// A page of another origin (another loopback port: same site, so the browser sends the session cookie
// along) that opens a WebSocket to the URL in its ?cable= parameter and reports what came of it.
const HOSTILE_PAGE = `<!doctype html><title>Other origin</title><script>
  window.attempt = new Promise((resolve) => {
    const frames = [];
    let opened = false;
    const socket = new WebSocket(new URLSearchParams(location.search).get("cable"), ["actioncable-v1-json"]);
    socket.onopen = () => { opened = true; };
    socket.onmessage = (event) => frames.push(event.data);
    socket.onclose = (event) => resolve({ opened, frames, code: event.code });
    setTimeout(() => { socket.close(); resolve({ opened, frames, code: "timeout" }); }, ${STEP_MS / 2});
  });
</script>`;

// the first line of the app's log containing text, waiting for the log to be written
async function logLine(text) {
  const deadline = Date.now() + STEP_MS;
  while (Date.now() < deadline) {
    const line = readFileSync(join(artifacts, "app.log"), "utf8").split("\n").find((l) => l.includes(text));
    if (line) {
      return line;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`No line with "${text}" in ${artifacts}/app.log`);
}

async function startOtherSite() {
  otherSite = createHttpServer((request, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(HOSTILE_PAGE);
  });
  await new Promise((resolve) => otherSite.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${otherSite.address().port}`;
}

test("a page on another origin cannot open the socket with the visitor's cookie", async () => {
  const visitor = await signIn("ann", `e2e-origin-${Date.now().toString(36)}`);
  // where the app's own page connects (/session: the embedded endpoint, or anycable-go)
  const cableUrl = await visitor.page.evaluate(async () => {
    const { cableUrl } = await (await fetch("/session")).json();
    return new URL(cableUrl, location.href).href.replace(/^http/, "ws");
  });
  const origin = await startOtherSite();
  const hostile = await visitor.context.newPage();
  await hostile.goto(`${origin}/?cable=${encodeURIComponent(cableUrl)}`);
  const attempt = await hostile.evaluate(() => window.attempt);
  assert.deepEqual(attempt, { opened: false, frames: [], code: 1006 }, "refused before the upgrade: no welcome");

  // the same socket from the app's own origin, same cookie: welcomed
  const own = await visitor.page.evaluate(({ url, timeout }) => new Promise((resolve, reject) => {
    const socket = new WebSocket(url, ["actioncable-v1-json"]);
    socket.onmessage = (event) => { socket.close(); resolve(JSON.parse(event.data)); };
    socket.onclose = (event) => reject(new Error(`closed with ${event.code}`));
    setTimeout(() => reject(new Error("no frame")), timeout);
  }), { url: cableUrl, timeout: STEP_MS });
  assert.equal(own.type, "welcome");

  if (app) {
    const warning = await logLine(`Refused a WebSocket connection to /cable from origin ${origin}`);
    assert.match(warning, / WARN .*anycable\.embedded\.allowed-origins/);
  }
  assert.deepEqual(visitor.errors, []);
  await visitor.context.close();
});
