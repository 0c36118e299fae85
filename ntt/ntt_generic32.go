package ntt

import (
	"math/bits"

	"github.com/raccoon-go/raccoon/internal/params"
)

// The transforms for 32-bit targets (GOARCH=arm, 386, mips…, and TinyGo):
// bits.Mul64 costs four 32-bit multiplications and several additions with
// carry there, so forwardGeneric32 and inverseGeneric32 split q = q1·q2
// and run one transform modulo each 25-bit prime with 32-bit Shoup
// multiplications (one 32×32→64 multiplication, UMULL on ARM, and two
// 32-bit ones per butterfly), then join the results with the Chinese
// remainder theorem. Their outputs are identical to those of
// forwardGeneric and inverseGeneric, as both compute the exact residues.
//
// On ARMv7 (GOARCH=arm GOARM=7) a forward NTT executes about 128.6k
// instructions this way against 167.1k for forwardGeneric (counted under
// qemu-arm; see _asm/README.md).

const (
	q1 = params.Q1
	q2 = params.Q2

	// Shoup companions of 1, for the reductions.
	q1Recip = (1 << 32) / q1 // 260
	q2Recip = (1 << 32) / q2 // 129

	// c1 = 2^24 mod q1 and c2 = 2^24 mod q2, and their Shoup companions.
	c1      = (1 << 24) % q1
	c1Shoup = c1 << 32 / q1
	c2      = (1 << 24) % q2
	c2Shoup = c2 << 32 / q2

	// crt2 = 1/q1 mod q2, for joinCRT, and its Shoup companion.
	crt2      = 520194
	crt2Shoup = crt2 << 32 / q2

	// 1/512 modulo q1 and q2, and their Shoup companions.
	nInvQ1      = nInv % q1
	nInvQ1Shoup = nInvQ1 << 32 / q1
	nInvQ2      = nInv % q2
	nInvQ2Shoup = nInvQ2 << 32 / q2
)

// mulShoup32 returns a value in [0, 2q) congruent to x·w mod q, for any
// x < 2^32 and w < q < 2^31 with ws = floor(w·2^32/q).
func mulShoup32(x, w, ws, q uint32) uint32 {
	qh, _ := bits.Mul32(x, ws)
	return x*w - qh*q
}

// csub32 returns x-m if x >= m and x otherwise, for x < 2m <= 2^32,
// without branches.
func csub32(x, m uint32) uint32 {
	t := x - m
	return t + (m & -(t >> 31))
}

// forwardGeneric32 computes the NTT of p in place. It works like
// forwardGeneric: inputs below 4Q, output in [0, Q). It is constant time.
func forwardGeneric32(p *[N]uint64) {
	var a, b [N]uint32
	splitCRT(&a, &b, p)
	forward32(&a, &zetasQ1, &zetasQ1Shoup, q1, q1Recip)
	forward32(&b, &zetasQ2, &zetasQ2Shoup, q2, q2Recip)
	joinCRT(p, &a, &b)
}

// inverseGeneric32 computes the inverse NTT of p in place. It works like
// inverseGeneric: inputs below 4Q, output in [0, Q). It is constant time.
func inverseGeneric32(p *[N]uint64) {
	var a, b [N]uint32
	splitCRT(&a, &b, p)
	inverse32(&a, &zetasInvQ1, &zetasInvQ1Shoup, q1, q1Recip, nInvQ1, nInvQ1Shoup)
	inverse32(&b, &zetasInvQ2, &zetasInvQ2Shoup, q2, q2Recip, nInvQ2, nInvQ2Shoup)
	joinCRT(p, &a, &b)
}

// splitCRT sets a[i] and b[i] to values below 4q1 and 4q2 congruent to
// p[i] modulo q1 and q2, for p[i] < 2^56: p[i] = hi·2^24 + lo is congruent
// to hi·(2^24 mod q_i) + lo, a Shoup product below 2q_i plus lo < 2^24,
// which is below 1.02q1 and 0.51q2.
func splitCRT(a, b *[N]uint32, p *[N]uint64) {
	for i, x := range p {
		hi, lo := uint32(x>>24), uint32(x)&(1<<24-1)
		a[i] = mulShoup32(hi, c1, c1Shoup, q1) + lo
		b[i] = mulShoup32(hi, c2, c2Shoup, q2) + lo
	}
}

// joinCRT sets p[i] to the x in [0, Q) with x ≡ a[i] mod q1 and
// x ≡ b[i] mod q2, for a[i] < 2q1 and b[i] < 2q2: with r = a[i] mod q1,
// x = r + q1·((b[i] - r)/q1 mod q2) (Garner's formula).
func joinCRT(p *[N]uint64, a, b *[N]uint32) {
	for i := range p {
		r := csub32(a[i], q1)
		t := csub32(mulShoup32(b[i]+q2-r, crt2, crt2Shoup, q2), q2)
		hi, lo := bits.Mul32(t, q1)
		lo, c := bits.Add32(lo, r, 0)
		p[i] = uint64(hi+c)<<32 | uint64(lo)
	}
}

// forward32 computes the NTT of a modulo q < 2^25 with the twiddles z
// (and their Shoup companions zs), with the schedule of forwardGeneric.
// Inputs must be below 4q; values stay below 22q < 2^30 (each layer adds
// 2q), and the output is in [0, 2q).
func forward32(a *[N]uint32, z, zs *[N]uint32, q, qRecip uint32) {
	bf := func(x, y, w, ws uint32) (uint32, uint32) {
		t := mulShoup32(y, w, ws, q)
		return x + t, x - t + 2*q
	}
	w0, w0s := z[1], zs[1]
	w1, w1s := z[2], zs[2]
	w2, w2s := z[3], zs[3]
	for j := range 128 {
		x0, x1, x2, x3 := a[j], a[j+128], a[j+256], a[j+384]
		x0, x2 = bf(x0, x2, w0, w0s)
		x1, x3 = bf(x1, x3, w0, w0s)
		x0, x1 = bf(x0, x1, w1, w1s)
		x2, x3 = bf(x2, x3, w2, w2s)
		a[j], a[j+128], a[j+256], a[j+384] = x0, x1, x2, x3
	}
	for b := range 4 {
		blk := (*[128]uint32)(a[128*b:])
		w0, w0s := z[4+b], zs[4+b]
		w1, w1s := z[8+2*b], zs[8+2*b]
		w2, w2s := z[9+2*b], zs[9+2*b]
		for j := range 32 {
			x0, x1, x2, x3 := blk[j], blk[j+32], blk[j+64], blk[j+96]
			x0, x2 = bf(x0, x2, w0, w0s)
			x1, x3 = bf(x1, x3, w0, w0s)
			x0, x1 = bf(x0, x1, w1, w1s)
			x2, x3 = bf(x2, x3, w2, w2s)
			blk[j], blk[j+32], blk[j+64], blk[j+96] = x0, x1, x2, x3
		}
	}
	for b := range 16 {
		blk := (*[32]uint32)(a[32*b:])
		w0, w0s := z[16+b], zs[16+b]
		w1, w1s := z[32+2*b], zs[32+2*b]
		w2, w2s := z[33+2*b], zs[33+2*b]
		for j := range 8 {
			x0, x1, x2, x3 := blk[j], blk[j+8], blk[j+16], blk[j+24]
			x0, x2 = bf(x0, x2, w0, w0s)
			x1, x3 = bf(x1, x3, w0, w0s)
			x0, x1 = bf(x0, x1, w1, w1s)
			x2, x3 = bf(x2, x3, w2, w2s)
			blk[j], blk[j+8], blk[j+16], blk[j+24] = x0, x1, x2, x3
		}
	}
	red := func(x uint32) uint32 { return mulShoup32(x, 1, qRecip, q) }
	for b := range 64 {
		blk := (*[8]uint32)(a[8*b:])
		a0, a1, a2, a3, a4, a5, a6, a7 := blk[0], blk[1], blk[2], blk[3], blk[4], blk[5], blk[6], blk[7]
		w, ws := z[64+b], zs[64+b]
		a0, a4 = bf(a0, a4, w, ws)
		a1, a5 = bf(a1, a5, w, ws)
		a2, a6 = bf(a2, a6, w, ws)
		a3, a7 = bf(a3, a7, w, ws)
		w, ws = z[128+2*b], zs[128+2*b]
		a0, a2 = bf(a0, a2, w, ws)
		a1, a3 = bf(a1, a3, w, ws)
		w, ws = z[129+2*b], zs[129+2*b]
		a4, a6 = bf(a4, a6, w, ws)
		a5, a7 = bf(a5, a7, w, ws)
		a0, a1 = bf(a0, a1, z[256+4*b], zs[256+4*b])
		a2, a3 = bf(a2, a3, z[257+4*b], zs[257+4*b])
		a4, a5 = bf(a4, a5, z[258+4*b], zs[258+4*b])
		a6, a7 = bf(a6, a7, z[259+4*b], zs[259+4*b])
		blk[0], blk[1], blk[2], blk[3] = red(a0), red(a1), red(a2), red(a3)
		blk[4], blk[5], blk[6], blk[7] = red(a4), red(a5), red(a6), red(a7)
	}
}

// inverse32 computes the inverse NTT of a modulo q < 2^25 with the
// twiddles z (zs), with the schedule of inverseGeneric. Inputs must be
// below 4q. Sums double the bound: after the first three layers values
// are reduced below 2q, and they grow to 64q < 2^31 before the last
// layer, whose products are in [0, 2q), the output range.
func inverse32(a *[N]uint32, z, zs *[N]uint32, q, qRecip, n, ns uint32) {
	bf := func(x, y, w, ws, bound uint32) (uint32, uint32) {
		return x + y, mulShoup32(x-y+bound, w, ws, q)
	}
	red := func(x uint32) uint32 { return mulShoup32(x, 1, qRecip, q) }
	for b := range 64 {
		blk := (*[8]uint32)(a[8*b:])
		a0, a1, a2, a3, a4, a5, a6, a7 := blk[0], blk[1], blk[2], blk[3], blk[4], blk[5], blk[6], blk[7]
		a0, a1 = bf(a0, a1, z[256+4*b], zs[256+4*b], 4*q)
		a2, a3 = bf(a2, a3, z[257+4*b], zs[257+4*b], 4*q)
		a4, a5 = bf(a4, a5, z[258+4*b], zs[258+4*b], 4*q)
		a6, a7 = bf(a6, a7, z[259+4*b], zs[259+4*b], 4*q)
		w, ws := z[128+2*b], zs[128+2*b]
		a0, a2 = bf(a0, a2, w, ws, 8*q)
		a1, a3 = bf(a1, a3, w, ws, 8*q)
		w, ws = z[129+2*b], zs[129+2*b]
		a4, a6 = bf(a4, a6, w, ws, 8*q)
		a5, a7 = bf(a5, a7, w, ws, 8*q)
		w, ws = z[64+b], zs[64+b]
		a0, a4 = bf(a0, a4, w, ws, 16*q)
		a1, a5 = bf(a1, a5, w, ws, 16*q)
		a2, a6 = bf(a2, a6, w, ws, 16*q)
		a3, a7 = bf(a3, a7, w, ws, 16*q)
		blk[0], blk[1], blk[2], blk[3] = red(a0), red(a1), red(a2), red(a3)
		blk[4], blk[5], blk[6], blk[7] = red(a4), red(a5), red(a6), red(a7)
	}
	// Layers of length 8 and 16: below 8q after.
	for b := range 16 {
		blk := (*[32]uint32)(a[32*b:])
		w0, w0s := z[32+2*b], zs[32+2*b]
		w1, w1s := z[33+2*b], zs[33+2*b]
		w2, w2s := z[16+b], zs[16+b]
		for j := range 8 {
			x0, x1, x2, x3 := blk[j], blk[j+8], blk[j+16], blk[j+24]
			x0, x1 = bf(x0, x1, w0, w0s, 2*q)
			x2, x3 = bf(x2, x3, w1, w1s, 2*q)
			x0, x2 = bf(x0, x2, w2, w2s, 4*q)
			x1, x3 = bf(x1, x3, w2, w2s, 4*q)
			blk[j], blk[j+8], blk[j+16], blk[j+24] = x0, x1, x2, x3
		}
	}
	// Layers of length 32 and 64: below 32q after.
	for b := range 4 {
		blk := (*[128]uint32)(a[128*b:])
		w0, w0s := z[8+2*b], zs[8+2*b]
		w1, w1s := z[9+2*b], zs[9+2*b]
		w2, w2s := z[4+b], zs[4+b]
		for j := range 32 {
			x0, x1, x2, x3 := blk[j], blk[j+32], blk[j+64], blk[j+96]
			x0, x1 = bf(x0, x1, w0, w0s, 8*q)
			x2, x3 = bf(x2, x3, w1, w1s, 8*q)
			x0, x2 = bf(x0, x2, w2, w2s, 16*q)
			x1, x3 = bf(x1, x3, w2, w2s, 16*q)
			blk[j], blk[j+32], blk[j+64], blk[j+96] = x0, x1, x2, x3
		}
	}
	// Layer of length 128 (below 64q after) and the last layer, with the
	// factor 1/N: z[1] already includes it, and n = 1/N mod q.
	w0, w0s := z[2], zs[2]
	w1, w1s := z[3], zs[3]
	w, ws := z[1], zs[1]
	for j := range 128 {
		x0, x1, x2, x3 := a[j], a[j+128], a[j+256], a[j+384]
		x0, x1 = bf(x0, x1, w0, w0s, 32*q)
		x2, x3 = bf(x2, x3, w1, w1s, 32*q)
		a[j] = mulShoup32(x0+x2, n, ns, q)
		a[j+256] = mulShoup32(x0-x2+64*q, w, ws, q)
		a[j+128] = mulShoup32(x1+x3, n, ns, q)
		a[j+384] = mulShoup32(x1-x3+64*q, w, ws, q)
	}
}
