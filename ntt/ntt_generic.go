package ntt

import "math/bits"

// Reduction helpers. All of them are constant time: they use only
// multiplications, additions, shifts and sign-mask selections.

// montMul returns x·y·2^-64 mod Q in [0, Q), for x·y < Q·2^64 (for example
// x < 2^62 and y < Q).
func montMul(x, y uint64) uint64 {
	return csub(montMulLazy(x, y), Q)
}

// montMulLazy returns a value in [0, 2Q) congruent to x·y·2^-64 mod Q, for
// x·y < Q·2^64.
func montMulLazy(x, y uint64) uint64 {
	hi, lo := bits.Mul64(x, y)
	m := lo * qNegInv
	mh, ml := bits.Mul64(m, Q)
	_, c := bits.Add64(lo, ml, 0)
	return hi + mh + c
}

// mulShoup returns a value in [0, 2Q) congruent to x·w mod Q, for any x and
// w < Q with ws = floor(w·2^64/Q).
func mulShoup(x, w, ws uint64) uint64 {
	qh, _ := bits.Mul64(x, ws)
	return x*w - qh*Q
}

// qRecip is floor(2^64/Q) = 33550, used by reduceLazy.
const qRecip = (1<<64 - 1) / Q

// reduceLazy returns a value in [0, 2Q) congruent to x mod Q, for x < 2^58.
//
// The quotient estimate floor(floor(x/2^20)·qRecip / 2^44) is at most x/Q
// and more than x/Q - 1, and the product fits in 64 bits, so a single
// 64-bit multiplication replaces the 128-bit one of a Barrett reduction.
func reduceLazy(x uint64) uint64 {
	qh := (x >> 20) * qRecip >> 44
	return x - qh*Q
}

// Bounds of the pure-Go transforms. Q < 2^49 leaves 15 bits of headroom in
// a uint64, so neither transform reduces values between layers:
//
//   - forwardGeneric: a Cooley–Tukey butterfly (a, b) → (a + t, a - t + 2Q),
//     with t = b·w mod Q in [0, 2Q) by Shoup's method, raises the bound by 2Q
//     per layer; inputs below 4Q end below 22Q after 9 layers.
//   - inverseGeneric: a Gentleman–Sande butterfly (a, b) → (a + b,
//     (a - b + B)·w) at most doubles the bound B (a multiple of Q chosen per
//     layer so that a - b + B does not wrap); inputs below 4Q stay below
//     2^8·4Q < 2^59 before the last layer, whose products are below 2Q.
//
// Shoup's multiplication accepts any 64-bit multiplicand, so these bounds
// are all that is needed.

// forwardGeneric computes the NTT of p in place with Cooley–Tukey
// butterflies over the twiddles zetas[1..511], in the order of the reference
// implementation (ref-c/ntt64.c, polyr_fntt). Inputs must be below 4Q; the
// output is in [0, Q).
//
// Layers are merged in pairs and the last three in one pass, to save loads
// and stores; each pass works on fixed-size array views so that the
// compiler drops the bounds checks of the inner loops. It is constant time.
func forwardGeneric(p *[N]uint64) {
	// Layers of length 256 and 128: values below 4Q before, 8Q after.
	{
		w0, w0s := zetas[1], zetasShoup[1]
		w1, w1s := zetas[2], zetasShoup[2]
		w2, w2s := zetas[3], zetasShoup[3]
		for j := range 128 {
			x0, x1, x2, x3 := p[j], p[j+128], p[j+256], p[j+384]
			x0, x2 = fwdButterfly(x0, x2, w0, w0s)
			x1, x3 = fwdButterfly(x1, x3, w0, w0s)
			x0, x1 = fwdButterfly(x0, x1, w1, w1s)
			x2, x3 = fwdButterfly(x2, x3, w2, w2s)
			p[j], p[j+128], p[j+256], p[j+384] = x0, x1, x2, x3
		}
	}
	// Layers of length 64 and 32: below 12Q after.
	for b := range 4 {
		blk := (*[128]uint64)(p[128*b:])
		w0, w0s := zetas[4+b], zetasShoup[4+b]
		w1, w1s := zetas[8+2*b], zetasShoup[8+2*b]
		w2, w2s := zetas[9+2*b], zetasShoup[9+2*b]
		for j := range 32 {
			x0, x1, x2, x3 := blk[j], blk[j+32], blk[j+64], blk[j+96]
			x0, x2 = fwdButterfly(x0, x2, w0, w0s)
			x1, x3 = fwdButterfly(x1, x3, w0, w0s)
			x0, x1 = fwdButterfly(x0, x1, w1, w1s)
			x2, x3 = fwdButterfly(x2, x3, w2, w2s)
			blk[j], blk[j+32], blk[j+64], blk[j+96] = x0, x1, x2, x3
		}
	}
	// Layers of length 16 and 8: below 16Q after.
	for b := range 16 {
		blk := (*[32]uint64)(p[32*b:])
		w0, w0s := zetas[16+b], zetasShoup[16+b]
		w1, w1s := zetas[32+2*b], zetasShoup[32+2*b]
		w2, w2s := zetas[33+2*b], zetasShoup[33+2*b]
		for j := range 8 {
			x0, x1, x2, x3 := blk[j], blk[j+8], blk[j+16], blk[j+24]
			x0, x2 = fwdButterfly(x0, x2, w0, w0s)
			x1, x3 = fwdButterfly(x1, x3, w0, w0s)
			x0, x1 = fwdButterfly(x0, x1, w1, w1s)
			x2, x3 = fwdButterfly(x2, x3, w2, w2s)
			blk[j], blk[j+8], blk[j+16], blk[j+24] = x0, x1, x2, x3
		}
	}
	// Layers of length 4, 2 and 1 (below 22Q after), then the final
	// reduction to [0, Q).
	for b := range 64 {
		blk := (*[8]uint64)(p[8*b:])
		a0, a1, a2, a3, a4, a5, a6, a7 := blk[0], blk[1], blk[2], blk[3], blk[4], blk[5], blk[6], blk[7]
		w, ws := zetas[64+b], zetasShoup[64+b]
		a0, a4 = fwdButterfly(a0, a4, w, ws)
		a1, a5 = fwdButterfly(a1, a5, w, ws)
		a2, a6 = fwdButterfly(a2, a6, w, ws)
		a3, a7 = fwdButterfly(a3, a7, w, ws)
		w, ws = zetas[128+2*b], zetasShoup[128+2*b]
		a0, a2 = fwdButterfly(a0, a2, w, ws)
		a1, a3 = fwdButterfly(a1, a3, w, ws)
		w, ws = zetas[129+2*b], zetasShoup[129+2*b]
		a4, a6 = fwdButterfly(a4, a6, w, ws)
		a5, a7 = fwdButterfly(a5, a7, w, ws)
		a0, a1 = fwdButterfly(a0, a1, zetas[256+4*b], zetasShoup[256+4*b])
		a2, a3 = fwdButterfly(a2, a3, zetas[257+4*b], zetasShoup[257+4*b])
		a4, a5 = fwdButterfly(a4, a5, zetas[258+4*b], zetasShoup[258+4*b])
		a6, a7 = fwdButterfly(a6, a7, zetas[259+4*b], zetasShoup[259+4*b])
		blk[0], blk[1], blk[2], blk[3] = reduce(a0), reduce(a1), reduce(a2), reduce(a3)
		blk[4], blk[5], blk[6], blk[7] = reduce(a4), reduce(a5), reduce(a6), reduce(a7)
	}
}

// reduce returns x mod Q in [0, Q) for x < 2^58.
func reduce(x uint64) uint64 { return csub(reduceLazy(x), Q) }

// fwdButterfly returns (a + t, a - t + 2Q) with t = b·w mod Q in [0, 2Q).
// Both results are below B + 2Q if a is below B; b may be any value.
func fwdButterfly(a, b, w, ws uint64) (uint64, uint64) {
	t := mulShoup(b, w, ws)
	return a + t, a - t + 2*Q
}

// inverseGeneric computes the inverse NTT of p in place with
// Gentleman–Sande butterflies, including the 1/N scaling, which is folded
// into the last layer. Inputs must be below 4Q; the output is in [0, Q).
// It is constant time.
func inverseGeneric(p *[N]uint64) {
	// Layers of length 1, 2 and 4: values below 4Q before, 32Q after.
	for b := range 64 {
		blk := (*[8]uint64)(p[8*b:])
		a0, a1, a2, a3, a4, a5, a6, a7 := blk[0], blk[1], blk[2], blk[3], blk[4], blk[5], blk[6], blk[7]
		a0, a1 = invButterfly(a0, a1, zetasInv[256+4*b], zetasInvShoup[256+4*b], 4*Q)
		a2, a3 = invButterfly(a2, a3, zetasInv[257+4*b], zetasInvShoup[257+4*b], 4*Q)
		a4, a5 = invButterfly(a4, a5, zetasInv[258+4*b], zetasInvShoup[258+4*b], 4*Q)
		a6, a7 = invButterfly(a6, a7, zetasInv[259+4*b], zetasInvShoup[259+4*b], 4*Q)
		w, ws := zetasInv[128+2*b], zetasInvShoup[128+2*b]
		a0, a2 = invButterfly(a0, a2, w, ws, 8*Q)
		a1, a3 = invButterfly(a1, a3, w, ws, 8*Q)
		w, ws = zetasInv[129+2*b], zetasInvShoup[129+2*b]
		a4, a6 = invButterfly(a4, a6, w, ws, 8*Q)
		a5, a7 = invButterfly(a5, a7, w, ws, 8*Q)
		w, ws = zetasInv[64+b], zetasInvShoup[64+b]
		a0, a4 = invButterfly(a0, a4, w, ws, 16*Q)
		a1, a5 = invButterfly(a1, a5, w, ws, 16*Q)
		a2, a6 = invButterfly(a2, a6, w, ws, 16*Q)
		a3, a7 = invButterfly(a3, a7, w, ws, 16*Q)
		blk[0], blk[1], blk[2], blk[3], blk[4], blk[5], blk[6], blk[7] = a0, a1, a2, a3, a4, a5, a6, a7
	}
	// Layers of length 8 and 16: below 128Q after.
	for b := range 16 {
		blk := (*[32]uint64)(p[32*b:])
		w0, w0s := zetasInv[32+2*b], zetasInvShoup[32+2*b]
		w1, w1s := zetasInv[33+2*b], zetasInvShoup[33+2*b]
		w2, w2s := zetasInv[16+b], zetasInvShoup[16+b]
		for j := range 8 {
			x0, x1, x2, x3 := blk[j], blk[j+8], blk[j+16], blk[j+24]
			x0, x1 = invButterfly(x0, x1, w0, w0s, 32*Q)
			x2, x3 = invButterfly(x2, x3, w1, w1s, 32*Q)
			x0, x2 = invButterfly(x0, x2, w2, w2s, 64*Q)
			x1, x3 = invButterfly(x1, x3, w2, w2s, 64*Q)
			blk[j], blk[j+8], blk[j+16], blk[j+24] = x0, x1, x2, x3
		}
	}
	// Layers of length 32 and 64: below 512Q after.
	for b := range 4 {
		blk := (*[128]uint64)(p[128*b:])
		w0, w0s := zetasInv[8+2*b], zetasInvShoup[8+2*b]
		w1, w1s := zetasInv[9+2*b], zetasInvShoup[9+2*b]
		w2, w2s := zetasInv[4+b], zetasInvShoup[4+b]
		for j := range 32 {
			x0, x1, x2, x3 := blk[j], blk[j+32], blk[j+64], blk[j+96]
			x0, x1 = invButterfly(x0, x1, w0, w0s, 128*Q)
			x2, x3 = invButterfly(x2, x3, w1, w1s, 128*Q)
			x0, x2 = invButterfly(x0, x2, w2, w2s, 256*Q)
			x1, x3 = invButterfly(x1, x3, w2, w2s, 256*Q)
			blk[j], blk[j+32], blk[j+64], blk[j+96] = x0, x1, x2, x3
		}
	}
	// Layer of length 128 (below 1024Q after) and the last layer, with the
	// factor 1/N: zetasInv[1] already includes it.
	w0, w0s := zetasInv[2], zetasInvShoup[2]
	w1, w1s := zetasInv[3], zetasInvShoup[3]
	w, ws := zetasInv[1], zetasInvShoup[1]
	for j := range 128 {
		x0, x1, x2, x3 := p[j], p[j+128], p[j+256], p[j+384]
		x0, x1 = invButterfly(x0, x1, w0, w0s, 512*Q)
		x2, x3 = invButterfly(x2, x3, w1, w1s, 512*Q)
		p[j] = csub(mulShoup(x0+x2, nInv, nInvShoup), Q)
		p[j+256] = csub(mulShoup(x0-x2+1024*Q, w, ws), Q)
		p[j+128] = csub(mulShoup(x1+x3, nInv, nInvShoup), Q)
		p[j+384] = csub(mulShoup(x1-x3+1024*Q, w, ws), Q)
	}
}

// invButterfly returns (a + b, (a - b + bound)·w mod Q), the second in
// [0, 2Q), for a, b < bound, a multiple of Q.
func invButterfly(a, b, w, ws, bound uint64) (uint64, uint64) {
	return a + b, mulShoup(a-b+bound, w, ws)
}

// The per-coefficient loops below index slices of equal length, which
// lets the compiler drop the bounds and nil checks from the loop bodies.

// mulMontGeneric sets z[i] = x[i]·y[i]·2^-64 mod Q for x[i] < 2^62 and
// y[i] < Q; the result is in [0, Q).
func mulMontGeneric(z, x, y *[N]uint64) {
	zs, xs, ys := z[:], x[:], y[:]
	// Bounds check elimination hint.
	xs, ys = xs[:len(zs)], ys[:len(zs)]
	for i := range zs {
		zs[i] = montMul(xs[i], ys[i])
	}
}

// mulAddMontGeneric sets z[i] = x[i]·y[i]·2^-64 + a[i] mod Q for x[i] < 2^62,
// y[i] < Q and a[i] < Q; the result is in [0, Q).
func mulAddMontGeneric(z, x, y, a *[N]uint64) {
	zs, xs, ys, as := z[:], x[:], y[:], a[:]
	// Bounds check elimination hint.
	xs, ys, as = xs[:len(zs)], ys[:len(zs)], as[:len(zs)]
	for i := range zs {
		zs[i] = csub(montMul(xs[i], ys[i])+as[i], Q)
	}
}

// dotMontGeneric sets z[i] = Σ_j x[j·stride][i]·y[j][i]·2^-64 mod Q for
// inputs in [0, Q) and 1 <= len(y) <= MaxDotTerms (checked by DotMont);
// the result is in [0, Q). It accumulates in z term by term, or in a
// temporary when z overlaps an operand after the first.
func dotMontGeneric(z *[N]uint64, x []NTTPoly, stride int, y []MontPoly) {
	for j := 1; j < len(y); j++ {
		if overlap(z[:], x[j*stride][:]) || overlap(z[:], y[j][:]) {
			dotMontAliased(z, x, stride, y)
			return
		}
	}
	dotMontInto(z, x, stride, y)
}

// dotMontInto computes dotMontGeneric with one Montgomery reduction per
// coefficient: it adds the 128-bit products of all terms, the low words in
// z and the high words in a temporary, and reduces the sums at the end.
// With up to MaxDotTerms = 16 terms below Q² each, a sum is below
// 16·Q² < Q·2^64, the bound of a Montgomery reduction with result below 2Q.
// z may be x[0] or y[0], but must not overlap the other operands.
func dotMontInto(z *[N]uint64, x []NTTPoly, stride int, y []MontPoly) {
	var hi [N]uint64
	x0, y0 := (*[N]uint64)(&x[0]), (*[N]uint64)(&y[0])
	for i := range z {
		hi[i], z[i] = bits.Mul64(x0[i], y0[i])
	}
	for j := 1; j < len(y); j++ {
		xs, ys := x[j*stride][:], y[j][:]
		zs, hs := z[:len(xs)], hi[:len(xs)]
		ys = ys[:len(xs)]
		for i, xv := range xs {
			h, l := bits.Mul64(xv, ys[i])
			var c uint64
			zs[i], c = bits.Add64(zs[i], l, 0)
			hs[i] += h + c
		}
	}
	for i := range z {
		m := z[i] * qNegInv
		mh, ml := bits.Mul64(m, Q)
		_, c := bits.Add64(z[i], ml, 0)
		z[i] = csub(hi[i]+mh+c, Q)
	}
	clear(hi[:]) // the sums of products of shares
}

// dotMontAliased is dotMontGeneric through a temporary, which it clears:
// the operands may be secret shares.
func dotMontAliased(z *[N]uint64, x []NTTPoly, stride int, y []MontPoly) {
	var acc [N]uint64
	dotMontInto(&acc, x, stride, y)
	*z = acc
	clear(acc[:])
}

// addGeneric sets z = x + y mod Q for inputs in [0, Q), four coefficients
// per iteration.
func addGeneric(z, x, y *[N]uint64) {
	for i := 0; i < N; i += 4 {
		zs, xs, ys := (*[4]uint64)(z[i:]), (*[4]uint64)(x[i:]), (*[4]uint64)(y[i:])
		zs[0] = csub(xs[0]+ys[0], Q)
		zs[1] = csub(xs[1]+ys[1], Q)
		zs[2] = csub(xs[2]+ys[2], Q)
		zs[3] = csub(xs[3]+ys[3], Q)
	}
}

// subGeneric sets z = x - y mod Q for inputs in [0, Q), four coefficients
// per iteration.
func subGeneric(z, x, y *[N]uint64) {
	for i := 0; i < N; i += 4 {
		zs, xs, ys := (*[4]uint64)(z[i:]), (*[4]uint64)(x[i:]), (*[4]uint64)(y[i:])
		zs[0] = csub(xs[0]-ys[0]+Q, Q)
		zs[1] = csub(xs[1]-ys[1]+Q, Q)
		zs[2] = csub(xs[2]-ys[2]+Q, Q)
		zs[3] = csub(xs[3]-ys[3]+Q, Q)
	}
}

// addSubVecGeneric sets a = a + r and b = b - r mod Q, element-wise, for
// inputs in [0, Q) and slices of the same length.
func addSubVecGeneric(a, b, r []uint64) {
	a, b = a[:len(r)], b[:len(r)]
	for i, x := range r {
		a[i] = csub(a[i]+x, Q)
		b[i] = csub(b[i]-x+Q, Q)
	}
}

// addVecGeneric sets z = x + y mod Q, element-wise, for inputs in [0, Q)
// and slices of the same length.
func addVecGeneric(z, x, y []uint64) {
	x, y = x[:len(z)], y[:len(z)]
	for i := range z {
		z[i] = csub(x[i]+y[i], Q)
	}
}

// toMontGeneric sets z[i] = x[i]·2^64 mod Q for x[i] < Q; the result is in
// [0, Q).
func toMontGeneric(z, x *[N]uint64) {
	for i := range z {
		z[i] = montMul(x[i], r2)
	}
}
