package main

import "testing"

// The protocol's vector, the one CableJwtIssuer's tests issue byte for byte: secret s3Krit,
// identifiers {"user":"jane"}, exp 1900000000.
func TestMintJWTIssuesTheVector(t *testing.T) {
	const vector = "eyJhbGciOiJIUzI1NiJ9.eyJleHQiOiJ7XCJ1c2VyXCI6XCJqYW5lXCJ9IiwiZXhwIjoxOTAwMDAwMDAwfQ" +
		".XfH3PG_Q4XW3RFRjIEvRguP23GI9t98u5ycQAjPzdno"
	if got := mintJWT([]byte("s3Krit"), `{"user":"jane"}`, 1900000000); got != vector {
		t.Fatalf("mintJWT = %s, want %s", got, vector)
	}
}
