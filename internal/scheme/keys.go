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

	sigParams encoding.SigParams
}

// PrivateKey is a Raccoon signing key: the public key and the masked secret
// ⟦s⟧ (NTT domain) kept in the compressed form of MaskCompress: one share X
// (ℓ polynomials) and d-1 mask keys from which the other shares are expanded
// on demand, one polynomial at a time. Every signature refreshes the shares
// and re-compresses them under fresh keys.
//
// A PrivateKey is not safe for concurrent use.
type PrivateKey struct {
	Pub  *PublicKey
	X    []ntt.NTTPoly // ℓ polynomials, the share x of Algorithm 14
	Keys []byte        // the d-1 mask keys z_1..z_{d-1}, κ/8 bytes each

	ws *workspace // signing buffers, allocated on first use
}

// newPublicKey completes a public key from its seed and t: it computes the
// encoding, tr and NTT(2^νt·t), and the expanded A unless a is not nil.
func newPublicKey(p *params.Set, seed []byte, t []ntt.Poly, a []ntt.MontPoly) *PublicKey {
	pk := &PublicKey{P: p, Seed: seed, A: a, sigParams: sigParams(p)}
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
		for j, c := range &t[i] {
			u[j] = c << params.NuT // < q_t·2^νt < q
		}
		pk.T2[i].FromNTT(ntt.ForwardInPlace(&u))
	}
	return pk
}

// expandA returns ExpandA(seed) (Algorithm 6) in the NTT domain, in
// Montgomery form. The k·ℓ SampleQ streams run xof.Width() at a time.
func expandA(p *params.Set, seed []byte) []ntt.MontPoly {
	a := make([]ntt.MontPoly, p.K*p.L)
	w := xof.Width()
	var ptr [xof.MaxLanes]*[n]uint64
	var hdr [xof.MaxLanes]xof.Header
	var seeds [xof.MaxLanes][]byte
	for start := 0; start < len(a); start += w {
		cnt := min(w, len(a)-start)
		for t := 0; t < cnt; t++ {
			idx := start + t
			ptr[t] = (*[n]uint64)(&a[idx])
			hdr[t] = xof.HeaderA(idx/p.L, idx%p.L)
			seeds[t] = seed
		}
		xof.SampleQLanes(ptr[:cnt], hdr[:cnt], seeds[:cnt])
	}
	for i := range a {
		// The coefficients were written in place: transform them to the
		// NTT domain and then to Montgomery form.
		ah := ntt.ForwardInPlace((*ntt.Poly)(&a[i]))
		a[i].FromNTT(ah)
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
// z_{d-1} ‖ Ser_q(x) (Section 2.5.3) into the compressed form. It rejects a
// wrong length, an invalid public key and any coefficient of x that is not
// below q. The caller should re-mask the key (Remask) unless the encoding is
// used only once.
func ParsePrivateKey(p *params.Set, b []byte) (*PrivateKey, error) {
	if len(b) != p.PrivateKeySize {
		return nil, errPrivateKeyLength
	}
	pk, err := ParsePublicKey(p, b[:p.PublicKeySize])
	if err != nil {
		return nil, err
	}
	rest := b[p.PublicKeySize:]
	sk := &PrivateKey{Pub: pk, X: make([]ntt.NTTPoly, p.L)}
	sk.Keys = append([]byte(nil), rest[:(p.D-1)*p.SecBytes()]...)
	rest = rest[len(sk.Keys):]
	bad := false
	for i := range sk.X {
		var ok bool
		rest, ok = encoding.Unpack((*[n]uint64)(&sk.X[i]), rest, params.QBits, q)
		bad = bad || !ok // no early exit: keep timing independent of x
	}
	if bad {
		sk.Clear()
		return nil, errPrivateKey
	}
	return sk, nil
}

// compress sets sk's compressed form from fully expanded shares s (share j
// of polynomial i at s[i*d+j]) under new mask keys, refreshing each
// polynomial first. keys is owned by sk afterwards.
func (sk *PrivateKey) compress(s []ntt.NTTPoly, keys []byte, g masking.Generator) {
	p := sk.Pub.P
	d := p.D
	if sk.X == nil {
		sk.X = make([]ntt.NTTPoly, p.L)
	}
	for i := 0; i < p.L; i++ {
		masking.Refresh(s[i*d:(i+1)*d], g)
	}
	masking.MaskCompressVec(sk.X, s[:p.L*d], 0, keys)
	clear(sk.Keys)
	sk.Keys = keys
}

// Remask refreshes the masking of sk and re-compresses it under d-1 new
// mask keys, each a κ/8-byte draw from rbg: a few polynomials at a time
// (see keyGroup), it expands the shares, refreshes them and runs
// MaskCompress. The secret is unchanged; the compressed form is new.
func (sk *PrivateKey) Remask(rbg io.Reader, g masking.Generator) error {
	p := sk.Pub.P
	d := p.D
	if d == 1 {
		return nil
	}
	keys := make([]byte, (d-1)*p.SecBytes())
	for j := 0; j < d-1; j++ {
		if _, err := io.ReadFull(rbg, keys[j*p.SecBytes():(j+1)*p.SecBytes()]); err != nil {
			clear(keys)
			return errRBG
		}
	}
	m := keyGroup(p)
	sh := make([]ntt.NTTPoly, m*d)
	defer clearPolys(sh)
	for i0 := 0; i0 < p.L; i0 += m {
		x := sk.X[i0:min(i0+m, p.L)]
		group := sh[:len(x)*d]
		masking.MaskDecompressVec(group, x, i0, sk.Keys)
		for i := range x {
			masking.Refresh(group[i*d:(i+1)*d], g)
		}
		masking.MaskCompressVec(x, group, i0, keys)
	}
	clear(sk.Keys)
	sk.Keys = keys
	return nil
}

// Encode writes the reference secret-key format of sk (Section 2.5.3): it
// re-masks sk under d-1 mask keys drawn from rbg (one κ/8-byte draw each, in
// order, as the reference's MaskCompress) and serializes the result.
func (sk *PrivateKey) Encode(rbg io.Reader, g masking.Generator) ([]byte, error) {
	if err := sk.Remask(rbg, g); err != nil {
		return nil, err
	}
	return sk.Bytes(), nil
}

// Bytes serializes the current compressed form of sk without re-masking
// it: pk ‖ keys ‖ Ser_q(X).
func (sk *PrivateKey) Bytes() []byte {
	return sk.appendBytes(make([]byte, 0, sk.Pub.P.PrivateKeySize))
}

func (sk *PrivateKey) appendBytes(out []byte) []byte {
	p := sk.Pub.P
	out = append(out, sk.Pub.Raw...)
	out = append(out, sk.Keys...)
	start := len(out)
	out = append(out, make([]byte, p.PrivateKeySize-p.PublicKeySize-len(sk.Keys))...)
	rest := out[start:]
	for i := range sk.X {
		rest = encoding.Pack(rest, (*[n]uint64)(&sk.X[i]), params.QBits)
	}
	return out
}

// Clear zeroes the secret parts of sk.
func (sk *PrivateKey) Clear() {
	clearPolys(sk.X)
	clear(sk.Keys)
	if sk.ws != nil {
		sk.ws.clear()
	}
}

func clearPolys[P ~[n]uint64](x []P) {
	for i := range x {
		clear(x[i][:])
	}
}

// EqualSecret reports whether sk and other have the same secret, comparing
// their shares polynomial by polynomial with masking.Equal, without
// recombining either secret. Both keys must have the same parameters.
func (sk *PrivateKey) EqualSecret(other *PrivateKey, g masking.Generator) bool {
	p := sk.Pub.P
	if other.Pub.P != p {
		return false
	}
	a := make([]ntt.NTTPoly, p.D)
	b := make([]ntt.NTTPoly, p.D)
	defer clearPolys(a)
	defer clearPolys(b)
	equal := true
	for i := 0; i < p.L; i++ {
		masking.MaskDecompress(a, &sk.X[i], i, sk.Keys)
		masking.MaskDecompress(b, &other.X[i], i, other.Keys)
		equal = masking.Equal(a, b, g) && equal
	}
	return equal
}
