//go:build !purego

package keccak

import (
	"github.com/raccoon-go/raccoon/internal/impl"
	"golang.org/x/sys/cpu"
)

// useAVX2 enables the AVX2 kernel. Feature flags are read once; tests flip
// them through internal/impl to force the generic code.
var useAVX2 = cpu.X86.HasAVX2

func init() {
	impl.Register("keccak", "AVX2", &useAVX2)
}

// f1600x4AVX2 applies Keccak-f[1600] to the four states of s. It works like
// f1600x4Generic(s, 4).
//
//go:noescape
func f1600x4AVX2(s *State4)

// f1600x4 applies Keccak-f[1600] to states 0…n−1 of s, 1 ≤ n ≤ 4; states
// n…3 may or may not be permuted. It is the dispatch point of the
// permutation.
func f1600x4(s *State4, n int) {
	// A lone state runs faster in scalar code than in a quarter of the
	// AVX2 kernel (see BenchmarkF1600x4 and BenchmarkF1600).
	if useAVX2 && n > 1 {
		f1600x4AVX2(s)
		return
	}
	f1600x4Generic(s, n)
}

// storeBlocksAVX2 writes the first Rate bytes of state j of s to oj. It
// works like storeBlocks4Generic.
//
//go:noescape
func storeBlocksAVX2(s *State4, o0, o1, o2, o3 *[Rate]byte)

// storeBlocks4 writes the first Rate bytes of state j of s to oj, j = 0…3.
func storeBlocks4(s *State4, o0, o1, o2, o3 *[Rate]byte) {
	if useAVX2 {
		storeBlocksAVX2(s, o0, o1, o2, o3)
		return
	}
	storeBlocks4Generic(s, o0, o1, o2, o3)
}
