//go:build tools

package tools

import _ "github.com/anycable/anycable-go/cmd/anycable-go"
