package masking

import (
	"unsafe"

	"github.com/raccoon-go/raccoon/internal/leak"
	"github.com/raccoon-go/raccoon/internal/xof"
	"github.com/raccoon-go/raccoon/ntt"
)

// MaskCompress implements MaskCompress (Algorithm 14) for polynomial number
// index of a masked vector: given its d = len(s) shares and the d-1 mask keys
// z_1..z_{d-1} (concatenated in keys, each len(keys)/(d-1) bytes, drawn from
// a random bit generator), it sets
//
//	x = s_0 - SampleQ(hdr_K(index, 1), z_1) + s_1 - … - SampleQ(hdr_K(index, d-1), z_{d-1}) + s_{d-1},
//
// subtracting each fresh share before adding the old one, as the
// specification orders the steps (the other order is not probing secure).
// Together with the keys, x is a d-sharing of the secret: it is as secret as
// the shares. The header puts the polynomial index before the share index,
// as the reference code does.
//
// MaskCompress is t-NI but not t-SNI: refresh s before calling it. It is
// constant time and panics if len(s) is not a valid number of shares or keys
// has the wrong length.
func MaskCompress(x *ntt.NTTPoly, s []ntt.NTTPoly, index int, keys []byte) {
	MaskCompressVec(unsafe.Slice(x, 1), s, index, keys)
}

// MaskCompressVec runs MaskCompress on the consecutive polynomials first,
// …, first+m-1 of a masked vector, m = len(x) >= 1: x[i] is computed from
// the d = len(s)/m shares s[i*d:(i+1)*d] of polynomial first+i under the
// same keys. It gives the same results as m calls of MaskCompress; the
// m·(d-1) SampleQ expansions run xof.Width() at a time across
// polynomials, which fills the lanes when d-1 is smaller.
func MaskCompressVec(x []ntt.NTTPoly, s []ntt.NTTPoly, first int, keys []byte) {
	m, d := vecShape(len(x), len(s))
	kb := keySize(d, keys)
	for i := range x {
		x[i] = s[i*d]
	}
	// The fresh shares are expanded xof.Width() at a time, then applied in
	// the algorithm's order: stream t is share t%(d-1)+1 of polynomial
	// t/(d-1).
	w := xof.Width()
	var r [xof.MaxLanes]ntt.NTTPoly
	var dst [xof.MaxLanes]*ntt.NTTPoly
	defer clear(r[:w])
	total := m * (d - 1)
	for t0 := 0; t0 < total; t0 += w {
		cnt := min(w, total-t0)
		for t := range cnt {
			dst[t] = &r[t]
		}
		expandKeys(dst[:cnt], first, t0, d, keys, kb)
		for t := range cnt {
			i, j := (t0+t)/(d-1), (t0+t)%(d-1)+1
			xi := &x[i]
			ntt.Sub(xi, xi, &r[t])
			if leak.Enabled {
				leak.Observe(leak.CompressAcc, j, 0, xi[:])
			}
			ntt.Add(xi, xi, &s[i*d+j])
			if leak.Enabled {
				leak.Observe(leak.CompressAcc, j, 0, xi[:])
			}
		}
	}
}

// expandKeys sets *r[t] = SampleQ(hdr_K(first+i, j), z_j) for stream t0+t =
// i·(d-1) + j-1 (share j >= 1 of polynomial first+i), t < len(r) <=
// xof.MaxLanes, in one multi-stream call.
func expandKeys(r []*ntt.NTTPoly, first, t0, d int, keys []byte, kb int) {
	var ptr [xof.MaxLanes]*[n]uint64
	var hdr [xof.MaxLanes]xof.Header
	var seed [xof.MaxLanes][]byte
	for t := range r {
		i, j := (t0+t)/(d-1), (t0+t)%(d-1)+1
		ptr[t] = (*[n]uint64)(r[t])
		hdr[t] = xof.HeaderK(first+i, j)
		seed[t] = keys[(j-1)*kb : j*kb]
	}
	xof.SampleQLanes(ptr[:len(r)], hdr[:len(r)], seed[:len(r)])
}

// MaskDecompress implements MaskDecompress (Algorithm 15) for polynomial
// number index: it sets share 0 to x and share j >= 1 of the d = len(s)
// shares to SampleQ(hdr_K(index, j), z_j). Nothing is recombined.
func MaskDecompress(s []ntt.NTTPoly, x *ntt.NTTPoly, index int, keys []byte) {
	MaskDecompressVec(s, unsafe.Slice(x, 1), index, keys)
}

// MaskDecompressVec runs MaskDecompress on the consecutive polynomials
// first, …, first+m-1 of a masked vector, m = len(x) >= 1: it sets the d =
// len(s)/m shares s[i*d:(i+1)*d] of polynomial first+i from x[i] and the
// keys. The m·(d-1) SampleQ expansions run xof.Width() at a time across
// polynomials.
func MaskDecompressVec(s []ntt.NTTPoly, x []ntt.NTTPoly, first int, keys []byte) {
	m, d := vecShape(len(x), len(s))
	kb := keySize(d, keys)
	for i := range x {
		s[i*d] = x[i]
	}
	w := xof.Width()
	var dst [xof.MaxLanes]*ntt.NTTPoly
	total := m * (d - 1)
	for t0 := 0; t0 < total; t0 += w {
		cnt := min(w, total-t0)
		for t := range cnt {
			i, j := (t0+t)/(d-1), (t0+t)%(d-1)+1
			dst[t] = &s[i*d+j]
		}
		expandKeys(dst[:cnt], first, t0, d, keys, kb)
	}
	if leak.Enabled {
		for i := range m {
			for j := range d {
				leak.Observe(leak.ExpandShare, j, 0, s[i*d+j][:])
			}
		}
	}
}

// vecShape returns the number of polynomials m and of shares d of a
// MaskCompressVec or MaskDecompressVec call with m polynomials and m·d
// shares, panicking if the shapes do not match.
func vecShape(polys, shares int) (m, d int) {
	if polys == 0 || shares%polys != 0 {
		panic("masking: internal error: shares and polynomials do not match")
	}
	return polys, shares / polys
}

// keySize returns the size of one mask key, checking the arguments.
func keySize(d int, keys []byte) int {
	checkShares(d)
	if d == 1 {
		if len(keys) != 0 {
			panic("masking: internal error: mask keys for one share")
		}
		return 0
	}
	if len(keys)%(d-1) != 0 || len(keys) == 0 {
		panic("masking: internal error: mask keys of the wrong size")
	}
	return len(keys) / (d - 1)
}
