package masking

import (
	"github.com/raccoon-go/raccoon/internal/xof"
	"github.com/raccoon-go/raccoon/ntt"
)

// MaskCompress implements MaskCompress (Algorithm 14) on a masked vector of
// l = len(x) polynomials with d shares each, stored as s[i*d+j] (share j of
// polynomial i). keys holds the d-1 mask keys z_1..z_{d-1}, each of len(keys)/(d-1)
// bytes, freshly drawn from the random bit generator. It sets
//
//	x = s_0 - Σ_{j≥1} SampleQ(hdr_K(i, j), z_j) + Σ_{j≥1} s_j,
//
// subtracting each fresh share before adding the old one, as the
// specification orders the steps (the other order is not probing secure).
// The result is itself a d-sharing of s together with the keys, so it is as
// secret as s. The header puts the polynomial index before the share index,
// as the reference code does.
//
// MaskCompress is t-NI but not t-SNI: refresh s before calling it. It is
// constant time.
func MaskCompress(x []ntt.NTTPoly, s []ntt.NTTPoly, keys []byte, d int) {
	checkShares(d)
	l := len(x)
	if len(s) != l*d || (d > 1 && len(keys)%(d-1) != 0) {
		panic("masking: internal error: MaskCompress sizes")
	}
	for i := 0; i < l; i++ {
		x[i] = s[i*d]
	}
	if d == 1 {
		return
	}
	kb := len(keys) / (d - 1)
	var r ntt.NTTPoly
	for j := 1; j < d; j++ {
		key := keys[(j-1)*kb : j*kb]
		for i := 0; i < l; i++ {
			xof.SampleQ((*[n]uint64)(&r), xof.HeaderK(i, j), key)
			ntt.Sub(&x[i], &x[i], &r)
			ntt.Add(&x[i], &x[i], &s[i*d+j])
		}
	}
	clear(r[:])
}

// MaskDecompress implements MaskDecompress (Algorithm 15): it sets share 0
// of every polynomial i < len(x) to x[i] and share j >= 1 to
// SampleQ(hdr_K(i, j), z_j), writing s[i*d+j]. keys holds the d-1 mask keys.
// Nothing is recombined.
func MaskDecompress(s []ntt.NTTPoly, x []ntt.NTTPoly, keys []byte, d int) {
	checkShares(d)
	l := len(x)
	if len(s) != l*d || (d > 1 && len(keys)%(d-1) != 0) {
		panic("masking: internal error: MaskDecompress sizes")
	}
	for i := 0; i < l; i++ {
		s[i*d] = x[i]
	}
	if d == 1 {
		return
	}
	kb := len(keys) / (d - 1)
	for j := 1; j < d; j++ {
		key := keys[(j-1)*kb : j*kb]
		for i := 0; i < l; i++ {
			xof.SampleQ((*[n]uint64)(&s[i*d+j]), xof.HeaderK(i, j), key)
		}
	}
}
