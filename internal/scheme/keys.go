// Package scheme implements Raccoon key generation, signing and verification
// (specification, Algorithms 1–4) and the key and signature encodings
// (Section 2.5), with the randomness sources passed in explicitly.
//
// Package raccoon wraps it with the public API; package kat calls it
// directly with the NIST DRBG to reproduce the known-answer tests.
package scheme

import (
	"crypto/subtle"
	"errors"
	"io"

	"github.com/raccoon-go/raccoon/internal/encoding"
	"github.com/raccoon-go/raccoon/internal/params"
	"github.com/raccoon-go/raccoon/internal/xof"
	"github.com/raccoon-go/raccoon/masking"
	"github.com/raccoon-go/raccoon/ntt"
)

const (
	n = params.N
	q = params.Q
)

var (
	errPublicKeyLength  = errors.New("raccoon: invalid public key length")
	errPublicKey        = errors.New("raccoon: invalid public key encoding")
	errPrivateKeyLength = errors.New("raccoon: invalid private key length")
	errPrivateKey       = errors.New("raccoon: invalid private key encoding")
	errRBG              = errors.New("raccoon: random bit generator failed")
)

// PublicKey is a parsed Raccoon verification key vk = (seed, t) with the
// values that signing and verification derive from it.
type PublicKey struct {
	P    *params.Set
	Seed []byte         // κ/8-byte seed of A
	T    []ntt.Poly     // k polynomials with coefficients in [0, q_t)
	Tr   []byte         // tr = H(vk), 2κ/8 bytes
	A    []ntt.MontPoly // ExpandA(seed) in the NTT domain, Montgomery form; A[i*l+j]
	T2   []ntt.MontPoly // NTT(2^νt·t) in Montgomery form
	Raw  []byte         // the encoding of vk
}

// PrivateKey is a parsed Raccoon signing key: the public key and the masked
// secret ⟦s⟧ in the NTT domain, share j of polynomial i at S[i*d+j].
type PrivateKey struct {
	Pub *PublicKey
	S   []ntt.NTTPoly
}

// newPublicKey completes a public key from its seed and t: it computes the
// encoding, tr and NTT(2^νt·t), and the expanded A unless a is not nil.
func newPublicKey(p *params.Set, seed []byte, t []ntt.Poly, a []ntt.MontPoly) *PublicKey {
	pk := &PublicKey{P: p, Seed: seed, T: t, A: a}
	pk.Raw = make([]byte, p.PublicKeySize)
	rest := pk.Raw[copy(pk.Raw, seed):]
	for i := range t {
		rest = encoding.Pack(rest, (*[n]uint64)(&t[i]), params.TBits)
	}
	pk.Tr = make([]byte, p.CRHBytes())
	xof.Hash(pk.Tr, pk.Raw)
	if pk.A == nil {
		pk.A = expandA(p, seed)
	}
	pk.T2 = make([]ntt.MontPoly, p.K)
	var u ntt.Poly
	for i := range t {
		for j, c := range t[i] {
			u[j] = c << params.NuT // < q_t·2^νt < q
		}
		pk.T2[i].FromNTT(ntt.ForwardInPlace(&u))
	}
	return pk
}

// expandA returns ExpandA(seed) (Algorithm 6) in the NTT domain, in
// Montgomery form.
func expandA(p *params.Set, seed []byte) []ntt.MontPoly {
	a := make([]ntt.MontPoly, p.K*p.L)
	var tmp ntt.Poly
	for i := 0; i < p.K; i++ {
		for j := 0; j < p.L; j++ {
			xof.SampleQ((*[n]uint64)(&tmp), xof.HeaderA(i, j), seed)
			a[i*p.L+j].FromNTT(ntt.ForwardInPlace(&tmp))
		}
	}
	return a
}

// ParsePublicKey decodes vk = (seed, t) (Section 2.5.2). It rejects a wrong
// length and any coefficient of t that is not below q_t.
func ParsePublicKey(p *params.Set, b []byte) (*PublicKey, error) {
	if len(b) != p.PublicKeySize {
		return nil, errPublicKeyLength
	}
	seed := append([]byte(nil), b[:p.SecBytes()]...)
	rest := b[p.SecBytes():]
	t := make([]ntt.Poly, p.K)
	for i := range t {
		var ok bool
		rest, ok = encoding.Unpack((*[n]uint64)(&t[i]), rest, params.TBits, params.QT)
		if !ok {
			return nil, errPublicKey
		}
	}
	return newPublicKey(p, seed, t, nil), nil
}

// Equal reports whether pk and other encode the same verification key at the
// same security level. It is constant time.
func (pk *PublicKey) Equal(other *PublicKey) bool {
	return pk.P.Kappa == other.P.Kappa && subtle.ConstantTimeCompare(pk.Raw, other.Raw) == 1
}

// ParsePrivateKey decodes the reference secret-key format sk = vk ‖ z_1 ‖ … ‖
// z_{d-1} ‖ Ser_q(x) (Section 2.5.3) and runs MaskDecompress (Algorithm 15).
// It rejects a wrong length, an invalid public key and any coefficient of x
// that is not below q.
func ParsePrivateKey(p *params.Set, b []byte) (*PrivateKey, error) {
	if len(b) != p.PrivateKeySize {
		return nil, errPrivateKeyLength
	}
	pk, err := ParsePublicKey(p, b[:p.PublicKeySize])
	if err != nil {
		return nil, err
	}
	rest := b[p.PublicKeySize:]
	keys := rest[:(p.D-1)*p.SecBytes()]
	rest = rest[len(keys):]
	x := make([]ntt.NTTPoly, p.L)
	defer clearPolys(x)
	bad := false
	for i := range x {
		var ok bool
		rest, ok = encoding.Unpack((*[n]uint64)(&x[i]), rest, params.QBits, q)
		bad = bad || !ok // no early exit: keep timing independent of x
	}
	if bad {
		return nil, errPrivateKey
	}
	sk := &PrivateKey{Pub: pk, S: make([]ntt.NTTPoly, p.L*p.D)}
	masking.MaskDecompress(sk.S, x, keys, p.D)
	return sk, nil
}

// Encode writes the reference secret-key format of sk (Section 2.5.3) to a
// new slice: it refreshes ⟦s⟧, draws the d-1 mask keys from rbg (one κ/8-byte
// draw each, in order) and runs MaskCompress (Algorithm 14).
func (sk *PrivateKey) Encode(rbg io.Reader, g masking.Generator) ([]byte, error) {
	p := sk.Pub.P
	d := p.D
	out := make([]byte, p.PrivateKeySize)
	copy(out, sk.Pub.Raw)
	keys := out[p.PublicKeySize : p.PublicKeySize+(d-1)*p.SecBytes()]
	for j := 0; j < d-1; j++ {
		if _, err := io.ReadFull(rbg, keys[j*p.SecBytes():(j+1)*p.SecBytes()]); err != nil {
			return nil, errRBG
		}
	}
	for i := 0; i < p.L; i++ {
		masking.Refresh(sk.S[i*d:(i+1)*d], g)
	}
	x := make([]ntt.NTTPoly, p.L)
	defer clearPolys(x)
	masking.MaskCompress(x, sk.S, keys, d)
	rest := out[p.PublicKeySize+len(keys):]
	for i := range x {
		rest = encoding.Pack(rest, (*[n]uint64)(&x[i]), params.QBits)
	}
	return out, nil
}

// Clear zeroes the secret shares of sk.
func (sk *PrivateKey) Clear() { clearPolys(sk.S) }

func clearPolys[P ~[n]uint64](x []P) {
	for i := range x {
		clear(x[i][:])
	}
}
