// Drives the official AnyCable JS client (@anycable/core, over the `ws` package) against a running
// anycable-go whose RPC server is the Spring Boot conformance application (ChannelConformanceApp):
// connect, subscribe, perform, receive a broadcast, whisper.
//
// Usage: node client-scenario.mjs <ws url, e.g. ws://127.0.0.1:8080/cable> <http broadcast url>
// Prints one line per check and a closing "N passed, N failed" line; exits 1 on any failure.
import { createCable } from '@anycable/core'
import WebSocket from 'ws'

const [wsUrl, broadcastUrl] = process.argv.slice(2)
if (!wsUrl || !broadcastUrl) {
  console.error('usage: node client-scenario.mjs <ws url> <http broadcast url>')
  process.exit(2)
}

const TIMEOUT_MS = 5000
const QUIET_MS = 500
const results = []

function check(name, ok, detail) {
  results.push({ name, ok })
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ': ' + detail : ''}`)
}

function deepEqual(a, b) {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b))
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]))
  }
  return value
}

// a queue of the messages a channel receives, with a bounded wait
function inbox(channel) {
  const messages = []
  let waiter = null
  channel.on('message', (message) => {
    messages.push(message)
    if (waiter) waiter()
  })
  return {
    messages,
    async next(timeoutMs = TIMEOUT_MS) {
      const deadline = Date.now() + timeoutMs
      while (messages.length === 0) {
        const left = deadline - Date.now()
        if (left <= 0) return undefined
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, left)
          waiter = () => {
            clearTimeout(timer)
            resolve()
          }
        })
        waiter = null
      }
      return messages.shift()
    }
  }
}

function cable(name) {
  return createCable(wsUrl, {
    protocol: 'actioncable-v1-ext-json',
    websocketImplementation: WebSocket,
    logLevel: process.env.ANYCABLE_JS_LOG_LEVEL || 'warn',
    // bounded: never keep reconnecting if the server goes away
    maxReconnectAttempts: 0
  })
}

async function withTimeout(promise, what) {
  let timer
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), TIMEOUT_MS)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

const room = `js-room-${Date.now()}-${Math.floor(Math.random() * 1e9)}`
const alice = cable('alice')
const bob = cable('bob')

try {
  await withTimeout(alice.connect(), 'alice connects')
  await withTimeout(bob.connect(), 'bob connects')
  check('connect: both clients are connected', alice.state === 'connected' && bob.state === 'connected',
    `${alice.state}/${bob.state}`)
  check('connect: the welcome carried a session id (extended protocol)', !!alice.sessionId, alice.sessionId)

  const aliceEcho = alice.subscribeTo('EchoChannel')
  const aliceEchoInbox = inbox(aliceEcho)
  await withTimeout(aliceEcho.ensureSubscribed(), 'EchoChannel subscription')
  check('subscribe: EchoChannel confirmed', aliceEcho.state === 'connected', aliceEcho.state)

  await aliceEcho.perform('echo', { text: 'from js' })
  const echoed = await aliceEchoInbox.next()
  check('perform: echo answers the caller', deepEqual(echoed, { response: 'from js' }), JSON.stringify(echoed))

  await aliceEcho.perform('tick')
  const tock = await aliceEchoInbox.next()
  check('perform: tick answers "tock"', tock === 'tock', JSON.stringify(tock))

  const aliceRoom = alice.subscribeTo('WhisperChannel', { room })
  const bobRoom = bob.subscribeTo('WhisperChannel', { room })
  const aliceRoomInbox = inbox(aliceRoom)
  const bobRoomInbox = inbox(bobRoom)
  await withTimeout(Promise.all([aliceRoom.ensureSubscribed(), bobRoom.ensureSubscribed()]),
    'WhisperChannel subscriptions')
  check('subscribe: WhisperChannel confirmed for both', aliceRoom.state === 'connected' && bobRoom.state === 'connected')

  const response = await fetch(broadcastUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ stream: room, data: JSON.stringify({ text: 'broadcast from the server' }) })
  })
  check('broadcast: anycable-go accepted the publication', response.status === 201, `HTTP ${response.status}`)
  const aliceGot = await aliceRoomInbox.next()
  const bobGot = await bobRoomInbox.next()
  const expected = { text: 'broadcast from the server' }
  check('broadcast: alice received it', deepEqual(aliceGot, expected), JSON.stringify(aliceGot))
  check('broadcast: bob received it', deepEqual(bobGot, expected), JSON.stringify(bobGot))

  await aliceRoom.whisper({ event: 'typing', user: 'alice' })
  const whispered = await bobRoomInbox.next()
  check('whisper: bob received alice\'s whisper', deepEqual(whispered, { event: 'typing', user: 'alice' }),
    JSON.stringify(whispered))
  const echo = await aliceRoomInbox.next(QUIET_MS)
  check('whisper: alice did not receive her own whisper', echo === undefined, JSON.stringify(echo))

  await aliceRoom.disconnect()
  await bobRoom.disconnect()
  await aliceEcho.disconnect()
} catch (error) {
  check('scenario ran to the end', false, error && error.stack ? error.stack : String(error))
} finally {
  alice.disconnect()
  bob.disconnect()
}

const failed = results.filter((result) => !result.ok).length
console.log(`${results.length - failed} passed, ${failed} failed`)
process.exit(failed === 0 && results.length > 0 ? 0 : 1)
