package main

import (
	"fmt"
	"math/big"
	"slices"

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
	iNInv   = 48 // 1/512 mod q
	iNInvS  = 56 // floor(iNInv·2^52/q)
	ifmaLen = 64
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
	nInv := new(big.Int).ModInverse(big.NewInt(params.N), Q)
	nInvS := new(big.Int).Div(new(big.Int).Lsh(nInv, 52), Q)
	vals := []uint64{q, 1<<52 - q, qInv.Uint64(), c.Uint64(), cs.Uint64(), 1<<52 - 1, nInv.Uint64(), nInvS.Uint64()}
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
	// q, 2^52 - q and the mask in the registers shoupIFMA uses.
	cq, cqNeg, cmask, cqInv, cc, ccs := fQ, fQNeg, fMask, z(26), z(25), z(24)
	for _, k := range []struct {
		off int
		r   string
	}{{iQ, cq}, {iQNeg, cqNeg}, {iQInv, cqInv}, {iC, cc}, {iCS, ccs}, {iMask52, cmask}} {
		a.i("VPBROADCASTQ ifmaConsts<>+%d(SB), %s", k.off, k.r)
	}
	a.i("XORQ CX, CX")
	a.l("dotMontIFMALoop:")
	// Vector v of the iteration: L in Z(4v), H in Z(4v+1), the operands and
	// then temporaries in Z(4v+2), Z(4v+3), and Z(16+v).
	const vecs = 4
	L := func(v int) string { return z(4 * v) }
	H := func(v int) string { return z(4*v + 1) }
	X := func(v int) string { return z(4*v + 2) }
	Y := func(v int) string { return z(4*v + 3) }
	T := func(v int) string { return z(16 + v) }
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
		})
		// R·c mod q in [0, q), in T.
		s[v] = append(s[v], shoupIFMA(T(v), H(v), cc, ccs, Y(v))...)
		s[v] = append(s[v], ins("VMOVDQU64 %s, %d(DI)(CX*1)", T(v), 64*v))
	}
	a.emit(s...)
	a.i("ADDQ $%d, CX", 64*vecs)
	a.i("CMPQ CX, $4096")
	a.i("JB dotMontIFMALoop")
	a.i("VZEROUPPER")
	a.i("RET")
	a.l("")
}

// Constants of forwardIFMA kept in registers.
const (
	fQNeg  = "Z31" // 2^52 - q
	fMask  = "Z30" // 2^52 - 1
	f2Q    = "Z29" // 2q
	f4Q    = "Z28" // 4q
	fQ     = "Z27" // q
	fIndex = 12    // Z12–Z19: the VPERMI2Q index vectors of ifmaPerm<>
)

// ctIFMA is a Cooley–Tukey butterfly (a, b) → (a + t, a - t + 2q), t =
// b·w mod q in [0, 2q) by Shoup's method with w' = floor(w·2^52/q) (k =
// hi52(b·w'), t = lo52(b·w) + lo52(k·(2^52-q)) mod 2^52, exact for
// b < 2^52). It raises the bound of its inputs by 2q: inputs below 4q give
// outputs below 6q, and inputs below 6q outputs below 8q < 2^52, which
// reduce reduces to [0, 4q) with VPSUBQ and VPMINUQ (unsigned: a value
// below 4q wraps and loses). The kernels reduce every other layer. w and
// ws are memory operands, broadcast from one word if bcst.
func ctIFMA(a, b, w, ws string, bcst, reduce bool, t1, t2 string) seq {
	s := mulShoup52(t2, b, w, ws, bcst, t1)
	s = append(s,
		ins("VPADDQ %s, %s, %s", f2Q, a, b),
		ins("VPSUBQ %s, %s, %s", t2, b, b),
		ins("VPADDQ %s, %s, %s", t2, a, a))
	if reduce {
		s = append(s, csubIFMA(a, f4Q, t1)...)
		s = append(s, csubIFMA(b, f4Q, t2)...)
	}
	return s
}

// mulShoup52 sets dst = x·w mod q in [0, 2q) for x < 2^52 by Shoup's method
// with ws = floor(w·2^52/q), t = hi52(x·ws) and dst = lo52(x·w) +
// lo52(t·(2^52-q)) mod 2^52. w and ws are memory operands broadcast from one
// word if bcst, else registers or full-width operands.
func mulShoup52(dst, x, w, ws string, bcst bool, t string) seq {
	m := ""
	if bcst {
		m = ".BCST"
	}
	return seq{
		ins("VPXORQ %s, %s, %s", t, t, t),
		ins("VPMADD52HUQ%s %s, %s, %s", m, ws, x, t),
		ins("VPXORQ %s, %s, %s", dst, dst, dst),
		ins("VPMADD52LUQ%s %s, %s, %s", m, w, x, dst),
		ins("VPMADD52LUQ %s, %s, %s", fQNeg, t, dst),
		ins("VPANDQ %s, %s, %s", fMask, dst, dst),
	}
}

// csubIFMA reduces r from [0, 2m) to [0, m), m a register: r - m wraps
// for r < m and loses the unsigned minimum. t is a temporary.
func csubIFMA(r, m, t string) seq {
	return seq{
		ins("VPSUBQ %s, %s, %s", m, r, t),
		ins("VPMINUQ %s, %s, %s", t, r, r),
	}
}

// ifmaPerms are the VPERMI2Q index vectors of forwardIFMA's last pass, on
// the groups A = (a0…a7) and B = (b0…b7) of two consecutive vectors (index
// i < 8 is lane i of the first table, 8 + i lane i of the second):
//
//	0, 1: A, B → X = (a0 a1 a2 a3 b0 b1 b2 b3), Y = (a4…a7 b4…b7), layer of length 4
//	2, 3: X, Y → (a0 a1 a4 a5 b0 b1 b4 b5), (a2 a3 a6 a7 b2 b3 b6 b7), length 2
//	4, 5: X, Y → (a0 a2 a4 a6 b0 b2 b4 b6), (a1 a3 a5 a7 b1 b3 b5 b7), length 1
//	6, 7: X, Y → A, B in memory order
//
// inverseIFMA goes the other way: 8, 9 split A, B into even and odd lanes
// for the layer of length 1, then 4, 5 (length 2), 2, 3 (length 4) and 0, 1
// (memory order).
var ifmaPerms = [10][8]uint64{
	{0, 1, 2, 3, 8, 9, 10, 11}, {4, 5, 6, 7, 12, 13, 14, 15},
	{0, 1, 8, 9, 4, 5, 12, 13}, {2, 3, 10, 11, 6, 7, 14, 15},
	{0, 8, 2, 10, 4, 12, 6, 14}, {1, 9, 3, 11, 5, 13, 7, 15},
	{0, 8, 1, 9, 2, 10, 3, 11}, {4, 12, 5, 13, 6, 14, 7, 15},
	{0, 2, 4, 6, 8, 10, 12, 14}, {1, 3, 5, 7, 9, 11, 13, 15},
}

// transformPrologue opens the transform kernel name(p *[512]uint64): p in
// DI, the constants of ctIFMA and gsIFMA in their registers, the twiddle
// table zetas and its Shoup quotients (Go arrays) in R12 and R13.
func (a *asm) transformPrologue(name, zetas, shoup string) {
	a.l("// func %s(p *[512]uint64)", name)
	a.l("// Requires: AVX512F, AVX512IFMA")
	a.l("TEXT ·%s(SB), NOSPLIT, $0-8", name)
	a.i("MOVQ p+0(FP), DI")
	a.i("VPBROADCASTQ ifmaConsts<>+%d(SB), %s", iQNeg, fQNeg)
	a.i("VPBROADCASTQ ifmaConsts<>+%d(SB), %s", iMask52, fMask)
	a.i("VPBROADCASTQ ifmaConsts<>+%d(SB), %s", iQ, fQ)
	a.i("VPADDQ %s, %s, %s", fQ, fQ, f2Q)
	a.i("VPADDQ %s, %s, %s", f2Q, f2Q, f4Q)
	a.i("LEAQ ·%s(SB), R12", zetas)
	a.i("LEAQ ·%s(SB), R13", shoup)
}

// groupPass writes a loop over groups of eight vectors, stride bytes apart
// and step bytes from one group to the next (CX, from 0 to end): it loads a
// group into Z0–Z7, emits body, and stores the group back. R8 counts 8 per
// group, for the bodies' twiddle addresses.
func (a *asm) groupPass(label string, stride, step, end int, body func()) {
	a.i("XORQ CX, CX")
	a.i("XORQ R8, R8")
	a.l("%s:", label)
	for k := 0; k < 8; k++ {
		a.i("VMOVDQU64 %d(DI)(CX*1), %s", stride*k, z(k))
	}
	body()
	for k := 0; k < 8; k++ {
		a.i("VMOVDQU64 %s, %d(DI)(CX*1)", z(k), stride*k)
	}
	a.i("ADDQ $%d, CX", step)
	a.i("ADDQ $8, R8")
	a.i("CMPQ CX, $%d", end)
	a.i("JB %s", label)
}

// registerLayer emits one layer on Z0–Z7, interleaved: the butterflies
// (i, i+d) for the i with bit d clear, bfly's x and y, with temporaries
// Z8–Z15 and k = i/(2d) the index of the butterfly's group.
func (a *asm) registerLayer(d int, bfly func(x, y, t1, t2 string, k int) seq) {
	var s []seq
	for i := 0; i < 8; i++ {
		if i&d == 0 {
			t := len(s)
			s = append(s, bfly(z(i), z(i+d), z(8+2*t), z(9+2*t), i/(2*d)))
		}
	}
	a.emit(s...)
}

// A laneLayer is one layer inside the vectors of a pair: the ifmaPerms
// index vectors that rearrange the pair, and the butterflies on the
// rearranged registers x, y (temporaries t1, t2) of pair v of the
// iteration.
type laneLayer struct {
	perm [2]int
	bfly func(x, y, t1, t2 string, v int) seq
}

// lanePass writes the loop of the layers inside the vectors: two pairs of
// vectors per iteration (CX = 128p and R8 = 64p for its first pair p; R12
// and R13 advance by 128), each rearranged before every layer, then put
// back in memory order by the index vectors out and passed through finish
// (if not nil) before the store. idx maps ifmaPerms indices to the
// registers holding them.
func (a *asm) lanePass(label string, idx func(int) string, layers []laneLayer, out [2]int, finish func(r, t string) seq) {
	a.i("XORQ CX, CX")
	a.i("XORQ R8, R8")
	a.l("%s:", label)
	perm := func(k int, t1, t2, dst string) seq {
		return seq{
			ins("VMOVDQA64 %s, %s", idx(k), dst),
			ins("VPERMI2Q %s, %s, %s", t2, t1, dst),
		}
	}
	var s []seq
	for v := 0; v < 2; v++ {
		// Pair v: the current registers and the other two, alternating.
		cur, next := [2]string{z(6 * v), z(6*v + 1)}, [2]string{z(6*v + 2), z(6*v + 3)}
		T1, T2 := z(6*v+4), z(6*v+5)
		off := 128 * v
		p := seq{
			ins("VMOVDQU64 %d(DI)(CX*1), %s", off, cur[0]),
			ins("VMOVDQU64 %d(DI)(CX*1), %s", off+64, cur[1]),
		}
		for _, l := range append(layers, laneLayer{perm: out}) {
			p = append(p, perm(l.perm[0], cur[0], cur[1], next[0])...)
			p = append(p, perm(l.perm[1], cur[0], cur[1], next[1])...)
			cur, next = next, cur
			if l.bfly != nil {
				p = append(p, l.bfly(cur[0], cur[1], T1, T2, v)...)
			}
		}
		for k, r := range cur {
			if finish != nil {
				p = append(p, finish(r, T1)...)
			}
			p = append(p, ins("VMOVDQU64 %s, %d(DI)(CX*1)", r, off+64*k))
		}
		s = append(s, p)
	}
	a.emit(s...)
	a.i("ADDQ $128, R12")
	a.i("ADDQ $128, R13")
	a.i("ADDQ $128, R8")
	a.i("ADDQ $256, CX")
	a.i("CMPQ CX, $4096")
	a.i("JB %s", label)
}

// forwardIFMA computes the NTT of p in place like forwardGeneric, in three
// passes of three layers over eight ZMM vectors. Values are below 4q before
// the odd layers (counted from 1) and below 6q after them; the even layers
// reduce their outputs to [0, 4q) (ctIFMA). The outputs of the last layer,
// below 6q, are reduced to [0, q) by subtracting 4q, 2q and q
// conditionally.
//
//   - Pass 1, layers of length 256, 128, 64: vectors j, j+8, …, j+56 for
//     j = 0…7, twiddles zetas[1…7] broadcast from memory.
//   - Pass 2, lengths 32, 16, 8: vectors 8g…8g+7 for g = 0…7, twiddles
//     zetas[8+g], zetas[16+2g…17+2g], zetas[32+4g…35+4g].
//   - Pass 3, lengths 4, 2, 1, inside the vectors: two pairs of vectors per
//     iteration, rearranged by VPERMI2Q (ifmaPerms) before each layer so
//     that butterflies pair lanes of two registers, with per-lane twiddle
//     vectors (ifmaZetas4, ifmaZetas2, and zetas[256+8p…263+8p] for the
//     layer of length 1).
func (a *asm) forwardIFMA() {
	a.l("// ifmaPerm<> holds the VPERMI2Q index vectors of forwardIFMA (ifmaPerms in")
	a.l("// _asm/ifma.go).")
	for v, perm := range ifmaPerms {
		for j, x := range perm {
			a.l("DATA ifmaPerm<>+%d(SB)/8, $%d", 64*v+8*j, x)
		}
	}
	a.l("GLOBL ifmaPerm<>(SB), RODATA|NOPTR, $%d", 64*len(ifmaPerms))
	a.l("")
	a.transformPrologue("forwardIFMA", "zetas", "ifmaZetasShoup")

	// layers emits the three layers of passes 1 and 2 on Z0–Z7 with
	// twiddle operands tw(layer, k) for the k-th butterfly group; first is
	// the number of the first layer, counted from 1.
	layers := func(first int, tw func(layer, k int) (string, string)) {
		for layer := 0; layer < 3; layer++ {
			a.registerLayer(4>>layer, func(x, y, t1, t2 string, k int) seq {
				w, ws := tw(layer, k)
				return ctIFMA(x, y, w, ws, true, (first+layer)%2 == 0, t1, t2)
			})
		}
	}

	a.l("\t// Pass 1: layers of length 256, 128 and 64.")
	a.groupPass("forwardIFMAPass1", 512, 64, 512, func() {
		layers(1, func(layer, k int) (string, string) {
			idx := 1<<layer + k
			return fmt.Sprintf("%d(R12)", 8*idx), fmt.Sprintf("%d(R13)", 8*idx)
		})
	})

	a.l("\t// Pass 2: layers of length 32, 16 and 8; CX = 512g, R8 = 8g.")
	a.groupPass("forwardIFMAPass2", 64, 512, 4096, func() {
		layers(4, func(layer, k int) (string, string) {
			// zetas[8·2^layer + 2^layer·g + k], at byte 64·2^layer + 8k + 2^layer·R8.
			scale := 1 << layer
			off := 64*scale + 8*k
			return fmt.Sprintf("%d(R12)(R8*%d)", off, scale), fmt.Sprintf("%d(R13)(R8*%d)", off, scale)
		})
	})

	a.l("\t// Pass 3: layers of length 4, 2 and 1, two pairs of vectors per")
	a.l("\t// iteration; CX = 128p and R8 = 64p for the first pair p.")
	for k := 0; k < 8; k++ {
		a.i("VMOVDQU64 ifmaPerm<>+%d(SB), %s", 64*k, z(fIndex+k))
	}
	a.i("LEAQ ·ifmaZetas4(SB), R9")
	a.i("LEAQ ·ifmaZetas4Shoup(SB), R10")
	a.i("LEAQ ·ifmaZetas2(SB), R11")
	a.i("LEAQ ·ifmaZetas2Shoup(SB), SI")
	a.lanePass("forwardIFMAPass3", func(k int) string { return z(fIndex + k) }, []laneLayer{
		// ifmaZetas4 and ifmaZetas2 at byte 64p = R8 + 64v.
		{[2]int{0, 1}, func(x, y, t1, t2 string, v int) seq {
			return ctIFMA(x, y, fmt.Sprintf("%d(R9)(R8*1)", 64*v), fmt.Sprintf("%d(R10)(R8*1)", 64*v), false, false, t1, t2)
		}},
		{[2]int{2, 3}, func(x, y, t1, t2 string, v int) seq {
			return ctIFMA(x, y, fmt.Sprintf("%d(R11)(R8*1)", 64*v), fmt.Sprintf("%d(SI)(R8*1)", 64*v), false, true, t1, t2)
		}},
		// zetas[256+8p…] at byte 2048 + 64p: R12 and R13 advance by 128
		// per iteration.
		{[2]int{4, 5}, func(x, y, t1, t2 string, v int) seq {
			return ctIFMA(x, y, fmt.Sprintf("%d(R12)", 2048+64*v), fmt.Sprintf("%d(R13)", 2048+64*v), false, false, t1, t2)
		}},
	}, [2]int{6, 7}, func(r, t string) seq {
		return slices.Concat(csubIFMA(r, f4Q, t), csubIFMA(r, f2Q, t), csubIFMA(r, fQ, t))
	})
	a.i("VZEROUPPER")
	a.i("RET")
	a.l("")
}

// gsIFMA is a Gentleman–Sande butterfly (a, b) → (a + b, (a - b + 4q)·w
// mod q): the sum reduced from [0, 8q) to [0, 4q), the product in [0, 2q)
// by Shoup's method as in ctIFMA. Inputs below 4q.
func gsIFMA(a, b, w, ws string, bcst bool, t1, t2 string) seq {
	s := seq{
		ins("VPADDQ %s, %s, %s", f4Q, a, t1),
		ins("VPSUBQ %s, %s, %s", b, t1, t1),
		ins("VPADDQ %s, %s, %s", b, a, a),
	}
	s = append(s, csubIFMA(a, f4Q, t2)...)
	return append(s, mulShoup52(b, t1, w, ws, bcst, t2)...)
}

// shoupIFMA sets dst = x·w mod q in [0, q) for x < 2^52: Shoup's product
// in [0, 2q) and one conditional subtraction. w and ws are registers.
func shoupIFMA(dst, x, w, ws, t string) seq {
	return append(mulShoup52(dst, x, w, ws, false, t), csubIFMA(dst, fQ, t)...)
}

// inverseIFMA computes the inverse NTT of p in place like inverseGeneric,
// 1/N included, in three passes of three layers that mirror forwardIFMA's:
// the layers of length 1, 2 and 4 on pairs of vectors rearranged by
// VPERMI2Q; lengths 8, 16, 32 on vectors 8g…8g+7; lengths 64, 128 and 256
// on vectors j, j+8, …, j+56. Every layer but the last takes inputs below
// 4q and gives sums below 4q and products below 2q (gsIFMA). The last
// multiplies a + b by 1/N and (a - b + 4q) by zetasInv[1] (which includes
// 1/N), each reduced to [0, q).
func (a *asm) inverseIFMA() {
	a.transformPrologue("inverseIFMA", "zetasInv", "ifmaZetasInvShoup")

	a.l("\t// Pass 1: layers of length 1, 2 and 4, two pairs of vectors per")
	a.l("\t// iteration; CX = 128p and R8 = 64p for the first pair p.")
	// Index vectors 0–5 and 8, 9 of ifmaPerms in Z12–Z19 (8, 9 in Z18, Z19).
	idxReg := func(k int) string {
		if k >= 8 {
			return z(fIndex + k - 2)
		}
		return z(fIndex + k)
	}
	for _, k := range []int{0, 1, 2, 3, 4, 5, 8, 9} {
		a.i("VMOVDQU64 ifmaPerm<>+%d(SB), %s", 64*k, idxReg(k))
	}
	a.i("LEAQ ·ifmaZetasInv4(SB), R9")
	a.i("LEAQ ·ifmaZetasInv4Shoup(SB), R10")
	a.i("LEAQ ·ifmaZetasInv2(SB), R11")
	a.i("LEAQ ·ifmaZetasInv2Shoup(SB), SI")
	a.lanePass("inverseIFMAPass1", idxReg, []laneLayer{
		// zetasInv[256+8p…] at byte 2048 + 64p: R12 and R13 advance by
		// 128 per iteration.
		{[2]int{8, 9}, func(x, y, t1, t2 string, v int) seq {
			return gsIFMA(x, y, fmt.Sprintf("%d(R12)", 2048+64*v), fmt.Sprintf("%d(R13)", 2048+64*v), false, t1, t2)
		}},
		// ifmaZetasInv2 and ifmaZetasInv4 at byte 64p = R8 + 64v.
		{[2]int{4, 5}, func(x, y, t1, t2 string, v int) seq {
			return gsIFMA(x, y, fmt.Sprintf("%d(R11)(R8*1)", 64*v), fmt.Sprintf("%d(SI)(R8*1)", 64*v), false, t1, t2)
		}},
		{[2]int{2, 3}, func(x, y, t1, t2 string, v int) seq {
			return gsIFMA(x, y, fmt.Sprintf("%d(R9)(R8*1)", 64*v), fmt.Sprintf("%d(R10)(R8*1)", 64*v), false, t1, t2)
		}},
	}, [2]int{0, 1}, nil)
	a.i("LEAQ ·zetasInv(SB), R12")
	a.i("LEAQ ·ifmaZetasInvShoup(SB), R13")

	// gsLayers emits layers on Z0–Z7: for distance d in ds, butterflies
	// (i, i+d) with twiddle operands tw(d, k) for the k-th group.
	gsLayers := func(ds []int, tw func(d, k int) (string, string)) {
		for _, d := range ds {
			a.registerLayer(d, func(x, y, t1, t2 string, k int) seq {
				w, ws := tw(d, k)
				return gsIFMA(x, y, w, ws, true, t1, t2)
			})
		}
	}

	a.l("\t// Pass 2: layers of length 8, 16 and 32 on vectors 8g…8g+7;")
	a.l("\t// CX = 512g, R8 = 8g.")
	a.groupPass("inverseIFMAPass2", 64, 512, 4096, func() {
		gsLayers([]int{1, 2, 4}, func(d, k int) (string, string) {
			// Distance 1: zetasInv[32+4g+k]; 2: zetasInv[16+2g+k]; 4:
			// zetasInv[8+g]: at byte (256/d) + 8k + (4/d)·R8.
			scale := 4 / d
			off := 256/d + 8*k
			return fmt.Sprintf("%d(R12)(R8*%d)", off, scale), fmt.Sprintf("%d(R13)(R8*%d)", off, scale)
		})
	})

	a.l("\t// Pass 3: layers of length 64, 128 and 256 on vectors j, j+8, …,")
	a.l("\t// j+56; CX = 64j. The last layer multiplies by 1/N.")
	nInv, nInvS := z(26), z(25)
	a.i("VPBROADCASTQ ifmaConsts<>+%d(SB), %s", iNInv, nInv)
	a.i("VPBROADCASTQ ifmaConsts<>+%d(SB), %s", iNInvS, nInvS)
	wLast, wLastS := z(24), z(23)
	a.i("VPBROADCASTQ 8(R12), %s", wLast)
	a.i("VPBROADCASTQ 8(R13), %s", wLastS)
	a.groupPass("inverseIFMAPass3", 512, 64, 512, func() {
		gsLayers([]int{1, 2}, func(d, k int) (string, string) {
			// Distance 1 (length 64): zetasInv[4+k]; 2 (length 128): zetasInv[2+k].
			idx := 4/d + k
			return fmt.Sprintf("%d(R12)", 8*idx), fmt.Sprintf("%d(R13)", 8*idx)
		})
		var s []seq
		for i := 0; i < 4; i++ {
			x, y := z(i), z(i+4)
			t1, t2, t3 := z(8+3*i), z(9+3*i), z(10+3*i)
			p := seq{
				ins("VPADDQ %s, %s, %s", f4Q, x, t1),
				ins("VPSUBQ %s, %s, %s", y, t1, t1),
				ins("VPADDQ %s, %s, %s", y, x, x),
			}
			p = append(p, shoupIFMA(y, t1, wLast, wLastS, t2)...)
			p = append(p, shoupIFMA(t3, x, nInv, nInvS, t2)...)
			p = append(p, ins("VMOVDQA64 %s, %s", t3, x))
			s = append(s, p)
		}
		a.emit(s...)
	})
	a.i("VZEROUPPER")
	a.i("RET")
	a.l("")
}
