package scheme

import (
	"crypto/subtle"
	"sync"

	"github.com/raccoon-go/raccoon/internal/encoding"
	"github.com/raccoon-go/raccoon/internal/params"
	"github.com/raccoon-go/raccoon/internal/xof"
	"github.com/raccoon-go/raccoon/ntt"
)

// Largest k and ℓ of all parameter sets.
const (
	maxK = 9
	maxL = 7
)

// verifyBuffers holds the buffers of Verify; they are pooled so that
// verification does not allocate in steady state.
type verifyBuffers struct {
	chash, chash2 [64]byte
	mu            [64]byte
	h             [maxK][n]int32
	z             [maxL]ntt.Poly
	zh            [maxL]ntt.NTTPoly
	y             [maxK]ntt.NTTPoly
	scratch       [maxK * n]byte
	c             ntt.Poly
	ch            ntt.NTTPoly
}

var verifyPool = sync.Pool{New: func() any { return new(verifyBuffers) }}

// Verify implements Verify (Algorithm 3) on the message hash mu and reports
// whether sig is a valid signature. It depends only on the security level of
// pk, not on the number of shares.
//
// It is not constant time: all its inputs are public.
func (pk *PublicKey) Verify(mu, sig []byte) bool {
	b := verifyPool.Get().(*verifyBuffers)
	defer verifyPool.Put(b)
	return pk.verify(b, mu, sig)
}

// VerifyMessage is Verify on the message itself: it computes μ = H(tr ‖ msg)
// first, without allocating.
func (pk *PublicKey) VerifyMessage(msg, sig []byte) bool {
	b := verifyPool.Get().(*verifyBuffers)
	defer verifyPool.Put(b)
	mu := b.mu[:pk.P.CRHBytes()]
	xof.Mu(mu, pk.Tr, msg)
	return pk.verify(b, mu, sig)
}

func (pk *PublicKey) verify(b *verifyBuffers, mu, sig []byte) bool {
	p := pk.P
	k, l := p.K, p.L
	chash := b.chash[:p.CRHBytes()]
	h, z, zh, y := b.h[:k], b.z[:l], b.zh[:l], b.y[:k]
	if encoding.DecodeSignature(chash, h, z, sig, &pk.sigParams) != nil {
		return false
	}
	if !checkBounds(p, h, z) { // line 2
		return false
	}
	chalPoly(&b.c, chash, p.Omega) // line 5
	b.ch.Forward(&b.c)
	for i := range z {
		zh[i].Forward(&z[i])
	}
	commitment(y, pk, zh, &b.ch) // line 6
	for i := range y {           // line 7: w' = ⌊y⌉_νw + h mod q_w
		w := ntt.InverseInPlace(&y[i])
		roundPoly(w, params.NuW, params.QW)
		for j, x := range h[i] {
			// |x| <= B∞/2^νw rounded, at most 3 here, so the sum is in
			// [0, 3q_w) and two conditional subtractions reduce it.
			v := w[j] + uint64(int64(x)+params.QW)
			w[j] = csub(csub(v, params.QW), params.QW)
		}
	}
	c2 := b.chash2[:p.CRHBytes()]
	xof.ChalHash(c2, mu, asPoly(y), b.scratch[:k*n]) // line 8
	return subtle.ConstantTimeCompare(c2, chash) == 1
}
