package threshold

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/raccoon-go/raccoon/internal/params"
	"github.com/raccoon-go/raccoon/masking"
	"github.com/raccoon-go/raccoon/ntt"
	"github.com/stretchr/testify/require"
)

// TestParams checks the parameter sets and the sizes against the reference
// implementation's figures.
func TestParams(t *testing.T) {
	want := map[int]struct {
		pk, r1, r2, r3 int
		qt, qw         uint64
		b2             float64
	}{
		128: {3856, 12576, 15680, 12544, 4000, 500, 6.2673e14},
		192: {5840, 18864, 21952, 18816, 8001, 500, 7.1991e14},
		256: {7184, 22016, 25088, 21952, 16002, 250, 8.7313e14},
	}
	for level, w := range want {
		p, err := NewParams(level, 2, 3)
		require.NoError(t, err)
		ps := p.set()
		require.Equal(t, level, p.Level())
		require.Equal(t, w.pk, p.PublicKeySize())
		require.Equal(t, msgHeader+w.r1, p.CommitmentSize())
		require.Equal(t, revealHeader+w.r2+7*ps.sec(), p.RevealSize(7))
		require.Equal(t, msgHeader+w.r3, p.ResponseSize())
		require.Equal(t, w.qt, ps.qT)
		require.Equal(t, w.qw, ps.qW)
		require.InEpsilon(t, w.b2, ps.b2, 1e-4)
		// ⌊B2²⌋ is exact: B2² - 1 < ⌊B2²⌋ <= B2².
		sq := new(big.Int).Lsh(new(big.Int).SetUint64(ps.b2sqHi), 64)
		sq.Or(sq, new(big.Int).SetUint64(ps.b2sqLo))
		b := new(big.Float).SetPrec(300).SetFloat64(ps.b2)
		b.Mul(b, b)
		sf := new(big.Float).SetPrec(300).SetInt(sq)
		require.True(t, sf.Cmp(b) <= 0)
		sf.Add(sf, big.NewFloat(1))
		require.True(t, sf.Cmp(b) > 0)
		require.Equal(t, ps.crh(), p.SessionIDSize())
		require.Equal(t, ps.crh(), p.MuSize())
		require.Equal(t, fmt.Sprintf("TRaccoon-%d 2-of-3", level), p.String())
	}
	for _, c := range [][3]int{{128, 0, 1}, {128, 2, 1}, {128, 1, 1025}, {160, 1, 1}, {256, -1, 3}} {
		_, err := NewParams(c[0], c[1], c[2])
		require.Error(t, err, "%v", c)
	}
	p, err := NewParams(256, 1024, 1024)
	require.NoError(t, err)
	require.Equal(t, 1024, p.T())
	require.Equal(t, 1024, p.N())
	require.Equal(t, "TRaccoon-invalid", Params{}.String())
	_, _, err = Deal(Params{})
	require.Error(t, err)
}

// TestAllSubsets signs with every signer set of size T..N for small (T, N)
// and checks that each signature verifies.
func TestAllSubsets(t *testing.T) {
	cases := [][3]int{{128, 1, 1}, {128, 2, 3}, {128, 3, 5}, {128, 5, 5}, {192, 2, 3}, {256, 3, 4}}
	if testing.Short() {
		cases = [][3]int{{128, 1, 1}, {128, 2, 3}, {128, 3, 5}, {128, 5, 5}}
	}
	for _, c := range cases {
		level, T, N := c[0], c[1], c[2]
		t.Run(fmt.Sprintf("%d-%dof%d", level, T, N), func(t *testing.T) {
			pk, shares := testDeal(t, level, T, N, "subsets")
			count := 0
			for size := T; size <= N; size++ {
				subsets(N, size, func(act []int) {
					msg := []byte(fmt.Sprint("subset ", act))
					_, sig := runSession(t, pk, shares, act, pk.Mu(msg), sessionOptions{})
					require.NoError(t, Verify(pk, msg, sig), "signers %v", act)
					count++
				})
			}
			t.Logf("%d signer sets signed and verified", count)
		})
	}
}

// TestFewerThanT checks that sessions refuse fewer than T signers, and that
// if the signers bypass that check (here by lowering T in their copies of
// the shares), Combine fails cleanly with the norm-bound error.
func TestFewerThanT(t *testing.T) {
	pk, shares := testDeal(t, 128, 3, 5, "fewer")
	_, err := NewSession(shares[0], NewSessionID(128), []int{0, 1}, []byte("m"))
	require.ErrorIs(t, err, errTooFewSigners)

	lowered := make([]*KeyShare, len(shares))
	for i, ks := range shares {
		c := newKeyShare(Params{code: ks.p.code, t: 2, n: ks.p.n}, ks.id, ks.pk, ks.s, ks.seeds)
		lowered[i] = c
	}
	for _, act := range [][]int{{0, 1}, {1, 4}, {2, 3}} {
		tr := startSessions(t, lowered, act, pk.Mu([]byte("m")), sessionOptions{})
		tr.round1(t)
		tr.round2(t)
		tr.round3(t)
		sig, err := CombineMu(pk, tr.sid, tr.mu, tr.r1, tr.r2, tr.r3)
		require.Nil(t, sig)
		require.ErrorIs(t, err, errCombine)
		var pe *PartyError
		require.False(t, errors.As(err, &pe))
	}
}

// TestSessionChecks covers the checks of NewSession and the order of the
// rounds.
func TestSessionChecks(t *testing.T) {
	pk, shares := testDeal(t, 128, 2, 4, "checks")
	ks := shares[1]
	sid := NewSessionID(128)
	msg := []byte("m")
	for _, c := range []struct {
		sid     []byte
		signers []int
		err     error
	}{
		{sid[:31], []int{0, 1}, errSessionID},
		{sid, []int{1}, errTooFewSigners},
		{sid, []int{0, 2}, errNotSigner},
		{sid, []int{1, 1}, errSigners},
		{sid, []int{1, 4}, errSigners},
		{sid, []int{-1, 1}, errSigners},
		{sid, []int{0, 1, 2, 3, 1}, errSigners},
	} {
		_, err := NewSession(ks, c.sid, c.signers, msg)
		require.ErrorIs(t, err, c.err, "%v", c.signers)
	}
	_, err := NewSessionMu(ks, sid, []int{0, 1}, make([]byte, 31))
	require.ErrorIs(t, err, errMuLength)
	require.Nil(t, NewSessionID(100))

	// Out of order: Round2 before Round1 aborts the session.
	s, err := NewSession(ks, NewSessionID(128), []int{1, 0}, msg)
	require.NoError(t, err)
	require.Equal(t, []int{0, 1}, s.Signers())
	_, err = s.Round2(nil)
	require.ErrorIs(t, err, errState)
	_, err = s.Round1()
	require.ErrorIs(t, err, errAborted)

	// Round1 twice, Round3 before Round2.
	tr := startSessions(t, shares, []int{1, 3}, pk.Mu(msg), sessionOptions{})
	tr.round1(t)
	_, err = tr.sessions[0].Round1()
	require.ErrorIs(t, err, errState)
	_, err = tr.sessions[1].Round3(nil)
	require.ErrorIs(t, err, errState)
	_, err = tr.sessions[1].Round2(tr.r1)
	require.ErrorIs(t, err, errAborted)

	// After a complete session every round is refused.
	tr, _ = runSession(t, pk, shares, []int{0, 3}, pk.Mu(msg), sessionOptions{})
	_, err = tr.sessions[0].Round1()
	require.ErrorIs(t, err, errState)
	_, err = tr.sessions[0].Round3(tr.r2)
	require.ErrorIs(t, err, errAborted)

	// Message sets with a missing, duplicate, unknown or nil entry, or for
	// another level.
	_, other := testDeal(t, 192, 2, 4, "checks")
	tr2 := startSessions(t, other, []int{1, 3}, make([]byte, 48), sessionOptions{})
	tr2.round1(t)
	tr3 := startSessions(t, shares, []int{1, 3}, pk.Mu(msg), sessionOptions{})
	tr3.round1(t)
	for name, pick := range map[string]func(own, peer *Commitment) []*Commitment{
		"missing":   func(own, _ *Commitment) []*Commitment { return []*Commitment{own} },
		"duplicate": func(own, _ *Commitment) []*Commitment { return []*Commitment{own, own} },
		"nil":       func(own, _ *Commitment) []*Commitment { return []*Commitment{own, nil} },
		"unknown":   func(own, _ *Commitment) []*Commitment { return []*Commitment{own, tr3.r1[0]} },
		"level":     func(own, _ *Commitment) []*Commitment { return []*Commitment{own, tr2.r1[1]} },
		"extra":     func(own, peer *Commitment) []*Commitment { return []*Commitment{own, peer, tr3.r1[0]} },
		"notown":    func(_, peer *Commitment) []*Commitment { return []*Commitment{tr3.r1[1], peer} },
	} {
		tr := startSessions(t, shares, []int{0, 3}, pk.Mu(msg), sessionOptions{})
		tr.round1(t)
		_, err := tr.sessions[0].Round2(pick(tr.r1[0], tr.r1[1]))
		require.Error(t, err, name)
		// The other party is unaffected.
		_, err = tr.sessions[1].Round2(tr.r1)
		require.NoError(t, err, name)
	}
}

// TestSessionReuse checks that a key share refuses a session id it has
// used, across sessions, across KeyShare values decoded from the same bytes,
// and with a caller's store.
func TestSessionReuse(t *testing.T) {
	pk, shares := testDeal(t, 128, 2, 3, "reuse")
	sid := NewSessionID(128)
	msg := []byte("m")
	runSession(t, pk, shares, []int{0, 1}, pk.Mu(msg), sessionOptions{sid: sid})

	// Same share, same sid, other message and other signers: refused.
	s, err := NewSession(shares[0], sid, []int{0, 2}, []byte("other"))
	require.NoError(t, err)
	_, err = s.Round1()
	require.ErrorIs(t, err, ErrSessionReused)
	// The session is aborted.
	_, err = s.Round1()
	require.ErrorIs(t, err, errAborted)

	// Another KeyShare value decoded from the same share: refused too.
	b, err := shares[1].Bytes()
	require.NoError(t, err)
	again, err := NewKeyShare(b)
	require.NoError(t, err)
	s, err = NewSession(again, sid, []int{1, 2}, msg)
	require.NoError(t, err)
	_, err = s.Round1()
	require.ErrorIs(t, err, ErrSessionReused)

	// Party 2 has not used sid yet.
	s, err = NewSession(shares[2], sid, []int{1, 2}, msg)
	require.NoError(t, err)
	_, err = s.Round1()
	require.NoError(t, err)

	// A caller's store is used instead of the default one.
	st := &recordingStore{}
	b, err = shares[0].Bytes()
	require.NoError(t, err)
	own, err := NewKeyShare(b)
	require.NoError(t, err)
	own.SetSessionStore(st)
	s, err = NewSession(own, sid, []int{0, 1}, msg)
	require.NoError(t, err)
	_, err = s.Round1() // the default store knows sid, but st does not
	require.NoError(t, err)
	require.Len(t, st.calls, 1)
	require.Equal(t, own.fp, st.calls[0])
	s, _ = NewSession(own, sid, []int{0, 1}, msg)
	_, err = s.Round1()
	require.ErrorIs(t, err, ErrSessionReused)

	// A store that fails makes Round1 fail.
	own.SetSessionStore(failingStore{})
	s, _ = NewSession(own, NewSessionID(128), []int{0, 1}, msg)
	_, err = s.Round1()
	require.ErrorIs(t, err, errStoreDown)
}

type recordingStore struct {
	MemorySessionStore
	calls [][]byte
}

func (r *recordingStore) Use(share, sid []byte) error {
	r.calls = append(r.calls, share)
	return r.MemorySessionStore.Use(share, sid)
}

var errStoreDown = errors.New("store down")

type failingStore struct{}

func (failingStore) Use(_, _ []byte) error { return errStoreDown }

// TestMaskedShares checks that the signatures do not depend on the number
// of shares d that hold each key share, including after a round trip
// through the encoding, and that SetShares keeps the value.
func TestMaskedShares(t *testing.T) {
	ds := []int{1, 2, 4, 8, 16, 32}
	var ref []byte
	var refZ []*Response
	for _, d := range ds {
		pk, shares := testDeal(t, 128, 2, 3, "masked")
		for _, ks := range shares {
			require.NoError(t, ks.SetShares(d))
			require.Equal(t, d, ks.Shares())
			b, err := ks.Bytes()
			require.NoError(t, err)
			require.Len(t, b, ks.p.KeyShareSize(d))
		}
		// Decode party 1's share from bytes.
		b, _ := shares[1].Bytes()
		dec, err := NewKeyShare(b)
		require.NoError(t, err)
		require.Equal(t, d, dec.Shares())
		shares[1] = dec
		for _, ks := range shares {
			ks.SetSessionStore(NewMemorySessionStore())
		}
		sid := testKey("masked sid")
		o := sessionOptions{sid: sid, rnd: func(j int) io.Reader { return newXOF("masked nonce", j) }}
		tr, sig := runSession(t, pk, shares, []int{0, 1}, pk.Mu([]byte("m")), o)
		require.NoError(t, Verify(pk, []byte("m"), sig))
		if ref == nil {
			ref, refZ = sig, tr.r3
			continue
		}
		require.Equal(t, ref, sig, "d=%d", d)
		for i := range refZ {
			require.Equal(t, refZ[i].z, tr.r3[i].z, "d=%d party %d", d, i)
		}
	}
	// Down and up again keeps the share.
	_, shares := testDeal(t, 128, 2, 3, "masked")
	ks := shares[0]
	want := sharesSum(ks)
	for _, d := range []int{32, 4, 16, 1, 2} {
		require.NoError(t, ks.SetShares(d))
		require.Equal(t, want, sharesSum(ks), "d=%d", d)
	}
	require.ErrorIs(t, ks.SetShares(3), errShares)
	require.ErrorIs(t, ks.SetShares(64), errShares)
}

// sharesSum decodes the stored shares of ks (test only).
func sharesSum(ks *KeyShare) []ntt.NTTPoly {
	out := make([]ntt.NTTPoly, ks.p.set().l)
	for i := range out {
		masking.Decode(&out[i], ks.s[i*ks.d:(i+1)*ks.d])
	}
	return out
}

// TestSharesRefreshed checks that the stored shares change after each
// signature (d > 1) while their sum does not.
func TestSharesRefreshed(t *testing.T) {
	pk, shares := testDeal(t, 128, 2, 2, "refresh")
	for _, ks := range shares {
		require.NoError(t, ks.SetShares(4))
	}
	before := append([]ntt.NTTPoly(nil), shares[0].s...)
	sum := sharesSum(shares[0])
	runSession(t, pk, shares, []int{0, 1}, pk.Mu([]byte("m")), sessionOptions{})
	for j := range before {
		require.NotEqual(t, before[j], shares[0].s[j], "share %d unchanged", j)
	}
	require.Equal(t, sum, sharesSum(shares[0]))
}

// TestKeyShareShamir checks that every T-subset of the shares reconstructs
// the same secret with the Lagrange coefficients, and that it is the s of
// the public key: t = ⌊A·s + e⌉ with a short e.
func TestKeyShareShamir(t *testing.T) {
	pk, shares := testDeal(t, 128, 3, 5, "shamir")
	var ref []ntt.NTTPoly
	subsets(5, 3, func(act []int) {
		s := make([]ntt.NTTPoly, 4)
		var tmp ntt.NTTPoly
		for _, j := range act {
			lam := lagrange(act, j)
			for i := range s {
				mulScalar(&tmp, &shares[j].s[i], lam)
				ntt.Add(&s[i], &s[i], &tmp)
			}
		}
		if ref == nil {
			ref = s
		}
		require.Equal(t, ref, s, "%v", act)
	})
	// s is short (σ_t = 2^20) and A·s is close to 2^ν_t·t.
	ps := pk.ps
	var sc ntt.Poly
	for i := range ref {
		sc.Inverse(&ref[i])
		for _, x := range sc {
			require.Less(t, math.Abs(float64(center(x, q))), 14*math.Ldexp(1, 20))
		}
	}
	var acc ntt.NTTPoly
	var y ntt.Poly
	for i := 0; i < ps.k; i++ {
		acc.MulMont(&ref[0], &pk.a[i*ps.l])
		for j := 1; j < ps.l; j++ {
			acc.MulAddMont(&ref[j], &pk.a[i*ps.l+j], &acc)
		}
		y.Inverse(&acc)
		for j, x := range y {
			d := center(csub(x+q-pk.t[i][j]<<ps.nuT, q), q)
			require.Less(t, math.Abs(float64(d)), math.Ldexp(1, ps.nuT)+14*math.Ldexp(1, 20))
		}
	}
}

// TestLagrangeExact checks lagrange against the same product computed with
// math/big, for signer sets up to 1024 parties, and invModQ on edge and
// random values.
func TestLagrangeExact(t *testing.T) {
	bq := new(big.Int).SetUint64(q)
	ref := func(act []int, j int) uint64 {
		num, den := big.NewInt(1), big.NewInt(1)
		for _, i := range act {
			if i != j {
				num.Mul(num, big.NewInt(int64(-(i + 1))))
				den.Mul(den, big.NewInt(int64(j-i)))
			}
		}
		num.Mul(num, den.ModInverse(den.Mod(den, bq), bq))
		return num.Mod(num, bq).Uint64()
	}
	r := rand.New(rand.NewPCG(9, 10))
	for _, size := range []int{1, 2, 3, 17, 1024} {
		act := r.Perm(1024)[:size]
		slices.Sort(act)
		for _, j := range act[:min(size, 8)] {
			require.Equal(t, ref(act, j), lagrange(act, j), "size %d, j %d", size, j)
		}
	}
	act := []int{0, 1023}
	require.Equal(t, ref(act, 1023), lagrange(act, 1023))
	const q1, q2 = params.Q1, params.Q2
	for _, a := range []uint64{1, 2, q - 1, q - 2, 1023, q1, q2} {
		if a == q1 || a == q2 {
			require.Panics(t, func() { invModQ(a) })
			continue
		}
		require.Equal(t, uint64(1), mulModQ(a, invModQ(a)), "a = %d", a)
	}
	for range 1000 {
		a := r.Uint64N(q-1) + 1
		if a%q1 == 0 || a%q2 == 0 {
			continue
		}
		require.Equal(t, new(big.Int).ModInverse(new(big.Int).SetUint64(a), bq).Uint64(), invModQ(a))
	}
}

// TestLagrange checks Σ λ_{act,j}·P(j+1) = P(0) for random polynomials over
// Z_q of degree |act| - 1.
func TestLagrange(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	bq := new(big.Int).SetUint64(q)
	for _, size := range []int{1, 2, 3, 7, 64} {
		for trial := 0; trial < 5; trial++ {
			coef := make([]*big.Int, size)
			for i := range coef {
				coef[i] = new(big.Int).SetUint64(r.Uint64N(q))
			}
			act := r.Perm(1024)[:size]
			sum := new(big.Int)
			for _, j := range act {
				x := big.NewInt(int64(j + 1))
				v := new(big.Int)
				for d := size - 1; d >= 0; d-- {
					v.Mul(v, x).Add(v, coef[d]).Mod(v, bq)
				}
				v.Mul(v, new(big.Int).SetUint64(lagrange(act, j)))
				sum.Add(sum, v)
			}
			sum.Mod(sum, bq)
			require.Equal(t, coef[0], sum, "size %d", size)
		}
	}
}

// TestNonceDistribution checks that the nonces r_j have the standard
// deviation σ_w = 2^42/√|act|, to within 5%: from the 4·ℓ·n = 8192
// coefficients of four sessions, the estimate's relative standard error is
// about 1/√(2·8192) = 0.8%, so a correct sampler fails with probability
// below 10^-9 (with one session, 2048 coefficients, the test failed about
// once in 400 runs) while a σ off by the factor √|act| cannot pass.
func TestNonceDistribution(t *testing.T) {
	_, shares := testDeal(t, 128, 3, 5, "nonce")
	for _, act := range [][]int{{0, 1, 2}, {0, 1, 2, 3, 4}} {
		var sum2 float64
		var count int
		for range 4 {
			s, err := NewSession(shares[0], NewSessionID(128), act, []byte("m"))
			require.NoError(t, err)
			_, err = s.Round1()
			require.NoError(t, err)
			var c ntt.Poly
			for i := range s.rhat {
				c.Inverse(&s.rhat[i])
				for _, x := range c {
					v := float64(center(x, q))
					sum2 += v * v
				}
			}
			count += len(s.rhat) * n
		}
		sigma := math.Sqrt(sum2 / float64(count))
		want := math.Ldexp(1, 42) / math.Sqrt(float64(len(act)))
		require.InEpsilon(t, want, sigma, 0.05, "|act|=%d", len(act))
	}
}

// TestHonestNorm logs ‖(z, 2^ν_w·h)‖/B2 for honest signatures (about 0.48
// in the reference) and checks it is well below 1.
func TestHonestNorm(t *testing.T) {
	for _, level := range []int{128, 192, 256} {
		pk, shares := testDeal(t, level, 2, 3, "norm")
		_, sig := runSession(t, pk, shares, []int{0, 2}, pk.Mu([]byte("m")), sessionOptions{})
		s, err := decodeSignature(pk.ps, sig)
		require.NoError(t, err)
		var sum float64
		for i := range s.z {
			for _, x := range s.z[i] {
				v := float64(center(x, q))
				sum += v * v
			}
		}
		for i := range s.h {
			for _, x := range s.h[i] {
				sum += math.Ldexp(float64(x)*float64(x), 2*pk.ps.nuW)
			}
		}
		ratio := math.Sqrt(sum) / pk.ps.b2
		t.Logf("κ=%d: |sig| = %d bytes, norm/B2 = %.3f", level, len(sig), ratio)
		require.Less(t, ratio, 0.7)
		require.Greater(t, ratio, 0.3)
	}
}

// TestReferenceDecodable checks ReferenceDecodable against the bit length
// of the stream.
func TestReferenceDecodable(t *testing.T) {
	pk, shares := testDeal(t, 128, 1, 1, "decodable")
	seen := map[bool]int{}
	for i := 0; i < 300 && (seen[true] == 0 || seen[false] == 0); i++ {
		_, sig := runSession(t, pk, shares, []int{0}, pk.Mu([]byte(fmt.Sprint(i))), sessionOptions{})
		_, nbits, err := decodeSignatureBits(pk.ps, sig)
		require.NoError(t, err)
		ok := ReferenceDecodable(pk, sig)
		require.Equal(t, nbits%8 != 0, ok)
		require.Equal(t, (nbits+7)/8, len(sig)-pk.ps.crh())
		seen[ok]++
	}
	require.NotZero(t, seen[true])
	require.NotZero(t, seen[false], "no signature ending on a byte boundary in 300 tries")
	require.False(t, ReferenceDecodable(pk, []byte{1, 2, 3}))
}

// TestLongRun signs 10,000 messages in a row (with -threshold.long) and
// checks that every signature verifies, under random 3-of-5 signer sets.
func TestLongRun(t *testing.T) {
	if !*long {
		t.Skip("needs -threshold.long")
	}
	pk, shares := testDeal(t, 128, 3, 5, "long")
	r := rand.New(rand.NewPCG(9, 10))
	const count = 10000
	start := time.Now()
	decodable := 0
	for i := 0; i < count; i++ {
		act := r.Perm(5)[:3+r.IntN(3)]
		msg := []byte(fmt.Sprint("long run ", i))
		_, sig := runSession(t, pk, shares, act, pk.Mu(msg), sessionOptions{})
		if err := Verify(pk, msg, sig); err != nil {
			t.Fatalf("signature %d does not verify", i)
		}
		if ReferenceDecodable(pk, sig) {
			decodable++
		}
	}
	t.Logf("%d signatures, all verify, in %v; %d (%.1f%%) also decodable by the C reference decoder at exact length",
		count, time.Since(start), decodable, 100*float64(decodable)/count)
}

// TestLargeT runs full sessions with many signers (with -threshold.long).
func TestLargeT(t *testing.T) {
	if !*long {
		t.Skip("needs -threshold.long")
	}
	for _, c := range [][3]int{{128, 64, 64}, {128, 256, 256}, {192, 100, 200}, {256, 64, 100}, {128, 1024, 1024}} {
		start := time.Now()
		pk, shares := testDeal(t, c[0], c[1], c[2], "large")
		dealt := time.Since(start)
		act := r0(c[1], c[2])
		start = time.Now()
		_, sig := runSession(t, pk, shares, act, pk.Mu([]byte("large")), sessionOptions{})
		require.NoError(t, Verify(pk, []byte("large"), sig))
		t.Logf("κ=%d %d-of-%d: deal %v, session of %d signers %v", c[0], c[1], c[2], dealt, len(act), time.Since(start))
	}
}

// r0 returns a signer set of size T spread over [0, N).
func r0(T, N int) []int {
	r := rand.New(rand.NewPCG(uint64(T), uint64(N)))
	p := r.Perm(N)[:T]
	return p
}

// TestMuBinding checks that μ depends on the public key and the message.
func TestMuBinding(t *testing.T) {
	pk1, _ := testDeal(t, 128, 1, 1, "mu1")
	pk2, _ := testDeal(t, 128, 1, 1, "mu2")
	require.NotEqual(t, pk1.Mu([]byte("m")), pk2.Mu([]byte("m")))
	require.NotEqual(t, pk1.Mu([]byte("m")), pk1.Mu([]byte("n")))
	require.Len(t, pk1.Mu(nil), 32)
	require.True(t, bytes.Equal(pk1.Mu([]byte("m")), pk1.Mu([]byte("m"))))
}

// TestManySigners runs a session with enough signers that the per-signer
// work of each round is spread over goroutines (minParallel), at each level.
func TestManySigners(t *testing.T) {
	levels := []int{128, 192, 256}
	if testing.Short() {
		levels = levels[:1]
	}
	for _, level := range levels {
		pk, shares := testDeal(t, level, minParallel+1, minParallel+3, "many")
		act := r0(minParallel+2, minParallel+3)
		_, sig := runSession(t, pk, shares, act, pk.Mu([]byte("many")), sessionOptions{})
		require.NoError(t, Verify(pk, []byte("many"), sig))
	}
}
