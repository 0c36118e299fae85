package scheme

import (
	"crypto/rand"
	"crypto/sha3"
	"crypto/subtle"
	"errors"
	"io"
	"unsafe"

	"github.com/raccoon-go/raccoon/internal/encoding"
	"github.com/raccoon-go/raccoon/internal/leak"
	"github.com/raccoon-go/raccoon/internal/params"
	"github.com/raccoon-go/raccoon/internal/xof"
	"github.com/raccoon-go/raccoon/masking"
	"github.com/raccoon-go/raccoon/ntt"
)

// ErrFault is wrapped by the errors Sign returns when a fault
// countermeasure fires; no signature is released then.
var ErrFault = errors.New("raccoon: fault detected, signature withheld")

var (
	errFaultVerify     = errors.Join(ErrFault, errors.New("raccoon: the signature does not verify"))
	errFaultCommitment = errors.Join(ErrFault, errors.New("raccoon: the commitment noise is zero"))
	errFaultRepeat     = errors.Join(ErrFault, errors.New("raccoon: the commitment seeds repeat an earlier signature"))
	errFaultRefresh    = errors.Join(ErrFault, errors.New("raccoon: a Refresh did not run to completion"))
	errPersist         = errors.New("raccoon: persisting the re-masked key failed, signature withheld")
)

// SignOptions select the fault countermeasures of Sign and the persistence
// of the re-masked key. The zero value disables everything.
type SignOptions struct {
	// VerifyBeforeRelease verifies every signature before returning it.
	VerifyBeforeRelease bool
	// CheckCommitment rejects a commitment w that looks as if the noise r
	// were zero (more than half of the coefficients of w are 0, against
	// 1/31 for a uniform w), and a signing attempt whose RBG seeds for ⟦r⟧
	// repeat one of the last seedHistory attempts of this key.
	CheckCommitment bool
	// CountRefreshes counts the masking randomness drawn during signing and
	// compares it with the exact amount every Refresh consumes.
	CountRefreshes bool
	// Persist, if not nil, receives the re-masked encoding of the key
	// (the reference format) before the signature is returned; if it
	// returns an error, no signature is released.
	Persist func(encoded []byte) error
}

// maxAttempts bounds the signing attempts (Algorithm 2, line 20 restarts at
// line 4). The specification expects fewer than 1.001 attempts per
// signature; 64 consecutive failures happen only with a corrupt key.
const maxAttempts = 64

var errCorruptKey = errors.New("raccoon: signing failed 64 times: the private key is corrupt")

// testFault, when set by tests, injects the named fault into Sign.
var testFault = func(string) bool { return false }

// seedHistory is the number of earlier signing attempts whose seed digests a
// key remembers.
const seedHistory = 32

// workspace holds the buffers of Sign, allocated once per key.
type workspace struct {
	r       []ntt.NTTPoly // ⟦r⟧, then ⟦z⟧: ℓ·d
	sh      []ntt.NTTPoly // the shares of ⟦s⟧ for keyGroup polynomials
	buf     []ntt.Poly    // d shares of one polynomial: sh's first d
	w       []ntt.Poly    // k
	h       [][n]int32    // k
	z       []ntt.Poly    // ℓ
	zh      []ntt.NTTPoly // ℓ
	y       []ntt.NTTPoly // k
	newX    []ntt.NTTPoly // ℓ
	newKeys []byte        // (d-1)·κ/8
	chash   []byte
	chash2  []byte
	chash3  []byte
	mu      [64]byte
	scratch []byte // k·n
	sigma   []byte
	seeds   [seedHistory][32]byte
	nSeeds  int

	seedHash   sha3.SHA3
	seedReader hashingReader
	counter    countingGenerator
}

func newWorkspace(p *params.Set) *workspace {
	sh := make([]ntt.NTTPoly, keyGroup(p)*p.D)
	return &workspace{
		r:        make([]ntt.NTTPoly, p.L*p.D),
		sh:       sh,
		buf:      asPoly(sh[:p.D]),
		w:        make([]ntt.Poly, p.K),
		h:        make([][n]int32, p.K),
		z:        make([]ntt.Poly, p.L),
		zh:       make([]ntt.NTTPoly, p.L),
		y:        make([]ntt.NTTPoly, p.K),
		newX:     make([]ntt.NTTPoly, p.L),
		newKeys:  make([]byte, (p.D-1)*p.SecBytes()),
		chash:    make([]byte, p.CRHBytes()),
		chash2:   make([]byte, p.CRHBytes()),
		chash3:   make([]byte, p.CRHBytes()),
		seedHash: *sha3.New256(),
		scratch:  make([]byte, p.K*n),
		sigma:    make([]byte, p.SecBytes()),
	}
}

// clear zeroes every secret-dependent buffer.
func (ws *workspace) clear() {
	clearPolys(ws.r)
	clearPolys(ws.sh)
	clearPolys(ws.newX)
	clear(ws.newKeys)
	clear(ws.sigma)
	ws.seedReader = hashingReader{}
	ws.counter.Generator = nil
}

// keyGroup returns the number of polynomials of ⟦s⟧ that Sign expands from
// the compressed key at once: all ℓ when one polynomial's d-1 mask keys
// leave lanes of the multi-stream SampleQ idle (d = 2 and 4), else one, which
// keeps the signing buffers small at high d.
func keyGroup(p *params.Set) int {
	if p.D > 1 && p.D-1 < xof.Lanes {
		return p.L
	}
	return 1
}

// asPoly views NTT-domain buffers as coefficient-domain buffers of the same
// storage, for values that have been transformed in place.
func asPoly(p []ntt.NTTPoly) []ntt.Poly {
	return unsafe.Slice((*ntt.Poly)(unsafe.Pointer(unsafe.SliceData(p))), len(p))
}

// sigParams returns the signature encoding parameters of p's security level.
// The decoder's limits are the ∞-norm bounds of CheckBounds (Algorithm 4),
// which verification leaves to it.
func sigParams(p *params.Set) encoding.SigParams {
	return encoding.SigParams{
		K: p.K, L: p.L, CHBytes: p.CRHBytes(), Size: p.SignatureSize,
		HintMax: p.BInfH(), RespMax: p.BInf,
	}
}

// Mu returns μ = H(tr ‖ msg) (Algorithm 2, line 2).
func (pk *PublicKey) Mu(msg []byte) []byte {
	mu := make([]byte, pk.P.CRHBytes())
	xof.Mu(mu, pk.Tr, msg)
	return mu
}

// countingGenerator counts the values a Generator hands out.
type countingGenerator struct {
	masking.Generator
	n uint64
}

func (c *countingGenerator) Uniform(s int, dst []uint64) {
	c.Generator.Uniform(s, dst)
	c.n += uint64(len(dst))
}

// refreshDraws is the number of uniform values one Refresh of d shares
// draws: (d/2)·log2(d) polynomials.
func refreshDraws(d int) uint64 {
	logd := 0
	for 1<<logd < d {
		logd++
	}
	return uint64(d/2*logd) * n
}

// SignMessage is Sign on μ = H(tr ‖ msg), computed without allocating.
func (sk *PrivateKey) SignMessage(msg []byte, rbg io.Reader, g masking.Generator, opts *SignOptions) ([]byte, error) {
	if sk.ws == nil {
		sk.ws = newWorkspace(sk.Pub.P)
	}
	mu := sk.ws.mu[:sk.Pub.P.CRHBytes()]
	xof.Mu(mu, sk.Pub.Tr, msg)
	return sk.Sign(mu, rbg, g, opts)
}

// Sign implements Sign (Algorithm 2) on the message hash mu = H(H(vk) ‖ msg)
// and returns the encoded signature of p.SignatureSize bytes. It repeats from
// line 4 while CheckBounds fails or the encoding does not fit, as the
// reference does. Every seed comes from rbg in the reference order; g feeds
// ZeroEncoding and Refresh and does not change the result.
//
// The key's shares are expanded one polynomial at a time, refreshed
// (line 12), used, refreshed again and re-compressed under fresh mask keys
// from crypto/rand; the new compressed form replaces the old one when a
// signature is released. Shares are recombined only by the Decode of ⟦w⟧
// (line 8) and of ⟦z⟧ (line 16).
func (sk *PrivateKey) Sign(mu []byte, rbg io.Reader, g masking.Generator, opts *SignOptions) ([]byte, error) {
	if opts == nil {
		opts = &SignOptions{}
	}
	pk := sk.Pub
	p := pk.P
	d, k, l := p.D, p.K, p.L
	if sk.ws == nil {
		sk.ws = newWorkspace(p)
	}
	ws := sk.ws
	defer ws.clear()

	cg := &ws.counter
	cg.Generator = g
	if opts.CountRefreshes {
		g = cg
	}
	rand.Read(ws.newKeys)

	var c ntt.Poly
	var ch ntt.NTTPoly
	var cm ntt.MontPoly
	sig := make([]byte, p.SignatureSize)
	seedHash := &ws.seedHash
	seedHash.Reset()
	ws.seedReader = hashingReader{r: rbg, h: seedHash}
	buf := ws.buf
	r := ws.r

	for attempt := 0; ; attempt++ {
		if attempt == maxAttempts {
			// A valid key fails CheckBounds with probability below 10^-3
			// per attempt: this key's secret is not small, so its encoding
			// was corrupted. Refuse rather than loop forever.
			return nil, errCorruptKey
		}
		cg.n = 0
		seedHash.Reset()
		// Lines 4–5: ⟦r⟧ ← ℓ × ZeroEncoding(d); AddRepNoise(⟦r⟧, u_w, rep).
		for i := 0; i < l; i++ {
			masking.ZeroEncoding(buf, g)
			if err := masking.AddRepNoise(buf, i, p.UW, p.Rep, &ws.seedReader, g, ws.sigma); err != nil {
				return nil, errRBG
			}
			for j := range buf {
				r[i*d+j].Forward(&buf[j])
				if leak.Enabled {
					leak.Observe(leak.SignR, j, 0, r[i*d+j][:])
				}
			}
		}
		if testFault("zero-r") {
			clearPolys(r)
		}
		// Lines 6–9: ⟦w⟧ = A·⟦r⟧; AddRepNoise; w = ⌊Decode(⟦w⟧)⌉_νw.
		for i := 0; i < k; i++ {
			mulRow(buf, pk.A[i*l:(i+1)*l], r, d)
			if err := masking.AddRepNoise(buf, i, p.UW, p.Rep, rbg, g, ws.sigma); err != nil {
				return nil, errRBG
			}
			masking.Decode(&ws.w[i], buf)
			roundPoly(&ws.w[i], params.NuW, params.QW)
		}
		if opts.CheckCommitment {
			if err := ws.checkCommitment(seedHash); err != nil {
				return nil, err
			}
		}
		// Lines 10–11.
		xof.ChalHash(ws.chash, mu, ws.w, ws.scratch)
		chalPoly(&c, ws.chash, p.Omega)
		cm.FromNTT(ch.Forward(&c))

		// Lines 12–16, one polynomial at a time, and the re-compression of
		// ⟦s⟧ under the new mask keys; the shares of ⟦s⟧ are expanded and
		// compressed for m polynomials at a time.
		m := len(ws.sh) / d
		for i0 := 0; i0 < l; i0 += m {
			group := ws.sh[:min(m, l-i0)*d]
			masking.MaskDecompressVec(group, sk.X[i0:i0+len(group)/d], i0, sk.Keys)
			for i := i0; i < i0+len(group)/d; i++ {
				sh := group[(i-i0)*d : (i-i0+1)*d]
				ri := r[i*d : (i+1)*d]
				masking.Refresh(sh, g) // line 12
				if !testFault("skip-refresh") {
					masking.Refresh(ri, g) // line 13
				}
				for j := range ri {
					ri[j].MulAddMont(&sh[j], &cm, &ri[j]) // line 14: ⟦z⟧ = c·⟦s⟧ + ⟦r⟧
					if leak.Enabled {
						leak.Observe(leak.SignZ, j, 0, ri[j][:])
					}
				}
				masking.Refresh(ri, g) // line 15
				masking.Decode(&ws.zh[i], ri)
				ws.z[i].Inverse(&ws.zh[i])
				masking.Refresh(sh, g) // before MaskCompress, which is only t-NI
			}
			masking.MaskCompressVec(ws.newX[i0:i0+len(group)/d], group, i0, ws.newKeys)
		}

		if testFault("corrupt-z") {
			ws.z[0][0] = csub(ws.z[0][0]+1, q)
		}
		// Lines 17–18: y = A·z - 2^νt·c·t; h = w - ⌊y⌉_νw mod q_w.
		commitment(ws.y, pk, ws.zh, &ch)
		for i := 0; i < k; i++ {
			yc := ntt.InverseInPlace(&ws.y[i])
			roundPoly(yc, params.NuW, params.QW)
			for j := range ws.h[i] {
				ws.h[i][j] = center(csub(ws.w[i][j]+params.QW-yc[j], params.QW), params.QW)
			}
		}

		if opts.CountRefreshes {
			// ZeroEncoding of ⟦r⟧ (ℓ), AddRepNoise ((k+ℓ)·rep), lines 12,
			// 13 and 15 (3ℓ) and the refresh before MaskCompress (ℓ).
			refreshes := uint64(l + (k+l)*p.Rep + 4*l)
			if cg.n != refreshes*refreshDraws(d) {
				return nil, errFaultRefresh
			}
		}
		// Lines 19–20.
		if !checkBounds(p, ws.h, ws.z) {
			continue
		}
		if encoding.EncodeSignature(sig, &pk.sigParams, ws.chash, ws.h, ws.z) {
			break
		}
	}
	if err := g.Err(); err != nil {
		return nil, err
	}
	if opts.VerifyBeforeRelease {
		// The signing buffers are free now: verify in them.
		vb := verifyBuffers{chash: ws.chash2, chash2: ws.chash3, h: ws.h, z: ws.z, zh: ws.zh, y: ws.y, scratch: ws.scratch}
		if !pk.verify(&vb, mu, sig) {
			return nil, errFaultVerify
		}
	}
	if opts.Persist != nil {
		next := &PrivateKey{Pub: pk, X: ws.newX, Keys: ws.newKeys}
		enc := next.Bytes()
		err := opts.Persist(enc)
		clear(enc)
		if err != nil {
			return nil, errors.Join(errPersist, err)
		}
	}
	// Adopt the re-masked form.
	sk.X, ws.newX = ws.newX, sk.X
	sk.Keys, ws.newKeys = ws.newKeys, sk.Keys
	return sig, nil
}

// hashingReader reads from r and absorbs what it reads into h.
type hashingReader struct {
	r io.Reader
	h *sha3.SHA3
}

func (hr *hashingReader) Read(p []byte) (int, error) {
	k, err := hr.r.Read(p)
	hr.h.Write(p[:k])
	return k, err
}

// checkCommitment implements the commitment fault checks of SignOptions.
func (ws *workspace) checkCommitment(seedHash *sha3.SHA3) error {
	zeros := 0
	total := 0
	for i := range ws.w {
		for _, x := range &ws.w[i] {
			zeros += int((x - 1) >> 63) // x == 0; w is public
			total++
		}
	}
	if 2*zeros > total {
		return errFaultCommitment
	}
	var digest [32]byte
	seedHash.Sum(digest[:0])
	for i := 0; i < min(ws.nSeeds, seedHistory); i++ {
		if subtle.ConstantTimeCompare(ws.seeds[i][:], digest[:]) == 1 {
			return errFaultRepeat
		}
	}
	ws.seeds[ws.nSeeds%seedHistory] = digest
	ws.nSeeds++
	return nil
}

// commitment sets y[i] = Σ_j A[i][j]∘zh[j] - ch∘NTT(2^νt·t[i]) in the NTT
// domain (Algorithm 2 line 17, Algorithm 3 line 6).
func commitment(y []ntt.NTTPoly, pk *PublicKey, zh []ntt.NTTPoly, ch *ntt.NTTPoly) {
	l := pk.P.L
	var u ntt.NTTPoly
	for i := range y {
		y[i].DotMont(zh, 1, pk.A[i*l:(i+1)*l])
		u.MulMont(ch, &pk.T2[i])
		ntt.Sub(&y[i], &y[i], &u)
	}
}

// chalPoly sets c to ChalPoly(c_hash) (Algorithm 10) with coefficients in
// [0, q).
func chalPoly(c *ntt.Poly, chash []byte, omega int) {
	var idx [64]int
	var neg [64]bool
	xof.ChalPoly(idx[:omega], neg[:omega], chash, omega)
	clear(c[:])
	for t := 0; t < omega; t++ {
		if neg[t] {
			c[idx[t]] = q - 1
		} else {
			c[idx[t]] = 1
		}
	}
}

// center maps x in [0, m) to the centered representative in
// [-⌊m/2⌋, ⌈m/2⌉) (ref-c polyr_center).
func center(x, m uint64) int32 {
	c := m >> 1
	return int32(int64(csub(x+c, m)) - int64(c))
}

// checkBounds implements CheckBounds (Algorithm 4) on decoded h (centered)
// and z (residues in [0, q)), with the reference's arithmetic: the ℓ2 check
// compares 2^(2νw-64)·‖h‖² + Σ⌊|z_i|/2^32⌋² with 2^-64·B2².
//
// It is not constant time: h and z are public.
func checkBounds(p *params.Set, h [][n]int32, z []ntt.Poly) bool {
	// The loops have no branches on the signs, which are random (they
	// would mispredict half the time), and range over pointers (ranging
	// over an array copies it).
	var h22, hoo uint64
	for i := range h {
		for _, x := range &h[i] {
			m := x >> 31
			a := uint64(uint32((x ^ m) - m))
			hoo = max(hoo, a)
			h22 += a * a
		}
	}
	var z22, zoo uint64
	for i := range z {
		for _, x := range &z[i] {
			neg := (q/2 - x) >> 63 // x > q/2
			a := x ^ ((x ^ (q - x)) & -neg)
			zoo = max(zoo, a)
			a >>= 32
			z22 += a * a
		}
	}
	if hoo > p.BInfH() || zoo > p.BInf {
		return false
	}
	return l2OK(p, encoding.Norms{H2: h22, Z2: z22})
}

// l2OK is the ℓ2 check of CheckBounds (Algorithm 4) in the reference's
// arithmetic: 2^(2νw-64)·‖h‖² + Σ⌊|z_i|/2^32⌋² <= 2^-64·B2².
func l2OK(p *params.Set, n encoding.Norms) bool {
	return n.H2<<(2*params.NuW-64)+n.Z2 <= p.B22
}
