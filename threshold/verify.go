package threshold

import (
	"crypto/subtle"
	"math/bits"
	"sync"

	"github.com/raccoon-go/raccoon/ntt"
)

// Verify reports whether sig is a valid Threshold Raccoon signature of
// message under pk: it returns nil if so and an uninformative error
// otherwise. It verifies the μ of pk.Mu(message); see VerifyMu.
//
// Verification does not depend on T, N or the signer set.
func Verify(pk *PublicKey, message, sig []byte) error {
	if !pk.valid() {
		return errSignature
	}
	b := getVerifyBuffers(pk.ps)
	defer verifyPools[pk.ps.code-1].Put(b)
	shake256With(b.vh.h, b.mu, pk.tr, message) // μ, as pk.Mu computes it
	return verify(pk, b, b.mu, sig)
}

// VerifyMu implements Verify(vk, msg, σ) (Alg. 3) on a precomputed message
// representative μ of 2κ/8 bytes (for example from PublicKey.Mu): with σ =
// (c_hash, z, h) and c = ChalPoly(c_hash), it accepts iff
//
//	c_hash = H(μ, ⌊A·z - 2^ν_t·c·t⌉_{ν_w} + h mod q_w)   and
//	‖z‖² + 2^(2ν_w)·‖h‖² <= B2²
//
// with centered representatives, the reference's verification equation. The
// norm is compared exactly, in integers, with the square of the double B2
// that the reference computes; the reference compares square roots in
// double precision, which can only differ from this within a relative 2^-50
// of the bound.
//
// It is not constant time: all its inputs are public. In steady state it
// does not allocate, nor does Verify.
func VerifyMu(pk *PublicKey, mu, sig []byte) error {
	if !pk.valid() {
		return errSignature
	}
	b := getVerifyBuffers(pk.ps)
	defer verifyPools[pk.ps.code-1].Put(b)
	return verify(pk, b, mu, sig)
}

func verify(pk *PublicKey, b *verifyBuffers, mu, sig []byte) error {
	ps := pk.ps
	if len(mu) != ps.crh() {
		return errSignature
	}
	s := &b.sig
	if _, err := decodeSignatureInto(ps, s, sig); err != nil {
		return errSignature
	}
	if !normOK(ps, s.h, s.z) {
		return errSignature
	}
	zh := b.zh
	for i := range zh {
		zh[i].Forward(&s.z[i])
	}
	chalPoly(ps, &b.c, s.chash)
	b.ch.Forward(&b.c)
	w := b.w
	roundedCommitment(pk, w, zh, &b.ch)
	for i := range w {
		for j, x := range &s.h[i] {
			// w' = y + h mod q_w, with |h| < q_w.
			v := w[i][j] + uint64(int64(x)+int64(ps.qW))
			w[i][j] = csub(csub(v, ps.qW), ps.qW)
		}
	}
	b.vh.digest(b.c2, mu, w) // the challenge hash
	if subtle.ConstantTimeCompare(b.c2, s.chash) != 1 {
		return errSignature
	}
	return nil
}

// verifyBuffers is the working memory of a verification, and of
// CombineMu (which also uses w2).
type verifyBuffers struct {
	sig    signature
	zh     []ntt.NTTPoly
	w, w2  []ntt.Poly
	c      ntt.Poly
	ch     ntt.NTTPoly
	mu, c2 []byte
	vh     vecHasher
}

// verifyPools[i] holds the verifyBuffers of sets[i].
var verifyPools [len(sets)]sync.Pool

func getVerifyBuffers(ps *paramSet) *verifyBuffers {
	if b, ok := verifyPools[ps.code-1].Get().(*verifyBuffers); ok {
		return b
	}
	return &verifyBuffers{
		sig: *newSignature(ps),
		zh:  make([]ntt.NTTPoly, ps.l),
		w:   make([]ntt.Poly, ps.k),
		w2:  make([]ntt.Poly, ps.k),
		mu:  make([]byte, ps.crh()),
		c2:  make([]byte, ps.crh()),
		vh:  *newVecHasher(),
	}
}

// roundedCommitment sets y = ⌊A·z - 2^ν_t·c·t⌉_{ν_w} ∈ R_{q_w}^k, given z and
// c in the NTT domain (Alg. 3 line 2, Alg. 8 line 6).
func roundedCommitment(pk *PublicKey, y []ntt.Poly, zh []ntt.NTTPoly, ch *ntt.NTTPoly) {
	ps := pk.ps
	l := ps.l
	var acc, u ntt.NTTPoly
	for i := range y {
		acc.DotMont(zh, 1, pk.a[i*l:(i+1)*l])
		u.MulMont(ch, &pk.t2[i])
		ntt.Sub(&acc, &acc, &u)
		y[i].Inverse(&acc)
		roundShift(&y[i], ps.nuW)
	}
}

// normOK reports whether ‖z‖² + 2^(2ν_w)·‖h‖² <= ⌊B2²⌋ for centered h and z
// (check_bounds), in 128-bit integer arithmetic. Each |z_i| < 2^48 and each
// |h_i| < 2^9, so the sum stays below 2^116.
func normOK(ps *paramSet, h [][n]int32, z []ntt.Poly) bool {
	var zh, zl uint64
	for i := range z {
		for _, x := range &z[i] { // not z[i], which would copy the array
			neg := (q/2 - x) >> 63 // x > q/2, without a branch on the sign
			a := x ^ ((x ^ (q - x)) & -neg)
			hi, lo := bits.Mul64(a, a)
			var c uint64
			zl, c = bits.Add64(zl, lo, 0)
			zh += hi + c
		}
	}
	var hs uint64 // < 2^18·4096
	for i := range h {
		for _, x := range &h[i] {
			hs += uint64(int64(x) * int64(x))
		}
	}
	// 2^(2ν_w)·hs = hs << (2ν_w - 64) in the high word (2ν_w >= 80).
	var c uint64
	zh, c = bits.Add64(zh, hs<<(2*ps.nuW-64), 0)
	if c != 0 {
		return false
	}
	return le128(zh, zl, ps.b2sqHi, ps.b2sqLo)
}
