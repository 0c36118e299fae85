//go:build !purego

package ntt

import (
	"github.com/raccoon-go/raccoon/internal/impl"
	"golang.org/x/sys/cpu"
)

// useNEON enables the NEON kernels of the transforms and of Add and Sub.
// Feature flags are read once; tests flip them through internal/impl to
// force the generic code.
//
// Why on by default: there is no arm64 hardware at hand, so the argument is
// an instruction count (details in _asm/README.md). A forward NTT executes
// 13.5k NEON-kernel instructions, 12.8k of them vector instructions on the
// two SIMD pipes of a Cortex-A72/Neoverse-class core, with 5.5k vector
// multiplications each covering two coefficients modulo both primes;
// forwardGeneric compiled for arm64 executes about 39.7k scalar
// instructions including 7.9k 64-bit multiplications, which such cores
// accept only one every few cycles. The inverse is similar (13.8k against
// 33.9k). The butterfly is the Barrett multiplication of "Neon NTT"
// (TCHES 2022/1), which set speed records with it on Cortex-A72 and Apple
// M1. BenchmarkForward/impl=NEON and /impl=generic compare the two on a
// board.
//
// The pointwise products stay scalar: NEON has no 64-bit lane
// multiplication, and the scalar MUL/UMULH pair computes the Montgomery
// product in fewer instructions than a CRT split and join would take.
var useNEON = cpu.ARM64.HasASIMD

func init() {
	impl.Register("ntt", "NEON", &useNEON)
}

// forwardNEON computes the NTT of p in place. It works like forwardGeneric.
//
//go:noescape
func forwardNEON(p *[N]uint64)

// inverseNEON computes the inverse NTT of p in place. It works like
// inverseGeneric.
//
//go:noescape
func inverseNEON(p *[N]uint64)

// addNEON sets z = x + y. It works like addGeneric.
//
//go:noescape
func addNEON(z, x, y *[N]uint64)

// subNEON sets z = x - y. It works like subGeneric.
//
//go:noescape
func subNEON(z, x, y *[N]uint64)

// addSubVecNEON sets a = a + r and b = b - r for n elements, n a positive
// multiple of vecBlock. It works like addSubVecGeneric.
//
//go:noescape
func addSubVecNEON(a, b, r *uint64, n int)

// addVecNEON sets z = x + y for n elements, n a positive multiple of
// vecBlock. It works like addVecGeneric.
//
//go:noescape
func addVecNEON(z, x, y *uint64, n int)

func forward(p *[N]uint64) {
	if useNEON {
		forwardNEON(p)
		return
	}
	forwardGeneric(p)
}

func inverse(p *[N]uint64) {
	if useNEON {
		inverseNEON(p)
		return
	}
	inverseGeneric(p)
}

func mulMont(z, x, y *[N]uint64)       { mulMontGeneric(z, x, y) }
func mulAddMont(z, x, y, a *[N]uint64) { mulAddMontGeneric(z, x, y, a) }
func toMont(z, x *[N]uint64)           { toMontGeneric(z, x) }

func add(z, x, y *[N]uint64) {
	if useNEON {
		addNEON(z, x, y)
		return
	}
	addGeneric(z, x, y)
}

func sub(z, x, y *[N]uint64) {
	if useNEON {
		subNEON(z, x, y)
		return
	}
	subGeneric(z, x, y)
}

func addSubVec(a, b, r []uint64) {
	if useNEON {
		addSubVecNEON(&a[0], &b[0], &r[0], len(r))
		return
	}
	addSubVecGeneric(a, b, r)
}

func addVec(z, x, y []uint64) {
	if useNEON {
		addVecNEON(&z[0], &x[0], &y[0], len(z))
		return
	}
	addVecGeneric(z, x, y)
}

func dotMont(z *[N]uint64, x []NTTPoly, stride int, y []MontPoly) {
	dotMontGeneric(z, x, stride, y)
}
