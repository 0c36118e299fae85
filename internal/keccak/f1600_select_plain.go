//go:build !((amd64 && !amd64.v3) || 386)

package keccak

// f1600Generic is the pure-Go Keccak-f[1600]. These targets have an and-not
// instruction (BIC on arm and arm64, ANDN on amd64 with GOAMD64=v3), with
// which χ needs no NOT, and lane complementing would only add some: on
// arm64 f1600Complementing compiles to 741 instructions per 4 rounds
// against 717, and GOAMD64=v3 runs it 7% slower. Under WebAssembly (V8)
// both variants measured the same.
func f1600Generic(a *[25]uint64) { f1600Plain(a) }
