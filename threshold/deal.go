package threshold

import (
	"crypto/rand"
	"math/bits"

	"github.com/raccoon-go/raccoon/internal/xof"
	"github.com/raccoon-go/raccoon/ntt"
	"github.com/raccoon-go/raccoon/threshold/internal/gauss"
)

// Deal implements the trusted-dealer key generation KeyGen(pp, T, N) of
// Threshold Raccoon (Alg. 4). It returns the public key and the N key
// shares, share i (index i) for party i. Each share holds its Shamir share
// in d = 1 share (see KeyShare.SetShares).
//
// The dealer sees the secret key; it must erase everything but the share
// it hands to each party. Deal itself clears its intermediate secrets. All
// randomness comes from crypto/rand (one 32-byte draw).
func Deal(p Params) (*PublicKey, []*KeyShare, error) {
	if !p.valid() {
		return nil, nil, errParams
	}
	key := make([]byte, keyLen)
	rand.Read(key)
	defer clear(key)
	pk, shares := deal(p, key)
	return pk, shares, nil
}

// deal is Deal with the 32 bytes of master randomness given: every value is
// a deterministic function of key, with the reference's domain separation
// (thrc_keygen):
//
//	A_seed  = SHAKE256(hdr8('A') ‖ key), 16 bytes
//	s[i]    ← D_{σ_t} from SHAKE256(hdr8('s', i) ‖ key), i < ℓ
//	e[i]    ← D_{σ_t} from SHAKE256(hdr8('e', i, 1) ‖ key), i < k
//	P_d[j]  = SampleQ(hdr24('p', d, j) ‖ key), 1 <= d < T, j < ℓ
//	seed[i][j] = SHAKE256(hdr24('k', i, j) ‖ key), κ/8 bytes, i, j < N
//
// The Gaussian sampler is ours (constant time, see package gauss), so the
// keys differ from the reference's for the same key bytes. The coefficients
// P_d of the Shamir polynomial are uniform and taken directly as NTT-domain
// values (the NTT is a bijection, so they are uniform in either domain), and
// the shares s_i = P(i+1) are evaluated by Horner's rule in the NTT domain.
func deal(p Params, key []byte) (*PublicKey, []*KeyShare) {
	ps := p.set()
	k, l := ps.k, ps.l
	T, N := p.T(), p.N()

	// Line 1: A ← R_q^{k×ℓ}, from a seed.
	aSeed := make([]byte, aSeedLen)
	h := hdr8('A')
	shake256(aSeed, h[:], key)
	a := expandA(ps, aSeed)

	// Line 2: (s, e) ← D_{σ_t}^ℓ × D_{σ_t}^k.
	smp, err := gauss.New(lgSigmaT, 1)
	if err != nil {
		panic("threshold: internal error: " + err.Error())
	}
	sHat := make([]ntt.NTTPoly, l) // NTT(s) = P(0)
	e := make([]ntt.Poly, k)
	defer clearPolys(e)
	sampleNoise(smp, key, 's', sHat, 'e', 1, e)

	// Line 3: t = ⌊A·s + e⌉_{ν_t}.
	t := make([]ntt.Poly, k)
	var acc ntt.NTTPoly
	for i := range t {
		acc.DotMont(sHat, 1, a[i*l:(i+1)*l])
		t[i].Inverse(&acc)
		ntt.Add(&t[i], &t[i], &e[i])
		roundShift(&t[i], ps.nuT)
	}
	clear(acc[:])
	// Line 4: vk = (A, t).
	pk := newPublicKey(ps, aSeed, t, a)

	// Line 5: P ∈ R_q^ℓ[X] of degree T-1 with P(0) = s; coef[d-1] is P_d.
	coef := make([][]ntt.NTTPoly, T-1)
	for d := range coef {
		coef[d] = make([]ntt.NTTPoly, l)
	}
	// The (T-1)·ℓ expansions run xof.Width() at a time, across degrees.
	w := xof.Width()
	var ptr [xof.MaxLanes]*[n]uint64
	var hdr [xof.MaxLanes][8]byte
	var parts [xof.MaxLanes][][]byte
	for start := 0; start < (T-1)*l; start += w {
		cnt := min(w, (T-1)*l-start)
		for t := 0; t < cnt; t++ {
			d, j := (start+t)/l, (start+t)%l
			ptr[t] = (*[n]uint64)(&coef[d][j])
			hdr[t] = hdr24('p', d+1, j, 0)
			parts[t] = [][]byte{key}
		}
		sampleQLanes(ptr[:cnt], hdr[:cnt], parts[:cnt])
	}

	// Lines 7–10: seed[i][j] for every ordered pair, including i = j.
	sec := ps.sec()
	seeds := make([][]byte, N)
	for i := range seeds {
		seeds[i] = make([]byte, 2*N*sec)
	}
	parallelFor(N, 8, func(_, i int) {
		var in, out [xof.MaxLanes][]byte
		var msg [xof.MaxLanes][8 + keyLen]byte
		for j0 := 0; j0 < N; j0 += w {
			cnt := min(w, N-j0)
			for t := range cnt {
				h := hdr24('k', i, j0+t, 0)
				in[t] = append(append(msg[t][:0], h[:]...), key...)
				out[t] = seeds[i][(j0+t)*sec : (j0+t+1)*sec] // seed[i][j] is i's outgoing seed to j
			}
			shake256Lanes(out[:cnt], in[:cnt])
			for t := range cnt {
				j := j0 + t
				copy(seeds[j][(N+i)*sec:(N+i+1)*sec], out[t]) // and j's incoming seed from i
			}
		}
		clear(msg[:])
	})

	// Lines 6, 11–12: s_i = P(i+1) and the key shares.
	shares := make([]*KeyShare, N)
	parallelFor(N, 4, func(_, i int) {
		// Horner's rule at x = i+1, with x as a constant polynomial in
		// Montgomery form so that each step is one MulAddMont.
		var xm ntt.MontPoly
		var xc ntt.NTTPoly
		for c := range xc {
			xc[c] = uint64(i + 1)
		}
		xm.FromNTT(&xc)
		sh := make([]ntt.NTTPoly, l)
		for j := 0; j < l; j++ {
			if T == 1 {
				sh[j] = sHat[j]
				continue
			}
			sh[j] = coef[T-2][j]
			for d := T - 3; d >= 0; d-- {
				sh[j].MulAddMont(&sh[j], &xm, &coef[d][j])
			}
			sh[j].MulAddMont(&sh[j], &xm, &sHat[j])
		}
		shares[i] = newKeyShare(p, i, pk, sh, seeds[i])
	})
	for d := range coef {
		clearPolys(coef[d])
	}
	clearPolys(sHat)
	return pk, shares
}

// lagrange returns the Lagrange coefficient λ_{act,j} = Π_{i ∈ act, i ≠ j}
// (0 - x_i)/(x_j - x_i) mod q for the evaluation points x_i = i+1, so that
// Σ_{j ∈ act} λ_{act,j}·P(j+1) = P(0) for any P of degree < |act|. The
// indices are distinct and below N <= 1024, so the differences are nonzero
// and smaller than q's prime factors, hence invertible. It is not constant
// time: the inputs are public.
func lagrange(act []int, j int) uint64 {
	num, den := uint64(1), uint64(1)
	for _, i := range act {
		if i == j {
			continue
		}
		num = mulModQ(num, q-uint64(i+1))
		den = mulModQ(den, uint64((int64(j-i)+q)%q))
	}
	return mulModQ(num, invModQ(den))
}

// mulModQ returns a·b mod q for a, b < q. It is not constant time (it
// divides).
func mulModQ(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return bits.Rem64(hi, lo, q)
}

// invModQ returns a^-1 mod q for a in [1, q) coprime to q, by the extended
// Euclidean algorithm (q is composite: no Fermat inverse). It is not
// constant time.
func invModQ(a uint64) uint64 {
	// Invariants: r ≡ t·a and newR ≡ newT·a (mod q), |t|, |newT| <= q.
	t, newT := int64(0), int64(1)
	r, newR := int64(q), int64(a)
	for newR != 0 {
		quo := r / newR
		t, newT = newT, t-quo*newT
		r, newR = newR, r-quo*newR
	}
	if r != 1 {
		panic("threshold: internal error: Lagrange denominator not invertible")
	}
	if t < 0 {
		t += q
	}
	return uint64(t)
}
