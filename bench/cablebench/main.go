// cablebench drives anycable-go with Action Cable clients on loopback and measures what a user sees:
//
//	broadcast: N clients subscribe to BenchmarkChannel; in every round S of them send the "broadcast"
//	           action at once. Reported per step: the sender's round trip to its broadcastResult (the
//	           Command RPC under fan-out load) and the delivery latency of every copy every client
//	           receives (the publication's sendTime against the receiver's clock: same machine).
//	connect:   an avalanche of N clients, C dialling at a time; each counts from dial to confirmed
//	           subscription (WebSocket upgrade + Connect RPC + subscribe Command RPC).
//
// With -jwt-secret every client presents its own AnyCable JWT (?jid=, HS256, {"ext":"{\"uid\":\"<id>\"}",
// "exp":...}, the bytes CableJwtIssuer issues), minted before the clock starts: anycable-go started with the
// same --jwt_secret identifies the client itself and skips the Connect RPC (bench/jwt-avalanche.sh).
//
// Written for this project (websocket-bench is not served by the Go module proxy here). Every loop is
// bounded in count and time; results go to stdout as one JSON document.
package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

const identifier = `{"channel":"BenchmarkChannel"}`

type client struct {
	id   int
	conn *websocket.Conn
	wmu  sync.Mutex

	results chan time.Duration // the sender's broadcastResult round trips
}

type incoming struct {
	Type       string          `json:"type"`
	Identifier string          `json:"identifier"`
	Message    json.RawMessage `json:"message"`
}

type benchMessage struct {
	Action  string `json:"action"`
	Payload struct {
		SendTime int64 `json:"sendTime"`
		Sender   int   `json:"sender"`
	} `json:"payload"`
}

type collector struct {
	mu         sync.Mutex
	deliveries []time.Duration
	received   atomic.Int64
}

func (c *collector) add(d time.Duration) {
	c.mu.Lock()
	c.deliveries = append(c.deliveries, d)
	c.mu.Unlock()
	c.received.Add(1)
}

func (c *collector) reset() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.deliveries
	c.deliveries = nil
	c.received.Store(0)
	return out
}

var dialer = &websocket.Dialer{
	Subprotocols:     []string{"actioncable-v1-json"},
	HandshakeTimeout: 15 * time.Second,
	Proxy:            nil,
}

// tokens[id] is client id's JWT when -jwt-secret is given, else nil.
var tokens []string

// mintJWT signs an AnyCable JWT as CableJwtIssuer does: header {"alg":"HS256"}, claims ext (the
// identifiers JSON as a string) then exp, unpadded Base64url.
func mintJWT(secret []byte, identifiers string, exp int64) string {
	ext, _ := json.Marshal(identifiers)
	enc := base64.RawURLEncoding
	signing := enc.EncodeToString([]byte(`{"alg":"HS256"}`)) + "." +
		enc.EncodeToString([]byte(fmt.Sprintf(`{"ext":%s,"exp":%d}`, ext, exp)))
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(signing))
	return signing + "." + enc.EncodeToString(mac.Sum(nil))
}

func dial(url string, id int, deadline time.Duration, col *collector) (*client, error) {
	target := fmt.Sprintf("%s?uid=%d", url, id)
	if tokens != nil {
		target += "&jid=" + tokens[id]
	}
	conn, _, err := dialer.Dial(target, http.Header{"Origin": {"http://127.0.0.1"}})
	if err != nil {
		return nil, err
	}
	c := &client{id: id, conn: conn, results: make(chan time.Duration, 64)}
	conn.SetReadDeadline(time.Now().Add(deadline))
	if err := c.await("welcome"); err != nil {
		conn.Close()
		return nil, err
	}
	c.send(map[string]string{"command": "subscribe", "identifier": identifier})
	if err := c.await("confirm_subscription"); err != nil {
		conn.Close()
		return nil, err
	}
	conn.SetReadDeadline(time.Time{})
	if col != nil {
		go c.read(col)
	}
	return c, nil
}

func (c *client) send(v any) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.conn.WriteJSON(v)
}

func (c *client) await(kind string) error {
	for {
		var msg incoming
		if err := c.conn.ReadJSON(&msg); err != nil {
			return fmt.Errorf("waiting for %s: %w", kind, err)
		}
		switch msg.Type {
		case kind:
			return nil
		case "ping", "":
			continue
		default:
			return fmt.Errorf("waiting for %s, got %s", kind, msg.Type)
		}
	}
}

func (c *client) read(col *collector) {
	for {
		_, data, err := c.conn.ReadMessage()
		if err != nil {
			return
		}
		now := time.Now().UnixNano()
		var msg incoming
		if json.Unmarshal(data, &msg) != nil || msg.Message == nil || msg.Type != "" {
			continue
		}
		var body benchMessage
		if json.Unmarshal(msg.Message, &body) != nil {
			continue
		}
		d := time.Duration(now - body.Payload.SendTime)
		switch body.Action {
		case "broadcast":
			col.add(d)
		case "broadcastResult":
			select {
			case c.results <- d:
			default:
			}
		}
	}
}

func (c *client) broadcast(padding string) error {
	payload := map[string]any{"sendTime": time.Now().UnixNano(), "sender": c.id, "padding": padding}
	data, _ := json.Marshal(map[string]any{"action": "broadcast", "payload": payload})
	return c.send(map[string]string{"command": "message", "identifier": identifier, "data": string(data)})
}

type stats struct {
	Count int     `json:"count"`
	P50   float64 `json:"p50_ms"`
	P95   float64 `json:"p95_ms"`
	P99   float64 `json:"p99_ms"`
	Max   float64 `json:"max_ms"`
}

func summarize(values []time.Duration) stats {
	if len(values) == 0 {
		return stats{}
	}
	sort.Slice(values, func(i, j int) bool { return values[i] < values[j] })
	pick := func(q float64) float64 {
		i := int(q*float64(len(values))+0.5) - 1
		if i < 0 {
			i = 0
		}
		if i >= len(values) {
			i = len(values) - 1
		}
		return float64(values[i].Microseconds()) / 1000
	}
	return stats{len(values), pick(0.50), pick(0.95), pick(0.99), pick(1.0)}
}

type stepResult struct {
	Clients         int   `json:"clients"`
	Rounds          int   `json:"rounds"`
	Senders         int   `json:"senders_per_round"`
	Expected        int   `json:"deliveries_expected"`
	Missing         int   `json:"deliveries_missing"`
	SenderRTT       stats `json:"sender_rtt"`
	Delivery        stats `json:"delivery"`
	SenderResultErr int   `json:"sender_results_missing"`
}

func dialMany(url string, from, to, concurrency int, timeout time.Duration, col *collector) ([]*client, []time.Duration, int) {
	var mu sync.Mutex
	var clients []*client
	var times []time.Duration
	failed := 0
	sem := make(chan struct{}, concurrency)
	var wg sync.WaitGroup
	for i := from; i < to; i++ {
		sem <- struct{}{}
		wg.Add(1)
		go func(id int) {
			defer func() { <-sem; wg.Done() }()
			start := time.Now()
			c, err := dial(url, id, timeout, col)
			elapsed := time.Since(start)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				failed++
				if failed <= 3 {
					fmt.Fprintln(os.Stderr, "dial:", err)
				}
				return
			}
			clients = append(clients, c)
			times = append(times, elapsed)
		}(i)
	}
	wg.Wait()
	return clients, times, failed
}

func main() {
	url := flag.String("url", "ws://127.0.0.1:8080/cable", "anycable-go WebSocket URL")
	mode := flag.String("mode", "broadcast", "broadcast or connect")
	steps := flag.String("clients", "100,500,1000", "broadcast: client counts, one step each; connect: one number")
	senders := flag.Int("senders", 10, "broadcast: clients that send in every round")
	rounds := flag.Int("rounds", 10, "broadcast: rounds per step")
	padding := flag.Int("padding", 200, "broadcast: payload padding in bytes")
	concurrency := flag.Int("concurrency", 50, "clients dialling at a time")
	wait := flag.Duration("wait", 10*time.Second, "longest wait for one round's deliveries")
	budget := flag.Duration("budget", 120*time.Second, "the whole run stops after this")
	jwtSecret := flag.String("jwt-secret", "", "every client presents its own JWT (?jid=) signed with this secret")
	jwtTTL := flag.Duration("jwt-ttl", time.Hour, "with -jwt-secret: how long the tokens stay valid")
	flag.Parse()

	deadline := time.Now().Add(*budget)
	go func() {
		time.Sleep(*budget + 30*time.Second)
		fmt.Fprintln(os.Stderr, "cablebench: budget exceeded, exiting")
		os.Exit(3)
	}()
	var counts []int
	for _, s := range strings.Split(*steps, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			fmt.Fprintln(os.Stderr, "bad -clients:", s)
			os.Exit(2)
		}
		counts = append(counts, n)
	}
	out := map[string]any{"mode": *mode, "url": *url, "jwt": *jwtSecret != ""}
	if *jwtSecret != "" {
		exp := time.Now().Add(*jwtTTL).Unix()
		most := 0
		for _, n := range counts {
			if n > most {
				most = n
			}
		}
		tokens = make([]string, most)
		for id := range tokens {
			tokens[id] = mintJWT([]byte(*jwtSecret), fmt.Sprintf(`{"uid":"%d"}`, id), exp)
		}
	}

	if *mode == "connect" {
		start := time.Now()
		clients, times, failed := dialMany(*url, 0, counts[0], *concurrency, 30*time.Second, nil)
		total := time.Since(start)
		for _, c := range clients {
			c.conn.Close()
		}
		out["clients"] = counts[0]
		out["concurrency"] = *concurrency
		out["connected"] = len(clients)
		out["failed"] = failed
		out["total_ms"] = float64(total.Microseconds()) / 1000
		out["per_second"] = float64(len(clients)) / total.Seconds()
		out["connect_time"] = summarize(times)
		json.NewEncoder(os.Stdout).Encode(out)
		return
	}

	pad := strings.Repeat("x", *padding)
	col := &collector{}
	var clients []*client
	var results []stepResult
	for _, n := range counts {
		if time.Now().After(deadline) {
			fmt.Fprintln(os.Stderr, "cablebench: time budget spent, skipping step", n)
			break
		}
		more, _, failed := dialMany(*url, len(clients), n, *concurrency, 30*time.Second, col)
		clients = append(clients, more...)
		if failed > 0 {
			fmt.Fprintf(os.Stderr, "cablebench: %d clients failed to connect at step %d\n", failed, n)
		}
		time.Sleep(500 * time.Millisecond)
		col.reset()
		var rtts []time.Duration
		var deliveries []time.Duration
		step := stepResult{Clients: len(clients), Rounds: *rounds, Senders: *senders}
		for r := 0; r < *rounds && time.Now().Before(deadline); r++ {
			expected := int64(*senders * len(clients))
			step.Expected += int(expected)
			chosen := make([]*client, *senders)
			for i := range chosen {
				chosen[i] = clients[(r*(*senders)+i*7919)%len(clients)]
			}
			for _, c := range chosen {
				for len(c.results) > 0 {
					<-c.results
				}
			}
			for _, c := range chosen {
				go c.broadcast(pad)
			}
			roundEnd := time.Now().Add(*wait)
			for col.received.Load() < expected && time.Now().Before(roundEnd) {
				time.Sleep(2 * time.Millisecond)
			}
			for _, c := range chosen {
				select {
				case d := <-c.results:
					rtts = append(rtts, d)
				case <-time.After(time.Until(roundEnd) + time.Second):
					step.SenderResultErr++
				}
			}
			got := col.reset()
			step.Missing += int(expected) - len(got)
			deliveries = append(deliveries, got...)
		}
		step.SenderRTT = summarize(rtts)
		step.Delivery = summarize(deliveries)
		results = append(results, step)
		fmt.Fprintf(os.Stderr, "step %d clients: sender rtt p50 %.2f p95 %.2f ms, delivery p50 %.2f p95 %.2f ms, missing %d\n",
			step.Clients, step.SenderRTT.P50, step.SenderRTT.P95, step.Delivery.P50, step.Delivery.P95, step.Missing)
	}
	for _, c := range clients {
		c.conn.Close()
	}
	out["steps"] = results
	json.NewEncoder(os.Stdout).Encode(out)
}
