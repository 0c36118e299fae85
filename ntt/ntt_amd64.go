//go:build !purego

package ntt

import (
	"github.com/raccoon-go/raccoon/internal/impl"
	"golang.org/x/sys/cpu"
)

// useAVX2 enables the AVX2 kernels, which also need FMA3 (every CPU with
// AVX2 so far has it). Feature flags are read once; tests flip them through
// internal/impl to force the generic code.
//
// The kernels compute in double precision modulo the full q < 2^49, four
// coefficients per register (see _asm/README.md for the arithmetic and the
// bounds). On the development machine (AMD EPYC, Zen 3) they run the
// transforms about 4x faster than the pure-Go code, the pointwise products
// 2.3–2.5x, FromNTT 5x and Add and Sub 6x; see BenchmarkForward and the
// other benchmarks (impl=AVX2 against impl=generic).
var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// useIFMA enables the AVX-512 IFMA kernels (the transforms and DotMont),
// preferred over the AVX2 ones; the other operations keep their AVX2
// kernels.
//
// They are on by default without a measurement: the development machine
// (AMD EPYC, Zen 3) has no AVX-512, and the kernels are checked there by
// running their machine code in a software model (TestDotMontIFMASimulated,
// TestTransformsIFMASimulated) and, in CI, their tests on an emulated Tiger
// Lake CPU (.ci/avx512-bochs). The argument is the instruction count.
// Instructions executed per call (the model's count against callgrind's for
// the AVX2 kernels, which handle four coefficients per register where IFMA
// handles eight): DotMont with ℓ = 4 terms 2,670 against 12,296, forward
// NTT 4,572 against 8,192, inverse NTT 4,546 against 7,726.
// BenchmarkForward, BenchmarkInverse and BenchmarkDotMont compare them where
// the CPU has both.
var useIFMA = cpu.X86.HasAVX512F && cpu.X86.HasAVX512IFMA

func init() {
	impl.Register("ntt", "AVX2", &useAVX2)
	impl.Register("ntt", "IFMA", &useIFMA)
}

// forwardIFMA computes the NTT of p in place like forwardGeneric, with the
// 52-bit multiplications of AVX-512 IFMA.
//
//go:noescape
func forwardIFMA(p *[N]uint64)

// inverseIFMA computes the inverse NTT of p in place like inverseGeneric,
// with the 52-bit multiplications of AVX-512 IFMA.
//
//go:noescape
func inverseIFMA(p *[N]uint64)

// dotMontIFMA sets z = Σ_{j<n} x_j∘y_j·2^-64 like dotMontAVX2, with the
// 52-bit multiplications of AVX-512 IFMA.
//
//go:noescape
func dotMontIFMA(z *[N]uint64, x *uint64, stride int, y *uint64, n int)

// forwardAVX2 computes the NTT of p in place. It works like forwardGeneric.
//
//go:noescape
func forwardAVX2(p *[N]uint64)

// inverseAVX2 computes the inverse NTT of p in place. It works like
// inverseGeneric.
//
//go:noescape
func inverseAVX2(p *[N]uint64)

// mulMontAVX2 sets z = x∘y·2^-64. It works like mulMontGeneric.
//
//go:noescape
func mulMontAVX2(z, x, y *[N]uint64)

// mulAddMontAVX2 sets z = x∘y·2^-64 + a. It works like mulAddMontGeneric.
//
//go:noescape
func mulAddMontAVX2(z, x, y, a *[N]uint64)

// dotMontAVX2 sets z = Σ_{j<n} x_j∘y_j·2^-64 with x_j at x plus j·stride
// bytes and y_j at y plus j·8N bytes, 1 <= n <= MaxDotTerms. It works like
// dotMontGeneric.
//
//go:noescape
func dotMontAVX2(z *[N]uint64, x *uint64, stride int, y *uint64, n int)

// toMontAVX2 sets z = x·2^64. It works like toMontGeneric.
//
//go:noescape
func toMontAVX2(z, x *[N]uint64)

// addAVX2 sets z = x + y. It works like addGeneric.
//
//go:noescape
func addAVX2(z, x, y *[N]uint64)

// subAVX2 sets z = x - y. It works like subGeneric.
//
//go:noescape
func subAVX2(z, x, y *[N]uint64)

// addSubVecAVX2 sets a = a + r and b = b - r for n elements, n a positive
// multiple of vecBlock. It works like addSubVecGeneric.
//
//go:noescape
func addSubVecAVX2(a, b, r *uint64, n int)

// addVecAVX2 sets z = x + y for n elements, n a positive multiple of
// vecBlock. It works like addVecGeneric.
//
//go:noescape
func addVecAVX2(z, x, y *uint64, n int)

func forward(p *[N]uint64) {
	if useIFMA {
		forwardIFMA(p)
		return
	}
	if useAVX2 {
		forwardAVX2(p)
		return
	}
	forwardGeneric(p)
}

func inverse(p *[N]uint64) {
	if useIFMA {
		inverseIFMA(p)
		return
	}
	if useAVX2 {
		inverseAVX2(p)
		return
	}
	inverseGeneric(p)
}

func mulMont(z, x, y *[N]uint64) {
	if useAVX2 {
		mulMontAVX2(z, x, y)
		return
	}
	mulMontGeneric(z, x, y)
}

func mulAddMont(z, x, y, a *[N]uint64) {
	if useAVX2 {
		mulAddMontAVX2(z, x, y, a)
		return
	}
	mulAddMontGeneric(z, x, y, a)
}

func dotMont(z *[N]uint64, x []NTTPoly, stride int, y []MontPoly) {
	if useIFMA {
		dotMontIFMA(z, &x[0][0], 8*N*stride, &y[0][0], len(y))
		return
	}
	if useAVX2 {
		dotMontAVX2(z, &x[0][0], 8*N*stride, &y[0][0], len(y))
		return
	}
	dotMontGeneric(z, x, stride, y)
}

func toMont(z, x *[N]uint64) {
	if useAVX2 {
		toMontAVX2(z, x)
		return
	}
	toMontGeneric(z, x)
}

func add(z, x, y *[N]uint64) {
	if useAVX2 {
		addAVX2(z, x, y)
		return
	}
	addGeneric(z, x, y)
}

func sub(z, x, y *[N]uint64) {
	if useAVX2 {
		subAVX2(z, x, y)
		return
	}
	subGeneric(z, x, y)
}

func addSubVec(a, b, r []uint64) {
	if useAVX2 {
		addSubVecAVX2(&a[0], &b[0], &r[0], len(r))
		return
	}
	addSubVecGeneric(a, b, r)
}

func addVec(z, x, y []uint64) {
	if useAVX2 {
		addVecAVX2(&z[0], &x[0], &y[0], len(z))
		return
	}
	addVecGeneric(z, x, y)
}
