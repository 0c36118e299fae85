package ntt

import "math/bits"

// Reduction helpers. All of them are constant time: they use only
// multiplications, additions and sign-mask selections.

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

// forwardGeneric computes the NTT of p in place with Cooley–Tukey
// butterflies over the twiddles zetas[1..511], in the order of the reference
// implementation (ref-c/ntt64.c, polyr_fntt). Inputs must be below 4Q.
// Intermediate values stay below 4Q (Harvey's lazy butterflies); the output
// is in [0, Q).
func forwardGeneric(p *[N]uint64) {
	const q2 = 2 * Q
	k := 1
	for length := N / 2; length >= 1; length >>= 1 {
		for start := 0; start < N; start += 2 * length {
			w, ws := zetas[k], zetasShoup[k]
			k++
			a := p[start : start+length : start+length]
			b := p[start+length : start+2*length : start+2*length]
			for j := range a {
				x := csub(a[j], q2)
				t := mulShoup(b[j], w, ws)
				a[j] = x + t
				b[j] = x - t + q2
			}
		}
	}
	for i := range p {
		p[i] = csub(csub(p[i], q2), Q)
	}
}

// inverseGeneric computes the inverse NTT of p in place with
// Gentleman–Sande butterflies, including the 1/N scaling, which is folded
// into the last layer. Inputs must be below 4Q; the output is in [0, Q).
func inverseGeneric(p *[N]uint64) {
	const q2 = 2 * Q
	for i := range p {
		p[i] = csub(p[i], q2)
	}
	// Values stay in [0, 2Q) between layers.
	for length := 1; length < N/2; length <<= 1 {
		k := N / (2 * length)
		for start := 0; start < N; start += 2 * length {
			w, ws := zetasInv[k], zetasInvShoup[k]
			k++
			a := p[start : start+length : start+length]
			b := p[start+length : start+2*length : start+2*length]
			for j := range a {
				x, y := a[j], b[j]
				a[j] = csub(x+y, q2)
				b[j] = mulShoup(x-y+q2, w, ws)
			}
		}
	}
	// Last layer, with the factor 1/N: zetasInv[1] already includes it.
	w, ws := zetasInv[1], zetasInvShoup[1]
	for j := 0; j < N/2; j++ {
		x, y := p[j], p[j+N/2]
		p[j] = csub(mulShoup(x+y, nInv, nInvShoup), Q)
		p[j+N/2] = csub(mulShoup(x-y+q2, w, ws), Q)
	}
}

// mulMontGeneric sets z[i] = x[i]·y[i]·2^-64 mod Q for x[i] < 2^62 and
// y[i] < Q; the result is in [0, Q).
func mulMontGeneric(z, x, y *[N]uint64) {
	for i := range z {
		z[i] = montMul(x[i], y[i])
	}
}

// mulAddMontGeneric sets z[i] = x[i]·y[i]·2^-64 + a[i] mod Q for x[i] < 2^62,
// y[i] < Q and a[i] < Q; the result is in [0, Q).
func mulAddMontGeneric(z, x, y, a *[N]uint64) {
	for i := range z {
		z[i] = csub(montMul(x[i], y[i])+a[i], Q)
	}
}

// addGeneric sets z = x + y mod Q for inputs in [0, Q).
func addGeneric(z, x, y *[N]uint64) {
	for i := range z {
		z[i] = csub(x[i]+y[i], Q)
	}
}

// subGeneric sets z = x - y mod Q for inputs in [0, Q).
func subGeneric(z, x, y *[N]uint64) {
	for i := range z {
		z[i] = csub(x[i]-y[i]+Q, Q)
	}
}
