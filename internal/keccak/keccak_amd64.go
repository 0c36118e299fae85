//go:build !purego

package keccak

import (
	"github.com/raccoon-go/raccoon/internal/impl"
	"golang.org/x/sys/cpu"
)

// useAVX2 enables the AVX2 kernel. Feature flags are read once; tests flip
// them through internal/impl to force the generic code.
var useAVX2 = cpu.X86.HasAVX2

// useAVX512 enables the AVX-512VL kernel, preferred over the AVX2 one.
//
// It is on by default without a measurement: the development machine (AMD
// EPYC, Zen 3) has no AVX-512, and the kernel is checked there by running
// its machine code in a software model (TestAVX512Simulated) and,
// in CI, the package's tests on an emulated Tiger Lake CPU
// (.ci/avx512-bochs). The argument is the instruction count: a round takes
// 105 vector instructions on registers (f1600x4AVX512's comment) against
// about 190 in the AVX2 kernel plus 25 loads and 25 stores, because sixteen
// YMM registers cannot hold the state; the instructions used (VPTERNLOGQ,
// VPROLQ, VPXORQ on YMM registers) issue on the same vector ALU ports as
// VPXOR and VPANDN on Intel (Ice Lake and later) and AMD (Zen 4 and later)
// CPUs. BenchmarkF1600x4 (impl=AVX512 against impl=AVX2) compares them
// where the CPU has both.
var useAVX512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512VL

func init() {
	impl.Register("keccak", "AVX2", &useAVX2)
	impl.Register("keccak", "AVX512", &useAVX512)
}

// f1600x4AVX512 applies Keccak-f[1600] to the four states of s. It works
// like f1600x4Generic(s, 4).
//
//go:noescape
func f1600x4AVX512(s *State4)

// f1600x8AVX512 applies Keccak-f[1600] to the four states of a and the four
// of b. It works like f1600x4Generic(a, 4) and f1600x4Generic(b, 4).
//
//go:noescape
func f1600x8AVX512(a, b *State4)

// f1600x8Wide runs f1600x8AVX512 and reports true where the CPU has
// AVX-512, else reports false. Like f1600x4AVX512 it is on without a
// measurement: it executes the 105 instructions per round of the four-way
// kernel on ZMM instead of YMM registers, for eight states. llvm-mca 16
// (whose model of the AVX2 kernel matches its time on Zen 3) puts one
// permutation at 165–170 cycles eight-way against 243–251 four-way on
// Zen 4, and 127–133 against 216–223 on Ice Lake and Sapphire Rapids (the
// research prototype: 120); the AVX2 kernel takes about 350 on Zen 3.
// BenchmarkF1600x8 compares the two where the CPU has AVX-512.
func f1600x8Wide(a, b *State4) bool {
	if useAVX512 {
		f1600x8AVX512(a, b)
		return true
	}
	return false
}

func wide() bool { return useAVX512 }

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
	if n > 1 {
		if useAVX512 {
			f1600x4AVX512(s)
			return
		}
		if useAVX2 {
			f1600x4AVX2(s)
			return
		}
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
	// The AVX2 kernel also serves the AVX-512 selection (every CPU with
	// AVX-512VL has AVX2).
	if useAVX2 || useAVX512 {
		storeBlocksAVX2(s, o0, o1, o2, o3)
		return
	}
	storeBlocks4Generic(s, o0, o1, o2, o3)
}
