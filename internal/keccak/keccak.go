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

// F1600x8 applies Keccak-f[1600] (FIPS 202, Section 3.3) to each of the
// four states in a and the four in b: in one eight-way kernel where [Wide]
// is true, else as two F1600x4.
//
// Constant time: no data-dependent branches or memory indices.
func F1600x8(a, b *State4) { f1600x8(a, b, 4, 4) }

// Wide reports whether this CPU runs eight Keccak-f[1600] permutations
// together (F1600x8, Shake8) faster than two groups of four: with AVX-512
// on amd64. Elsewhere batching eight streams only costs cache.
func Wide() bool { return wide() }

// f1600x8 applies Keccak-f[1600] to states 0…na−1 of a and 0…nb−1 of b,
// 1 ≤ na ≤ 4 and 0 ≤ nb ≤ 4; other states may or may not be permuted.
func f1600x8(a, b *State4, na, nb int) {
	if nb > 0 && f1600x8Wide(a, b) {
		return
	}
	f1600x4(a, na)
	if nb > 0 {
		f1600x4(b, nb)
	}
}

// F1600 applies Keccak-f[1600] (FIPS 202, Section 3.3) to the state a,
// whose lane (x, y) is a[x+5y]. It runs in pure Go on every platform: a
// single state does not fill a vector register.
//
// Constant time: no data-dependent branches or memory indices.
func F1600(a *[25]uint64) { f1600Generic(a) }
