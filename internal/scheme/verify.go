package scheme

import (
	"crypto/subtle"
	"sync"

	"github.com/raccoon-go/raccoon/internal/encoding"
	"github.com/raccoon-go/raccoon/internal/params"
	"github.com/raccoon-go/raccoon/internal/xof"
	"github.com/raccoon-go/raccoon/ntt"
)

// verifyBuffers holds the buffers of Verify. They are pooled per security
// level so that verification does not allocate in steady state; Sign's
// verification before release uses its own workspace instead.
type verifyBuffers struct {
	chash, chash2 []byte
	h             [][n]int32
	z             []ntt.Poly
	zh            []ntt.NTTPoly
	y             []ntt.NTTPoly
	scratch       []byte
	mu            [64]byte
	c             ntt.Poly
	ch            ntt.NTTPoly
}

func newVerifyBuffers(p *params.Set) *verifyBuffers {
	return &verifyBuffers{
		chash:   make([]byte, p.CRHBytes()),
		chash2:  make([]byte, p.CRHBytes()),
		h:       make([][n]int32, p.K),
		z:       make([]ntt.Poly, p.L),
		zh:      make([]ntt.NTTPoly, p.L),
		y:       make([]ntt.NTTPoly, p.K),
		scratch: make([]byte, p.K*n),
	}
}

// verifyPools holds one pool per security level, indexed by κ/64 - 2.
var verifyPools [3]sync.Pool

func getVerifyBuffers(p *params.Set) (*verifyBuffers, *sync.Pool) {
	pool := &verifyPools[p.Kappa/64-2]
	if b, ok := pool.Get().(*verifyBuffers); ok {
		return b, pool
	}
	return newVerifyBuffers(p), pool
}

// Verify implements Verify (Algorithm 3) on the message hash mu and reports
// whether sig is a valid signature. It depends only on the security level of
// pk, not on the number of shares.
//
// It is not constant time: all its inputs are public.
func (pk *PublicKey) Verify(mu, sig []byte) bool {
	b, pool := getVerifyBuffers(pk.P)
	defer pool.Put(b)
	return pk.verify(b, mu, sig)
}

// VerifyMessage is Verify on the message itself: it computes μ = H(tr ‖ msg)
// first, without allocating.
func (pk *PublicKey) VerifyMessage(msg, sig []byte) bool {
	b, pool := getVerifyBuffers(pk.P)
	defer pool.Put(b)
	mu := b.mu[:pk.P.CRHBytes()]
	xof.Mu(mu, pk.Tr, msg)
	return pk.verify(b, mu, sig)
}

func (pk *PublicKey) verify(b *verifyBuffers, mu, sig []byte) bool {
	p := pk.P
	k, l := p.K, p.L
	chash := b.chash[:p.CRHBytes()]
	h, z, zh, y := b.h[:k], b.z[:l], b.zh[:l], b.y[:k]
	_ = l
	// The decoder enforces the ∞-norm bounds of CheckBounds (line 2) and
	// returns the sums of squares of its ℓ2 check.
	norms, err := encoding.DecodeSignature(chash, h, z, sig, &pk.sigParams)
	if err != nil || !l2OK(p, norms) {
		return false
	}
	chalPoly(&b.c, chash, p.Omega) // line 5
	b.ch.Forward(&b.c)
	for i := range z {
		zh[i].Forward(&z[i])
	}
	commitment(y, pk, zh, &b.ch) // line 6
	ser := b.scratch[:k*n]
	for i := range y { // line 7, w' = ⌊y⌉_νw + h mod q_w, as ChalHash absorbs it
		useHint(ser[i*n:(i+1)*n], ntt.InverseInPlace(&y[i]), &h[i])
	}
	c2 := b.chash2[:p.CRHBytes()]
	xof.ChalHashSer(c2, mu, k, ser) // line 8
	return subtle.ConstantTimeCompare(c2, chash) == 1
}

// useHint sets out[j] = (⌊y[j]⌉_νw + h[j]) mod q_w for y[j] in [0, q) and
// |h[j]| < q_w (the decoder enforces |h[j]| <= B∞/2^νw rounded, at most 3),
// one byte each: the coefficients of w' (Algorithm 3, line 7) serialized as
// ChalHash absorbs them. The rounding gives a value in [0, q_w] (q_w itself
// standing for 0), so the sum with h[j] + q_w is in [0, 3q_w); a lookup in
// modQW reduces it (y and h are public: they come from the signature). It
// takes two thirds of the time of two conditional subtractions.
func useHint(out []byte, y *ntt.Poly, h *[n]int32) {
	out = out[:n]
	for j, x := range h {
		v := (y[j]+1<<(params.NuW-1))>>params.NuW + uint64(int64(x)+params.QW)
		out[j] = modQW[v&127]
	}
}

// modQW[v] = v mod q_w for v < 3q_w (and anything above).
var modQW = func() (t [128]byte) {
	for v := range t {
		t[v] = byte(v % params.QW)
	}
	return t
}()
