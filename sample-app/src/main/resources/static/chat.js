import { Consumer } from "./cable.js";

const NAME = /^[\p{L}\p{N}_.-]{1,32}$/u;
const ROOMS = ["lobby", "random", "dev"];
const TYPING_EVERY_MS = 1500;
const TYPING_SHOWN_MS = 3000;

const $ = (selector) => document.querySelector(selector);

// who is logged in and where to connect: /cable with the session cookie, or anycable-go with an
// AnyCable JWT in the URL (profile "anycable")
async function fetchSession() {
  const response = await fetch("/session", { headers: { Accept: "application/json" } });
  if (!response.ok || response.redirected) {
    location.assign("/login");
    throw new Error("not logged in");
  }
  return response.json();
}

const session = await fetchSession();
const user = session.user;
const consumer = new Consumer(session.cableUrl);
let room = null;
let subscription = null;
let lastTyping = 0;
const typing = new Map(); // user -> timer

// --- session -----------------------------------------------------------------------------------------

$("#me").textContent = user;
document.body.classList.add("signed-in");

$("#signout").addEventListener("click", async () => {
  leave();
  consumer.disconnect();
  // Spring Security's logout; the server also closes this user's sockets everywhere
  const csrf = document.cookie.split("; ").find((cookie) => cookie.startsWith("XSRF-TOKEN="))?.slice(11) ?? "";
  await fetch("/logout", { method: "POST", headers: { "X-XSRF-TOKEN": decodeURIComponent(csrf) } });
  location.assign("/login?logout");
});

consumer.onStateChange(async (state) => {
  const status = $("#status");
  status.dataset.state = state;
  status.textContent = {
    connecting: "Connecting…",
    connected: "Connected",
    disconnected: "Offline, retrying…",
    rejected: "Not allowed in: log in again",
    expired: "Refreshing the token…",
  }[state];
  if (state === "expired") {
    consumer.url = (await fetchSession()).cableUrl;
    consumer.connect();
  }
});

// --- rooms -------------------------------------------------------------------------------------------

function renderRooms() {
  const list = $("#rooms");
  list.replaceChildren();
  for (const name of new Set([...ROOMS, ...(room ? [room] : [])])) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = `# ${name}`;
    button.dataset.room = name;
    button.setAttribute("aria-current", name === room ? "true" : "false");
    button.addEventListener("click", () => join(name));
    const item = document.createElement("li");
    item.append(button);
    list.append(item);
  }
}

$("#new-room").addEventListener("submit", (event) => {
  event.preventDefault();
  const name = $("#room-name").value.trim().toLowerCase();
  if (NAME.test(name)) {
    $("#room-name").value = "";
    join(name);
  }
});

function join(name) {
  if (name === room && subscription) {
    return;
  }
  leave();
  room = name;
  $("#room-title").textContent = `# ${room}`;
  $("#messages").replaceChildren();
  renderRooms();
  subscription = consumer.subscribe({ channel: "ChatChannel", room }, {
    connected: () => {
      // the room's own join broadcast is sent before this subscription streams from the room
      notice(`You joined #${name}`, "join", new Date().toISOString());
      $("#text").disabled = false;
      $("#send").disabled = false;
      $("#text").focus();
    },
    rejected: () => notice(`#${room} is not a valid room.`, "error"),
    received: (message) => received(message),
  });
  history.replaceState(null, "", `?room=${encodeURIComponent(room)}`);
}

function leave() {
  subscription?.unsubscribe();
  subscription = null;
  for (const timer of typing.values()) {
    clearTimeout(timer);
  }
  typing.clear();
  renderTyping();
  $("#text").disabled = true;
  $("#send").disabled = true;
}

// --- messages ----------------------------------------------------------------------------------------

function received(message) {
  if (message.event === "typing") {
    if (message.user !== user) {
      showTyping(message.user);
    }
    return;
  }
  switch (message.type) {
    case "message":
      hideTyping(message.user);
      bubble(message);
      break;
    case "join":
      if (message.user !== user) {
        notice(`${message.user} joined`, "join", message.at);
      }
      break;
    case "leave":
      notice(`${message.user} left`, "leave", message.at);
      break;
    case "announcement":
      notice(`📣 ${message.user}: ${message.text}`, "announcement", message.at);
      break;
    case "error":
      $("#compose-error").textContent = message.text;
      break;
  }
}

function bubble({ user: author, text, at }) {
  const item = document.createElement("li");
  item.className = author === user ? "message mine" : "message";
  const header = document.createElement("div");
  header.className = "meta";
  const name = document.createElement("strong");
  name.textContent = author;
  const time = document.createElement("time");
  time.textContent = clock(at);
  header.append(name, time);
  const body = document.createElement("p");
  body.textContent = text;
  item.append(header, body);
  append(item);
}

function notice(text, kind = "info", at = null) {
  const item = document.createElement("li");
  item.className = `notice ${kind}`;
  item.textContent = at ? `${text} · ${clock(at)}` : text;
  append(item);
}

function append(item) {
  const list = $("#messages");
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.append(item);
  if (atBottom) {
    list.scrollTop = list.scrollHeight;
  }
}

function clock(at) {
  const date = at ? new Date(at) : new Date();
  return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

// --- composing and typing ----------------------------------------------------------------------------

$("#compose").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("#text").value.trim();
  if (!text || !subscription) {
    return;
  }
  $("#compose-error").textContent = "";
  if (subscription.perform("speak", { text })) {
    $("#text").value = "";
    lastTyping = 0;
  }
});

$("#text").addEventListener("input", () => {
  const now = Date.now();
  if (subscription && $("#text").value && now - lastTyping > TYPING_EVERY_MS) {
    lastTyping = now;
    subscription.whisper({ event: "typing", user });
  }
});

function showTyping(name) {
  clearTimeout(typing.get(name));
  typing.set(name, setTimeout(() => hideTyping(name), TYPING_SHOWN_MS));
  renderTyping();
}

function hideTyping(name) {
  clearTimeout(typing.get(name));
  if (typing.delete(name)) {
    renderTyping();
  }
}

function renderTyping() {
  const names = [...typing.keys()];
  $("#typing").textContent = names.length === 0 ? ""
    : names.length === 1 ? `${names[0]} is typing…`
    : `${names.slice(0, -1).join(", ")} and ${names.at(-1)} are typing…`;
}

// admins only: the channel's @PreAuthorize refuses the others, and its exception handler says so
$("#announce").addEventListener("click", () => {
  const text = $("#text").value.trim();
  if (text && subscription) {
    $("#compose-error").textContent = "";
    if (subscription.perform("announce", { text })) {
      $("#text").value = "";
    }
  }
});

renderRooms();
consumer.connect();
join(new URLSearchParams(location.search).get("room") ?? ROOMS[0]);
