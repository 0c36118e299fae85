//go:build purego || !(amd64 || arm64)

package keccak

// f1600x4 applies Keccak-f[1600] to states 0…n−1 of s, 1 ≤ n ≤ 4; states
// n…3 may or may not be permuted. It is the dispatch point of the
// permutation: without assembly, it is f1600x4Generic.
func f1600x4(s *State4, n int) { f1600x4Generic(s, n) }

// storeBlocks4 writes the first Rate bytes of state j of s to oj, j = 0…3.
func storeBlocks4(s *State4, o0, o1, o2, o3 *[Rate]byte) { storeBlocks4Generic(s, o0, o1, o2, o3) }

// f1600x8Wide would run the eight-way kernel; there is none without
// assembly.
func f1600x8Wide(a, b *State4) bool { return false }

func wide() bool { return false }
