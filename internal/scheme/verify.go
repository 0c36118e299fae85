package scheme

import (
	"crypto/subtle"

	"github.com/raccoon-go/raccoon/internal/encoding"
	"github.com/raccoon-go/raccoon/internal/params"
	"github.com/raccoon-go/raccoon/internal/xof"
	"github.com/raccoon-go/raccoon/ntt"
)

// Verify implements Verify (Algorithm 3) on the message hash mu and reports
// whether sig is a valid signature. It depends only on the security level of
// pk, not on the number of shares.
//
// It is not constant time: all its inputs are public.
func (pk *PublicKey) Verify(mu, sig []byte) bool {
	p := pk.P
	k, l := p.K, p.L
	chash := make([]byte, p.CRHBytes())
	h := make([][n]int32, k)
	z := make([]ntt.Poly, l)
	if encoding.DecodeSignature(chash, h, z, sig, SigParams(p)) != nil {
		return false
	}
	if !checkBounds(p, h, z) { // line 2
		return false
	}
	var c ntt.Poly
	var ch ntt.NTTPoly
	chalPoly(&c, chash, p.Omega) // line 5
	ch.Forward(&c)
	zh := make([]ntt.NTTPoly, l)
	for i := range z {
		zh[i].Forward(&z[i])
	}
	y := make([]ntt.NTTPoly, k)
	commitment(y, pk, zh, &ch) // line 6
	w := make([]ntt.Poly, k)
	for i := range y { // line 7: w' = ⌊y⌉_νw + h mod q_w
		w[i].Inverse(&y[i])
		roundPoly(&w[i], params.NuW, params.QW)
		for j, x := range h[i] {
			// |x| <= B∞/2^νw rounded, at most 3 here, so the sum is in
			// [0, 3q_w) and two conditional subtractions reduce it.
			v := w[i][j] + uint64(int64(x)+params.QW)
			w[i][j] = csub(csub(v, params.QW), params.QW)
		}
	}
	c2 := make([]byte, p.CRHBytes())
	xof.ChalHash(c2, mu, w, make([]byte, k*n)) // line 8
	return subtle.ConstantTimeCompare(c2, chash) == 1
}
