package main

import (
	"fmt"
	"math/big"

	"github.com/raccoon-go/raccoon/internal/params"
)

// The IFMA kernels (AVX-512F + AVX-512 IFMA) compute modulo the full
// q < 2^49 with 52-bit integer multiplications, eight coefficients per ZMM
// register. VPMADD52LUQ and VPMADD52HUQ add the low or the high 52 bits of
// the 104-bit product of the low 52 bits of their sources to a 64-bit
// accumulator; every source the kernels pass is below 2^52.
//
// Offsets in the constant table ifmaConsts<>, one 64-bit word each, which
// the kernels broadcast into registers.
const (
	iQ      = 0  // q
	iQNeg   = 8  // 2^52 - q: lo52(k·(2^52-q)) = -k·q mod 2^52
	iQInv   = 16 // -q^-1 mod 2^52
	iC      = 24 // c = 2^-12 mod q
	iCS     = 32 // floor(c·2^52/q), c's Shoup quotient
	iMask52 = 40 // 2^52 - 1
	ifmaLen = 48
)

func z(i int) string { return fmt.Sprintf("Z%d", i) }

func (a *asm) ifmaConstants() {
	q := uint64(params.Q)
	Q := new(big.Int).SetUint64(q)
	two52 := new(big.Int).Lsh(big.NewInt(1), 52)
	qInv := new(big.Int).ModInverse(Q, two52)
	qInv.Sub(two52, qInv)
	c := new(big.Int).ModInverse(big.NewInt(1<<12), Q)
	cs := new(big.Int).Lsh(c, 52)
	cs.Div(cs, Q)
	vals := []uint64{q, 1<<52 - q, qInv.Uint64(), c.Uint64(), cs.Uint64(), 1<<52 - 1}
	a.l("// ifmaConsts<> holds the constants of the IFMA kernels; see the")
	a.l("// generator (_asm/ifma.go) for their meaning.")
	for i, v := range vals {
		a.l("DATA ifmaConsts<>+%d(SB)/8, $0x%016x", 8*i, v)
	}
	a.l("GLOBL ifmaConsts<>(SB), RODATA|NOPTR, $%d", ifmaLen)
	a.l("")
}

// dotMontIFMA writes z = Σ_{j<n} x_j∘y_j·2^-64, 1 <= n <= 16, like
// dotMontAVX2, four ZMM vectors (32 coefficients) per iteration.
//
// The products of the terms, all below q² < 2^98, are added as they come:
// L collects their low 52 bits (below 16·2^52 = 2^56) and H their high
// bits (below 16·2^46). With L's carry moved into H, the sum is
// S = H·2^52 + L < 16q², L < 2^52. A Montgomery reduction by 2^52,
// m = lo52(L·(-q^-1)), gives R = (S + m·q)/2^52 = H + hi52(m·q) + carry,
// where L + lo52(m·q) is 0 or 2^52 and carry is that sum's bit 52:
// R ≡ S·2^-52 and R < q(16q/2^52 + 1) < 3q < 2^52. Shoup's multiplication
// by c = 2^-12 mod q, with k = hi52(R·c') and r = lo52(R·c) + lo52(k·(2^52-q))
// taken mod 2^52, gives r = R·c - k·q ∈ [0, 2q), r ≡ S·2^-64; one
// conditional subtraction (VPSUBQ, VPMINUQ) brings it to [0, q).
func (a *asm) dotMontIFMA() {
	a.l("// func dotMontIFMA(z *[512]uint64, x *uint64, stride int, y *uint64, n int)")
	a.l("// Requires: AVX512F, AVX512IFMA")
	a.l("TEXT ·dotMontIFMA(SB), NOSPLIT, $0-40")
	a.i("MOVQ z+0(FP), DI")
	a.i("MOVQ x+8(FP), SI")
	a.i("MOVQ stride+16(FP), R8")
	a.i("MOVQ y+24(FP), DX")
	a.i("MOVQ n+32(FP), R9")
	cq, cqNeg, cqInv, cc, ccs, cmask := z(24), z(25), z(26), z(27), z(28), z(29)
	for _, k := range []struct {
		off int
		r   string
	}{{iQ, cq}, {iQNeg, cqNeg}, {iQInv, cqInv}, {iC, cc}, {iCS, ccs}, {iMask52, cmask}} {
		a.i("VPBROADCASTQ ifmaConsts<>+%d(SB), %s", k.off, k.r)
	}
	a.i("XORQ CX, CX")
	a.l("dotMontIFMALoop:")
	// Vector v of the iteration: L in Z(4v), H in Z(4v+1), the operands and
	// then temporaries in Z(4v+2), Z(4v+3), and Z(16+2v), Z(17+2v).
	const vecs = 4
	L := func(v int) string { return z(4 * v) }
	H := func(v int) string { return z(4*v + 1) }
	X := func(v int) string { return z(4*v + 2) }
	Y := func(v int) string { return z(4*v + 3) }
	T := func(v int) string { return z(16 + 2*v) }
	U := func(v int) string { return z(17 + 2*v) }
	a.i("LEAQ (SI)(CX*1), R10")
	a.i("LEAQ (DX)(CX*1), R11")
	a.i("MOVQ R9, BX")
	for v := 0; v < vecs; v++ {
		a.i("VPXORQ %s, %s, %s", L(v), L(v), L(v))
		a.i("VPXORQ %s, %s, %s", H(v), H(v), H(v))
	}
	a.l("dotMontIFMATerm:")
	for v := 0; v < vecs; v++ {
		a.i("VMOVDQU64 %d(R10), %s", 64*v, X(v))
		a.i("VMOVDQU64 %d(R11), %s", 64*v, Y(v))
	}
	for v := 0; v < vecs; v++ {
		a.i("VPMADD52LUQ %s, %s, %s", Y(v), X(v), L(v))
		a.i("VPMADD52HUQ %s, %s, %s", Y(v), X(v), H(v))
	}
	a.i("ADDQ R8, R10")
	a.i("ADDQ $4096, R11")
	a.i("DECQ BX")
	a.i("JNZ dotMontIFMATerm")
	var s []seq
	for v := 0; v < vecs; v++ {
		s = append(s, seq{
			// S = H·2^52 + L with L < 2^52.
			ins("VPSRLQ $52, %s, %s", L(v), T(v)),
			ins("VPADDQ %s, %s, %s", T(v), H(v), H(v)),
			ins("VPANDQ %s, %s, %s", cmask, L(v), L(v)),
			// m = lo52(L·(-q^-1)) in X.
			ins("VPXORQ %s, %s, %s", X(v), X(v), X(v)),
			ins("VPMADD52LUQ %s, %s, %s", cqInv, L(v), X(v)),
			// R = H + hi52(m·q) + bit 52 of L + lo52(m·q), in H.
			ins("VPMADD52LUQ %s, %s, %s", cq, X(v), L(v)),
			ins("VPMADD52HUQ %s, %s, %s", cq, X(v), H(v)),
			ins("VPSRLQ $52, %s, %s", L(v), L(v)),
			ins("VPADDQ %s, %s, %s", L(v), H(v), H(v)),
			// r = R·c - k·q mod 2^52 with k = hi52(R·c'), in T.
			ins("VPXORQ %s, %s, %s", Y(v), Y(v), Y(v)),
			ins("VPMADD52HUQ %s, %s, %s", ccs, H(v), Y(v)),
			ins("VPXORQ %s, %s, %s", T(v), T(v), T(v)),
			ins("VPMADD52LUQ %s, %s, %s", cc, H(v), T(v)),
			ins("VPMADD52LUQ %s, %s, %s", cqNeg, Y(v), T(v)),
			ins("VPANDQ %s, %s, %s", cmask, T(v), T(v)),
			// [0, 2q) to [0, q).
			ins("VPSUBQ %s, %s, %s", cq, T(v), U(v)),
			ins("VPMINUQ %s, %s, %s", U(v), T(v), T(v)),
			ins("VMOVDQU64 %s, %d(DI)(CX*1)", T(v), 64*v),
		})
	}
	a.emit(s...)
	a.i("ADDQ $%d, CX", 64*vecs)
	a.i("CMPQ CX, $4096")
	a.i("JB dotMontIFMALoop")
	a.i("VZEROUPPER")
	a.i("RET")
	a.l("")
}
