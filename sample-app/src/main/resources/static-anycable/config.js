// The "anycable" profile: the browser talks to anycable-go (started with --port=8081), not to this
// application; cookies are per host, so the user cookie set on :8080 reaches :8081 too.
export const cableUrl = `ws://${window.location.hostname}:8081/cable`;
