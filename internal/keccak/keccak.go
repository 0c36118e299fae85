package keccak

//go:generate go run ./_gen

// State4 holds four Keccak-f[1600] states, interleaved: s[i][j] is lane i
// of state j, where lane i = x + 5y is the lane (x, y) of FIPS 202,
// Section 3.1.4, and bytes are packed into lanes in little-endian order.
// The 32 bytes at offset 32·i thus hold lane i of all four states, one YMM
// register (amd64) or two NEON registers (arm64, one per pair of states).
//
// A State4 needs no particular alignment: the AVX2 kernel aligns its own
// scratch copy, and moving the State4 8, 16 or 24 bytes off a 32-byte
// boundary measured under 1% slower.
type State4 [25][4]uint64

// F1600x4 applies Keccak-f[1600] (FIPS 202, Section 3.3) to each of the
// four states in s.
//
// Constant time: no data-dependent branches or memory indices.
func F1600x4(s *State4) { f1600x4(s, 4) }

// F1600 applies Keccak-f[1600] (FIPS 202, Section 3.3) to the state a,
// whose lane (x, y) is a[x+5y]. It runs in pure Go on every platform: a
// single state does not fill a vector register.
//
// Constant time: no data-dependent branches or memory indices.
func F1600(a *[25]uint64) { f1600Generic(a) }
