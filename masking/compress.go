package masking

import (
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
	d := len(s)
	kb := keySize(d, keys)
	*x = s[0]
	// The fresh shares are expanded xof.Lanes at a time, then applied in
	// the algorithm's order.
	var r [xof.Lanes]ntt.NTTPoly
	defer clear(r[:])
	for j := 1; j < d; j++ {
		t := (j - 1) % xof.Lanes
		if t == 0 {
			expandKeys(r[:min(xof.Lanes, d-j)], index, j, keys, kb)
		}
		ntt.Sub(x, x, &r[t])
		if leak.Enabled {
			leak.Observe(leak.CompressAcc, j, 0, x[:])
		}
		ntt.Add(x, x, &s[j])
		if leak.Enabled {
			leak.Observe(leak.CompressAcc, j, 0, x[:])
		}
	}
}

// expandKeys sets r[t] = SampleQ(hdr_K(index, first+t), z_{first+t}) for
// t < len(r) <= xof.Lanes, in one multi-stream call.
func expandKeys(r []ntt.NTTPoly, index, first int, keys []byte, kb int) {
	var ptr [xof.Lanes]*[n]uint64
	var hdr [xof.Lanes]xof.Header
	var seed [xof.Lanes][]byte
	for t := range r {
		j := first + t
		ptr[t] = (*[n]uint64)(&r[t])
		hdr[t] = xof.HeaderK(index, j)
		seed[t] = keys[(j-1)*kb : j*kb]
	}
	xof.SampleQLanes(ptr[:len(r)], hdr[:len(r)], seed[:len(r)])
}

// MaskDecompress implements MaskDecompress (Algorithm 15) for polynomial
// number index: it sets share 0 to x and share j >= 1 of the d = len(s)
// shares to SampleQ(hdr_K(index, j), z_j). Nothing is recombined.
func MaskDecompress(s []ntt.NTTPoly, x *ntt.NTTPoly, index int, keys []byte) {
	d := len(s)
	kb := keySize(d, keys)
	s[0] = *x
	for j := 1; j < d; j += xof.Lanes {
		expandKeys(s[j:min(j+xof.Lanes, d)], index, j, keys, kb)
	}
	if leak.Enabled {
		for j := range s {
			leak.Observe(leak.ExpandShare, j, 0, s[j][:])
		}
	}
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
