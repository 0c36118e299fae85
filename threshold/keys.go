package threshold

import (
	"crypto"
	"crypto/rand"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"sync"

	"github.com/raccoon-go/raccoon/internal/encoding"
	"github.com/raccoon-go/raccoon/masking"
	"github.com/raccoon-go/raccoon/ntt"
)

var (
	errPublicKey = errors.New("threshold: invalid public key encoding")
	errKeyShare  = errors.New("threshold: invalid key share encoding")
	errShares    = errors.New("threshold: invalid number of shares (want 1, 2, 4, 8, 16 or 32)")
)

// PublicKey is a Threshold Raccoon verification key vk = (A, t), where A is
// expanded from a 16-byte seed and t = ⌊A·s + e⌉_{ν_t}. Its encoding is the
// reference's (thrc_encode_vk): the seed followed by the k polynomials of t
// packed at 49 - ν_t bits per coefficient. It depends only on the security
// level, not on T or N. A PublicKey is immutable and safe for concurrent
// use.
type PublicKey struct {
	ps   *paramSet
	raw  []byte         // the encoding
	seed []byte         // seed of A
	t    []ntt.Poly     // k polynomials with coefficients in [0, q_t)
	tr   []byte         // tr = SHAKE256(vk), 2κ/8 bytes
	a    []ntt.MontPoly // A in the NTT domain, Montgomery form, A[i·ℓ+j]
	t2   []ntt.MontPoly // NTT(2^ν_t·t) in Montgomery form
}

// newPublicKey completes a public key from the seed of A and t. a may be nil
// (it is then expanded from the seed).
func newPublicKey(ps *paramSet, seed []byte, t []ntt.Poly, a []ntt.MontPoly) *PublicKey {
	pk := &PublicKey{ps: ps, seed: seed, t: t, a: a}
	pk.raw = make([]byte, ps.publicKeySize())
	rest := pk.raw[copy(pk.raw, seed):]
	for i := range t {
		rest = encoding.Pack(rest, (*[n]uint64)(&t[i]), ps.tBits())
	}
	pk.tr = make([]byte, ps.crh())
	shake256(pk.tr, pk.raw)
	if pk.a == nil {
		pk.a = expandA(ps, seed)
	}
	pk.t2 = make([]ntt.MontPoly, ps.k)
	var u ntt.Poly
	for i := range t {
		for j, c := range &t[i] {
			u[j] = c << ps.nuT // < q_t·2^ν_t <= q
		}
		pk.t2[i].FromNTT(ntt.ForwardInPlace(&u))
	}
	return pk
}

// NewPublicKey parses an encoded public key. The security level follows
// from the length (3856, 5840 or 7184 bytes). It rejects any other length
// and any coefficient of t that is not below q_t = ⌊q/2^ν_t⌋.
func NewPublicKey(b []byte) (*PublicKey, error) {
	var ps *paramSet
	for i := range sets {
		if len(b) == sets[i].publicKeySize() {
			ps = &sets[i]
		}
	}
	if ps == nil {
		return nil, errPublicKey
	}
	return parsePublicKey(ps, b)
}

func parsePublicKey(ps *paramSet, b []byte) (*PublicKey, error) {
	if len(b) != ps.publicKeySize() {
		return nil, errPublicKey
	}
	seed := append([]byte(nil), b[:aSeedLen]...)
	rest := b[aSeedLen:]
	t := make([]ntt.Poly, ps.k)
	for i := range t {
		var ok bool
		rest, ok = encoding.Unpack((*[n]uint64)(&t[i]), rest, ps.tBits(), ps.qT)
		if !ok {
			return nil, errPublicKey
		}
	}
	return newPublicKey(ps, seed, t, nil), nil
}

// Level returns the security level κ of pk: 128, 192 or 256 (0 for the
// zero PublicKey, which is invalid).
func (pk *PublicKey) Level() int {
	if !pk.valid() {
		return 0
	}
	return pk.ps.kappa
}

// valid reports whether pk was made by NewPublicKey or Deal.
func (pk *PublicKey) valid() bool { return pk != nil && pk.ps != nil }

// Bytes returns the encoding of pk.
func (pk *PublicKey) Bytes() []byte { return append([]byte(nil), pk.raw...) }

// Equal reports whether x is a *PublicKey with the same encoding.
func (pk *PublicKey) Equal(x crypto.PublicKey) bool {
	o, ok := x.(*PublicKey)
	return ok && pk.valid() && o.valid() && pk.ps == o.ps && subtle.ConstantTimeCompare(pk.raw, o.raw) == 1
}

// Mu returns the message representative μ = SHAKE256(tr ‖ message),
// truncated to 2κ/8 bytes, with tr = SHAKE256(vk) truncated to 2κ/8 bytes.
//
// μ is what is signed (it enters the session hash and the challenge hash
// c_hash = H(μ, w)). Hashing tr first binds a signature to the public key
// (BUFF "message-bound signature" style, as NIST Raccoon does): a signature
// for one key says nothing about the same message under another key. The
// reference implementation leaves this encoding unspecified (its tests sign
// a fixed μ); callers that compute μ themselves can sign it with
// NewSessionMu, CombineMu and VerifyMu.
func (pk *PublicKey) Mu(message []byte) []byte {
	if !pk.valid() {
		return nil
	}
	mu := make([]byte, pk.ps.crh())
	shake256(mu, pk.tr, message)
	return mu
}

// KeyShare is one party's share of a Threshold Raccoon signing key, as dealt
// by Deal (Alg. 4): the party's index i, its Shamir share s_i = P(i+1) ∈
// R_q^ℓ, the public key, and the pairwise seeds seed[i][j] and seed[j][i]
// for every party j.
//
// The Shamir share can be held masked in d additive shares (d in {1, 2, 4,
// 8, 16, 32}, see SetShares), in the NTT domain. The shares are refreshed
// after every use; signatures do not depend on d. A KeyShare is safe for
// concurrent use by several sessions.
type KeyShare struct {
	p  Params
	id int
	pk *PublicKey
	// seeds holds seed[id][j] for j < N (our MAC key towards j and our
	// column masks), then seed[j][id] (j's MAC key towards us and our row
	// masks), κ/8 bytes each.
	seeds []byte
	fp    []byte // identifies the share in a SessionStore

	mu    sync.Mutex // guards the fields below
	d     int
	s     []ntt.NTTPoly // share j of polynomial i at s[i·d+j]
	g     masking.Generator
	store SessionStore
}

// valid reports whether ks was made by Deal or NewKeyShare.
func (ks *KeyShare) valid() bool { return ks != nil && ks.p.valid() && ks.pk.valid() }

// seedOut returns seed[id][j].
func (ks *KeyShare) seedOut(j int) []byte {
	sec := ks.p.set().sec()
	return ks.seeds[j*sec : (j+1)*sec]
}

// seedIn returns seed[j][id].
func (ks *KeyShare) seedIn(j int) []byte {
	sec := ks.p.set().sec()
	off := ks.p.N() * sec
	return ks.seeds[off+j*sec : off+(j+1)*sec]
}

// newKeyShare builds a key share with d = 1 from the NTT-domain Shamir share
// sh (taken over) and the seeds.
func newKeyShare(p Params, id int, pk *PublicKey, sh []ntt.NTTPoly, seeds []byte) *KeyShare {
	ks := &KeyShare{p: p, id: id, pk: pk, seeds: seeds, d: 1, s: sh, g: masking.NewGenerator()}
	ks.fp = make([]byte, 32)
	var idb [2]byte
	binary.LittleEndian.PutUint16(idb[:], uint16(id))
	shake256(ks.fp, []byte("TRaccoon key share"), pk.raw, idb[:])
	return ks
}

// ID returns the party index i of the share, in [0, N). The share is
// P(i+1), the evaluation of the dealer's polynomial at i+1.
func (ks *KeyShare) ID() int { return ks.id }

// Params returns the parameters the share was dealt for.
func (ks *KeyShare) Params() Params { return ks.p }

// PublicKey returns the public key of the group.
func (ks *KeyShare) PublicKey() *PublicKey { return ks.pk }

// Shares returns the number d of additive shares the key share is held in.
func (ks *KeyShare) Shares() int {
	ks.mu.Lock()
	defer ks.mu.Unlock()
	return ks.d
}

// SetShares changes the number of additive shares that hold the key share
// to d ∈ {1, 2, 4, 8, 16, 32}. Going up adds zero shares and refreshes;
// going down first refreshes, then adds groups of consecutive shares
// together (a partial recombination that lowers the masking order, never
// below d - 1). With d = 1 the share is stored in the clear.
func (ks *KeyShare) SetShares(d int) error {
	if !masking.ValidShares(d) {
		return errShares
	}
	if !ks.valid() {
		return errKeyShare
	}
	ks.mu.Lock()
	defer ks.mu.Unlock()
	if ks.s == nil {
		return errClearedShare
	}
	l := ks.p.set().l
	old := ks.d
	if d == old {
		return nil
	}
	s := make([]ntt.NTTPoly, l*d)
	for i := 0; i < l; i++ {
		src := ks.s[i*old : (i+1)*old]
		dst := s[i*d : (i+1)*d]
		if d > old {
			copy(dst, src)
			masking.Refresh(dst, ks.g)
			continue
		}
		masking.Refresh(src, ks.g)
		group := old / d
		for j := range dst {
			dst[j] = src[j*group]
			for t := 1; t < group; t++ {
				ntt.Add(&dst[j], &dst[j], &src[j*group+t])
			}
		}
	}
	if err := ks.g.Err(); err != nil {
		clearPolys(s)
		return err
	}
	clearPolys(ks.s)
	ks.s, ks.d = s, d
	return nil
}

// SetSessionStore makes sessions of ks record their session ids in st
// instead of the default in-memory store shared by the process. Call it
// before starting sessions.
func (ks *KeyShare) SetSessionStore(st SessionStore) {
	ks.mu.Lock()
	defer ks.mu.Unlock()
	ks.store = st
}

func (ks *KeyShare) sessionStore() SessionStore {
	ks.mu.Lock()
	defer ks.mu.Unlock()
	if ks.store == nil {
		return defaultStore
	}
	return ks.store
}

// Key share encoding:
//
//	'K' ‖ level code (1, 2, 3 for κ = 128, 192, 256) ‖ T (2 bytes) ‖ N (2) ‖
//	id (2) ‖ d (1) ‖ vk ‖ x (ℓ polynomials, 49 bits per coefficient) ‖
//	d-1 mask keys of κ/8 bytes ‖ seed[id][j] for j < N ‖ seed[j][id] for j < N
//
// with 16-bit fields little endian. (x, keys) is the MaskCompress form
// (NIST Raccoon, Algorithm 14) of the d NTT-domain shares: x = s_0 - Σ_{j≥1}
// SampleQ(K, j, key_j) + Σ_{j≥1} s_j. With d = 1 there are no keys and x is
// the Shamir share itself (in the NTT domain).
const keyShareHeader = 9

func keyShareSize(p Params, d int) int {
	ps := p.set()
	return keyShareHeader + ps.publicKeySize() + ps.l*polyBytes + (d-1)*ps.sec() + 2*p.N()*ps.sec()
}

// Bytes returns the encoding of the key share. It is secret. For d > 1 it
// draws fresh mask keys from crypto/rand, so two calls return different
// bytes that decode to the same share; the shares are refreshed first and
// never recombined. It fails only if the masking random generator has
// failed.
func (ks *KeyShare) Bytes() ([]byte, error) { return ks.AppendBinary(nil) }

// MarshalBinary implements encoding.BinaryMarshaler; it is Bytes.
func (ks *KeyShare) MarshalBinary() ([]byte, error) { return ks.AppendBinary(nil) }

// AppendBinary implements encoding.BinaryAppender: it appends Bytes() to b.
func (ks *KeyShare) AppendBinary(b []byte) ([]byte, error) {
	if !ks.valid() {
		return nil, errKeyShare
	}
	ks.mu.Lock()
	defer ks.mu.Unlock()
	if ks.s == nil {
		return nil, errClearedShare
	}
	ps := ks.p.set()
	d := ks.d
	size := keyShareSize(ks.p, d)
	b = append(b, make([]byte, size)...)
	out := b[len(b)-size:]
	out[0] = 'K'
	out[1] = ps.code
	binary.LittleEndian.PutUint16(out[2:], ks.p.t)
	binary.LittleEndian.PutUint16(out[4:], ks.p.n)
	binary.LittleEndian.PutUint16(out[6:], uint16(ks.id))
	out[8] = byte(d)
	rest := out[keyShareHeader:]
	rest = rest[copy(rest, ks.pk.raw):]
	xb := rest[:ps.l*polyBytes]
	keys := rest[len(xb) : len(xb)+(d-1)*ps.sec()]
	rand.Read(keys)
	for i := 0; i < ps.l; i++ {
		masking.Refresh(ks.s[i*d:(i+1)*d], ks.g)
	}
	x := make([]ntt.NTTPoly, ps.l)
	masking.MaskCompressVec(x, ks.s[:ps.l*d], 0, keys)
	for i := range x {
		xb = encoding.Pack(xb, (*[n]uint64)(&x[i]), qBits)
	}
	clearPolys(x)
	copy(rest[ps.l*polyBytes+len(keys):], ks.seeds)
	if err := ks.g.Err(); err != nil {
		clear(out)
		return nil, err
	}
	return b, nil
}

// NewKeyShare parses an encoded key share. It checks every field: the
// header, the public key, the range of every coefficient of x (below q) and
// the exact length. The shares are refreshed after decoding, so the stored
// shares do not depend on the mask keys in b.
func NewKeyShare(b []byte) (*KeyShare, error) {
	if len(b) < keyShareHeader || b[0] != 'K' {
		return nil, errKeyShare
	}
	ps := setByCode(b[1])
	t := int(binary.LittleEndian.Uint16(b[2:]))
	nn := int(binary.LittleEndian.Uint16(b[4:]))
	id := int(binary.LittleEndian.Uint16(b[6:]))
	d := int(b[8])
	if ps == nil || t < 1 || t > nn || nn > MaxParties || id >= nn || !masking.ValidShares(d) {
		return nil, errKeyShare
	}
	p := Params{code: ps.code, t: uint16(t), n: uint16(nn)}
	if len(b) != keyShareSize(p, d) {
		return nil, errKeyShare
	}
	rest := b[keyShareHeader:]
	pk, err := parsePublicKey(ps, rest[:ps.publicKeySize()])
	if err != nil {
		return nil, errKeyShare
	}
	rest = rest[ps.publicKeySize():]
	x := make([]ntt.NTTPoly, ps.l)
	defer clearPolys(x)
	bad := false
	for i := range x {
		var ok bool
		rest, ok = encoding.Unpack((*[n]uint64)(&x[i]), rest, qBits, q)
		bad = bad || !ok // no early exit: the time does not depend on which coefficient is bad
	}
	if bad {
		return nil, errKeyShare
	}
	keys := rest[:(d-1)*ps.sec()]
	seeds := append([]byte(nil), rest[len(keys):]...)
	s := make([]ntt.NTTPoly, ps.l*d)
	ks := newKeyShare(p, id, pk, nil, seeds)
	masking.MaskDecompressVec(s, x, 0, keys)
	for i := 0; i < ps.l; i++ {
		masking.Refresh(s[i*d:(i+1)*d], ks.g)
	}
	if err := ks.g.Err(); err != nil {
		clearPolys(s)
		return nil, err
	}
	ks.s, ks.d = s, d
	return ks, nil
}

// Clear zeroes the secret values of ks (the shares and the seeds). The key
// share is unusable afterwards.
func (ks *KeyShare) Clear() {
	ks.mu.Lock()
	defer ks.mu.Unlock()
	clearPolys(ks.s)
	ks.s = nil
	clear(ks.seeds)
}
