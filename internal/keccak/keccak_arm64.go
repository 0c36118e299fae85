//go:build !purego

package keccak

import (
	"github.com/raccoon-go/raccoon/internal/impl"
	"golang.org/x/sys/cpu"
)

// useSHA3 enables the two-way NEON kernel built on the Armv8.2 SHA-3
// instructions (EOR3, RAX1, XAR, BCAX) for pairs of states. No arm64
// hardware was at hand, so the choice rests on instruction counts and
// published measurements (Becker and Kannwischer, "Hybrid scalar/vector
// implementations of Keccak and SPHINCS+ on AArch64", CHES 2022; cycle
// counts from github.com/slothy-optimizer/pqax,
// sphincsplus/keccak-benchmarks.md):
//
//   - With SHA-3, a round of two states is 67 NEON instructions, 33.5 per
//     state. f1600Generic compiles to about 180 arm64 instructions per
//     round (Go does not fold the rotations into EOR and BIC operands), and
//     the best hand-scheduled scalar assembly to about 100. The study's
//     two-way SHA-3 kernel of the same shape costs, per state, 572 cycles
//     on Cortex-A510 (scalar assembly: 968), 627 on Cortex-X2 (687) and
//     775 on Cortex-A710 (701): ahead of or close to the best scalar code,
//     so well ahead of f1600Generic. Go's crypto/sha3 finds even its
//     one-way SHA-3 kernel faster than pure Go on Apple cores, though not
//     on others; a lone state therefore stays in f1600Generic here too.
//   - Without SHA-3, a rotation costs SHL+SRI and χ needs BIC+EOR, about
//     160 NEON instructions per round of two states (80 per state), on
//     cores with two 128-bit NEON pipes and three or four integer ALUs. The
//     study's plain two-way NEON Keccak costs, per state, 1205 cycles on
//     Cortex-A78 (scalar assembly: 709), 1698 on Cortex-A510 (968) and 2611
//     on Cortex-A55 (1418): slower than scalar code, so there is no plain
//     NEON kernel and those cores run f1600Generic.
var useSHA3 = cpu.ARM64.HasSHA3

func init() {
	impl.Register("keccak", "SHA3", &useSHA3)
}

// f1600x2SHA3 applies Keccak-f[1600] to states 2·pair and 2·pair+1 of s,
// pair ∈ {0, 1}. It works like f1600x4Generic restricted to those two
// states.
//
//go:noescape
func f1600x2SHA3(s *State4, pair int)

// f1600x4 applies Keccak-f[1600] to states 0…n−1 of s, 1 ≤ n ≤ 4; states
// n…3 may or may not be permuted. It is the dispatch point of the
// permutation.
func f1600x4(s *State4, n int) {
	switch {
	case useSHA3 && n > 2:
		f1600x2SHA3(s, 0)
		f1600x2SHA3(s, 1)
	case useSHA3 && n == 2:
		f1600x2SHA3(s, 0)
	default:
		f1600x4Generic(s, n)
	}
}

// storeBlocks4 writes the first Rate bytes of state j of s to oj, j = 0…3.
func storeBlocks4(s *State4, o0, o1, o2, o3 *[Rate]byte) { storeBlocks4Generic(s, o0, o1, o2, o3) }

// f1600x8Wide would run an eight-way kernel; arm64 has none (NEON
// registers hold two lanes).
func f1600x8Wide(a, b *State4) bool { return false }

func wide() bool { return false }
