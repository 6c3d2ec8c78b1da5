// A small Action Cable client over the browser's WebSocket: one connection, many subscriptions,
// pings watched, reconnects with backoff, subscriptions restored after a reconnect.
// Works with the embedded endpoint and with anycable-go alike.

const PROTOCOLS = ["actioncable-v1-ext-json", "actioncable-v1-json"];
const STALE_AFTER_MS = 9000; // three missed pings at the default 3 s interval
const MAX_BACKOFF_MS = 10000;

export class Consumer {
  #url;
  #socket = null;
  #subscriptions = new Map();
  #listeners = new Set();
  #attempts = 0;
  #lastSeen = 0;
  #watchdog = null;
  #reconnectTimer = null;
  #stopped = true;

  /** @param {string} url ws:// or wss:// URL; a path like "/cable" is resolved against the page */
  constructor(url = "/cable") {
    this.url = url;
    this.state = "disconnected";
    this.sid = null;
  }

  /** Where the next connect() goes, e.g. with a fresh token after "expired". */
  set url(url) {
    const resolved = new URL(url, window.location.href);
    if (resolved.protocol === "http:" || resolved.protocol === "https:") {
      resolved.protocol = resolved.protocol === "https:" ? "wss:" : "ws:";
    }
    this.#url = resolved.toString();
  }

  /**
   * Listen to state changes: "connecting", "connected", "disconnected", "rejected", and
   * "expired" (the AnyCable JWT in the URL has expired: set a fresh url, then connect()).
   */
  onStateChange(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  connect() {
    this.#stopped = false;
    this.#open();
  }

  /** Close for good (no reconnect). Subscriptions are kept and restored on the next connect(). */
  disconnect() {
    this.#stopped = true;
    clearTimeout(this.#reconnectTimer);
    clearInterval(this.#watchdog);
    if (this.#socket) {
      this.#socket.close(1000, "Client closed");
    }
    this.#setState("disconnected");
  }

  /**
   * Subscribe to a channel.
   * @param {object} params e.g. {channel: "ChatChannel", room: "lobby"}
   * @param {{received?: Function, connected?: Function, rejected?: Function}} handlers
   */
  subscribe(params, handlers = {}) {
    const subscription = new Subscription(this, JSON.stringify(params), handlers);
    this.#subscriptions.set(subscription.identifier, subscription);
    if (this.state === "connected") {
      this.send({ command: "subscribe", identifier: subscription.identifier });
    }
    return subscription;
  }

  /** @internal */
  remove(subscription) {
    if (this.#subscriptions.get(subscription.identifier) === subscription) {
      this.#subscriptions.delete(subscription.identifier);
      this.send({ command: "unsubscribe", identifier: subscription.identifier });
    }
  }

  /** @internal */
  send(frame) {
    if (this.#socket && this.#socket.readyState === WebSocket.OPEN && this.state === "connected") {
      this.#socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  #open() {
    clearTimeout(this.#reconnectTimer);
    this.#setState("connecting");
    const socket = new WebSocket(this.#url, PROTOCOLS);
    this.#socket = socket;
    socket.onmessage = (event) => this.#receive(socket, event.data);
    socket.onclose = () => this.#closed(socket);
  }

  #receive(socket, text) {
    if (socket !== this.#socket) {
      return;
    }
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    this.#lastSeen = Date.now();
    switch (frame.type) {
      case "welcome":
        this.sid = frame.sid ?? null;
        this.#attempts = 0;
        this.#setState("connected");
        this.#watch();
        for (const identifier of this.#subscriptions.keys()) {
          this.send({ command: "subscribe", identifier });
        }
        return;
      case "disconnect":
        if (frame.reconnect === false) {
          this.#stopped = true;
          this.#setState({ unauthorized: "rejected", token_expired: "expired" }[frame.reason] ?? "disconnected");
        }
        return;
      case "ping":
      case "pong":
        return;
      case "confirm_subscription":
        this.#subscriptions.get(frame.identifier)?.handlers.connected?.();
        return;
      case "reject_subscription": {
        const subscription = this.#subscriptions.get(frame.identifier);
        this.#subscriptions.delete(frame.identifier);
        subscription?.handlers.rejected?.();
        return;
      }
      default:
        if (frame.identifier !== undefined && "message" in frame) {
          this.#subscriptions.get(frame.identifier)?.handlers.received?.(frame.message);
        }
    }
  }

  #closed(socket) {
    if (socket !== this.#socket) {
      return;
    }
    clearInterval(this.#watchdog);
    this.#socket = null;
    if (this.#stopped) {
      if (this.state !== "rejected") {
        this.#setState("disconnected");
      }
      return;
    }
    this.#setState("disconnected");
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.#attempts++) * (0.75 + Math.random() / 2);
    this.#reconnectTimer = setTimeout(() => this.#open(), delay);
  }

  // a connection that stopped delivering pings is dead even if the browser has not noticed yet
  #watch() {
    clearInterval(this.#watchdog);
    this.#watchdog = setInterval(() => {
      if (Date.now() - this.#lastSeen > STALE_AFTER_MS && this.#socket) {
        this.#socket.close();
      }
    }, STALE_AFTER_MS / 3);
  }

  #setState(state) {
    if (this.state !== state) {
      this.state = state;
      for (const listener of this.#listeners) {
        listener(state);
      }
    }
  }
}

export class Subscription {
  constructor(consumer, identifier, handlers) {
    this.consumer = consumer;
    this.identifier = identifier;
    this.handlers = handlers;
  }

  /** Call a channel action: perform("speak", {text: "hi"}). */
  perform(action, data = {}) {
    return this.consumer.send({
      command: "message",
      identifier: this.identifier,
      data: JSON.stringify({ ...data, action }),
    });
  }

  /** Send data straight to the other subscribers of the channel's whisper stream (no server call). */
  whisper(data) {
    return this.consumer.send({ command: "whisper", identifier: this.identifier, data });
  }

  unsubscribe() {
    this.consumer.remove(this);
  }
}
