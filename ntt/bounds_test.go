package ntt

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestKernelBounds recomputes the worst-case bounds on which the exactness
// of the assembly kernels rests (see _asm/amd64.go and _asm/arm64.go). The
// worst cases depend on rounding errors that random inputs do not reach,
// so the tests cannot check them; this test checks the arithmetic of the
// analysis instead, following the dataflow of each kernel element by
// element. Bounds are in multiples of the modulus.
func TestKernelBounds(t *testing.T) {
	t.Run("AVX2", testBoundsAVX2)
	t.Run("NEON", testBoundsNEON)
}

// Doubles: u = 2^-53. A product b·w mod q with |w| <= wmax·q, computed
// with k = round(fl(b·fl(w/q))), is below q(1/2 + |b|·wmax·(2u + u²)).
const u53 = 1.0 / (1 << 53)

func prodFP(b, wmax float64) float64 { return 0.5 + b*Q*wmax*(2*u53+u53*u53) }

// limit53 is 2^53 in multiples of q: doubles hold integers exactly below it.
const limit53 = float64(1<<53) / Q

func testBoundsAVX2(t *testing.T) {
	check := func(what string, b float64) {
		t.Helper()
		if b >= limit53 {
			t.Errorf("%s: bound %.3f·q exceeds 2^53", what, b)
		}
	}
	const half = 0.5                 // centered twiddles: |w| <= q/2
	reduced := 0.5 + limit53*2*u53*2 // x - round(x/q)·q for |x| < 2^53: q/2 plus a few units

	// Forward: inputs in [0, 4q) become [-2q, 2q); eight Cooley–Tukey
	// layers (x ± y·w) in the same pattern for every element; the last
	// layer reduces x first, and its outputs must be below 2q for toInt2.
	b := 2.0
	for l := 0; l < 8; l++ {
		b += prodFP(b, half)
		check("forward", b)
	}
	last := reduced + prodFP(b, half)
	if b > 8.2 || last >= 2 {
		t.Errorf("forward: bound %.3f·q before the last layer and %.3f·q after", b, last)
	}
	t.Logf("forward: values below %.3f·q (2^53 = %.2f·q), outputs below %.3f·q", b, limit53, last)
	if reduced >= 1 {
		t.Errorf("reduction leaves %.3f·q", reduced)
	}

	// Inverse: Gentleman–Sande butterflies (x + y, (x - y)·w) on per-element
	// bounds, with the reductions of inverseAVX2.
	gs := func(e []float64, stride int, wmax float64) {
		for i := range e {
			if i&stride == 0 {
				x, y := e[i], e[i+stride]
				check("inverse", x+y)
				e[i], e[i+stride] = x+y, prodFP(x+y, wmax)
			}
		}
	}
	// Pass 1 on a group of eight: inputs centered to [-2q, 2q); after the
	// layer of length 2, the register [c0 c4 c1 c5] is reduced.
	g := make([]float64, 8)
	for i := range g {
		g[i] = 2
	}
	gs(g, 1, half)
	gs(g, 2, half)
	for _, i := range []int{0, 4, 1, 5} {
		g[i] = reduced
	}
	gs(g, 4, half)
	in2 := 0.0
	for _, x := range g {
		in2 = math.Max(in2, x)
	}
	// Pass 2: eight registers at stride 8 coefficients, layers of length 8,
	// 16, 32 (register strides 1, 2, 4); registers 0 to 5 are reduced.
	r := make([]float64, 8)
	for i := range r {
		r[i] = in2
	}
	gs(r, 1, half)
	gs(r, 2, half)
	gs(r, 4, half)
	for i := 0; i < 6; i++ {
		r[i] = reduced
	}
	in3 := 0.0
	for _, x := range r {
		in3 = math.Max(in3, x)
	}
	if in3 > 0.62 {
		t.Errorf("inverse: pass 3 inputs below %.3f·q, the comments say 0.62", in3)
	}
	// Pass 3: layers of length 64 and 128, then the last layer multiplies
	// both results (by 1/512, a tiny centered constant, and by zetasInv[1]).
	for i := range r {
		r[i] = in3
	}
	gs(r, 1, half)
	gs(r, 2, half)
	out := 0.0
	for i := 0; i < 4; i++ {
		x, y := r[i], r[i+4]
		check("inverse", x+y)
		out = math.Max(out, math.Max(prodFP(x+y, 0.002), prodFP(x+y, half)))
	}
	// The outputs convert to [0, q) without a reduction only if below q.
	if out >= 1 {
		t.Errorf("inverse: outputs below %.3f·q are not below q", out)
	}
	t.Logf("inverse: pass 2 inputs below %.3f·q, pass 3 inputs below %.3f·q, outputs below %.3f·q", in2, in3, out)

	// MulMont: y·2^-64 mod q, then x' ≡ x with |x'| <= q/2 + 2^26 + 1, then
	// x'·Y with k = round(fl(fl(x'·Y)·fl(1/q))) (relative error 3u + 3u²).
	Y := prodFP(1, half)
	x := 0.5 + float64(1<<26+1)/Q
	p := 0.5 + x*Y*Q*(3*u53+3*u53*u53)
	if p >= 1 {
		t.Errorf("mulMont: product below %.3f·q is not below q", p)
	}
	t.Logf("mulMont: product below %.3f·q", p)

	// DotMont: each term is x·Y with x in [0, q) (not reduced), below
	// q/2 + |x|·|Y|·(3u + 3u²); the sum of MaxDotTerms terms must stay
	// below 2^53, and its reduction below q for toInt.
	term := 0.5 + 1*Y*Q*(3*u53+3*u53*u53)
	sum := MaxDotTerms * term
	check("dotMont", sum)
	if term >= 0.61 {
		t.Errorf("dotMont: term below %.3f·q, the kernel's comment says 0.61·q", term)
	}
	t.Logf("dotMont: terms below %.3f·q, sums of %d terms below %.3f·q", term, MaxDotTerms, sum)
}

func testBoundsNEON(t *testing.T) {
	for _, q := range []float64{q1, q2} {
		limit := float64(1<<31) / q // int32 lanes, and Barrett inputs below 2^31
		check := func(what string, b float64) {
			t.Helper()
			if b >= limit {
				t.Errorf("q=%v %s: bound %.3f·q exceeds 2^31", q, what, b)
			}
		}
		// Barrett: |r| <= q(1/2 + |a|/2^32).
		prod := func(b float64) float64 { return 0.5 + b*q/(1<<32) }
		// Conversion in: xl + xh·(2^26 mod q), xl < 2^26, xh < 2^25.
		in := float64(1<<26)/q + prod(float64(1<<25)/q)
		// Forward: nine Cooley–Tukey layers, then a product by a_i.
		b := in
		for l := 0; l < 9; l++ {
			b += prod(b)
			check("forward", b)
		}
		if prod(b) >= 1 {
			t.Errorf("q=%v forward: conversion out sees %.3f·q", q, prod(b))
		}
		t.Logf("q=%v: input %.2f·q, forward values below %.2f·q (2^31 = %.1f·q)", q, in, b, limit)
		// Inverse: inputs reduced (a product by 1), pass 1 on 32 consecutive
		// coefficients (layers of length 1 to 16), reductions of offsets
		// 0 to 7, pass 2 (length 32 to 128) and the last layer.
		e := make([]float64, 32)
		for i := range e {
			e[i] = prod(in)
		}
		gs := func(e []float64, stride int) {
			for i := range e {
				if i&stride == 0 {
					x, y := e[i], e[i+stride]
					check("inverse", x+y)
					e[i], e[i+stride] = x+y, prod(x+y)
				}
			}
		}
		for s := 1; s <= 16; s <<= 1 {
			gs(e, s)
		}
		for i := 0; i < 8; i++ {
			e[i] = prod(e[i])
		}
		in2 := 0.0
		for _, x := range e {
			in2 = math.Max(in2, x)
		}
		r := make([]float64, 16)
		for i := range r {
			r[i] = in2
		}
		for s := 1; s <= 4; s <<= 1 {
			gs(r, s)
		}
		for i := 0; i < 8; i++ {
			check("inverse last layer", r[i]+r[i+8])
			if prod(r[i]+r[i+8]) >= 1 {
				t.Errorf("q=%v inverse: outputs not below q", q)
			}
		}
	}
}

// TestReduceLazy checks reduceLazy on edges and random values below 2^58,
// and the 32-bit Shoup multiplication on edges of its range.
func TestReduceLazy(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	xs := []uint64{0, 1, Q - 1, Q, 2*Q - 1, 2 * Q, 22*Q - 1, 1<<58 - 1, (1<<58 - 1) / Q * Q, (1<<58-1)/Q*Q - 1}
	for range 100000 {
		xs = append(xs, r.Uint64N(1<<58), r.Uint64N(64)*Q+r.Uint64N(3)-1)
	}
	for _, x := range xs {
		if x >= 1<<58 {
			continue
		}
		if y := reduceLazy(x); y >= 2*Q || y%Q != x%Q {
			t.Fatalf("reduceLazy(%d) = %d", x, y)
		}
	}
	for _, q := range []uint32{q1, q2} {
		for _, x := range []uint32{0, 1, q - 1, q, 2*q - 1, 1<<32 - 1, 1 << 31} {
			for _, w := range []uint32{0, 1, q - 1, q / 2} {
				ws := uint32(uint64(w) << 32 / uint64(q))
				if y := mulShoup32(x, w, ws, q); y >= 2*q || uint64(y)%uint64(q) != uint64(x)*uint64(w)%uint64(q) {
					t.Fatalf("mulShoup32(%d, %d) mod %d = %d", x, w, q, y)
				}
			}
		}
	}
}
