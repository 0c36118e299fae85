package threshold

import (
	"crypto/rand"
	"fmt"
	"sync"
	"testing"

	"github.com/raccoon-go/raccoon/internal/cryptotest"
	"github.com/raccoon-go/raccoon/ntt"
	"github.com/raccoon-go/raccoon/threshold/internal/gauss"
)

// Benchmarks of one party's work per round, of Combine and of Verify, at κ =
// 128 with T = N = |act| (the configurations of the reference's figures).
// The party measured is party 0. The other signers' messages are made
// directly by the test (valid openings and MACs, see benchFixture), so that
// T = 1024 does not need 1024 full sessions per iteration; the measured
// party does exactly the work it does in a real session.

var benchTs = []int{2, 16, 64, 256, 1024}

// loop runs f in a b.Loop and reports cpu-ns/op next to ns/op (with -cpu 1
// it is the single-core cost, mostly insensitive to other processes sharing
// the machine).
func loop(b *testing.B, f func()) { cryptotest.BenchLoop(b, f) }

type benchFixture struct {
	pk     *PublicKey
	shares []*KeyShare
	act    []int
	sid    []byte
	mu     []byte
	// Party 0's session after Round1 and after Round2, as templates.
	afterR1, afterR2 *Session
	r1               []*Commitment
	r2               []*Reveal
	// A complete valid transcript for Combine and its signature.
	t1  []*Commitment
	t2  []*Reveal
	t3  []*Response
	sig []byte
}

var (
	benchMu       sync.Mutex
	benchFixtures = map[[2]int]*benchFixture{}
)

func randPoly(p *ntt.Poly) {
	var b [8]byte
	for i := range p {
		for {
			rand.Read(b[:7])
			x := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
				uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6]&1)<<48
			if x < q {
				p[i] = x
				break
			}
		}
	}
}

// fixture deals a T-of-T key and prepares the messages.
func fixture(b *testing.B, T int) *benchFixture { return levelFixture(b, 128, T) }

func levelFixture(b *testing.B, level, T int) *benchFixture {
	benchMu.Lock()
	defer benchMu.Unlock()
	key := [2]int{level, T}
	if f := benchFixtures[key]; f != nil {
		return f
	}
	f := &benchFixture{}
	f.pk, f.shares = testDeal(b, level, T, T, "bench")
	for _, ks := range f.shares {
		ks.SetSessionStore(NewMemorySessionStore())
	}
	ps := f.pk.ps
	f.act = make([]int, T)
	for i := range f.act {
		f.act[i] = i
	}
	f.mu = f.pk.Mu([]byte("benchmark"))
	f.sid = NewSessionID(level)

	// Party 0 runs Round1 for real; the others' round-1 messages commit to
	// random w_i.
	s, err := NewSessionMu(f.shares[0], f.sid, f.act, f.mu)
	if err != nil {
		b.Fatal(err)
	}
	own1, err := s.Round1()
	if err != nil {
		b.Fatal(err)
	}
	tmpl := *s
	f.afterR1 = &tmpl
	ws := make([][]ntt.Poly, T)
	f.r1 = make([]*Commitment, T)
	f.r1[0] = own1
	for i := 1; i < T; i++ {
		ws[i] = make([]ntt.Poly, ps.k)
		for j := range ws[i] {
			randPoly(&ws[i][j])
		}
		m := make([]ntt.Poly, ps.l)
		for j := range m {
			randPoly(&m[j])
		}
		f.r1[i] = &Commitment{ps: ps, party: i, cmt: commitHash(ps, s.seh, ws[i]), m: m}
	}
	own2, err := s.Round2(f.r1)
	if err != nil {
		b.Fatal(err)
	}
	tmpl2 := *s
	f.afterR2 = &tmpl2
	// The others' round-2 messages, with the MACs party 0 checks.
	sec := ps.sec()
	f.r2 = make([]*Reveal, T)
	f.r2[0] = own2
	for i := 1; i < T; i++ {
		macs := make([]byte, T*sec)
		mac(ps, macs[0:sec], 0, i, f.shares[i].seedOut(0), s.digest)
		f.r2[i] = &Reveal{ps: ps, party: i, w: ws[i], macs: macs}
	}
	f.t1, f.t2, f.t3 = syntheticTranscript(b, f)
	f.sig, err = CombineMu(f.pk, f.sid, f.mu, f.t1, f.t2, f.t3)
	if err != nil {
		b.Fatal(err)
	}
	benchFixtures[key] = f
	return f
}

// syntheticTranscript returns valid messages of all three rounds for the
// signer set f.act, made from the secret s (reconstructed from the shares)
// as one centralized signature split into random pieces: it is what Combine
// sees in a real session, without running T sessions.
func syntheticTranscript(b *testing.B, f *benchFixture) ([]*Commitment, []*Reveal, []*Response) {
	ps := f.pk.ps
	T := len(f.act)
	l, k := ps.l, ps.k
	// s = Σ λ_j s_j.
	s := make([]ntt.NTTPoly, l)
	var tmp ntt.NTTPoly
	for _, j := range f.act {
		lam := lagrange(f.act, j)
		for i := range s {
			mulScalar(&tmp, &f.shares[j].s[i], lam)
			ntt.Add(&s[i], &s[i], &tmp)
		}
	}
	// r, e' with σ = 2^42 (the sum of T nonces of σ_w = 2^42/√T).
	smp, _ := gauss.New(lgSigmaW, 1)
	st := gauss.NewStream([]byte("synthetic nonce"))
	rh := make([]ntt.NTTPoly, l)
	var c ntt.Poly
	for i := range rh {
		smp.Poly((*[n]uint64)(&c), st)
		rh[i].Forward(&c)
	}
	w := make([]ntt.Poly, k)
	var acc ntt.NTTPoly
	for i := range w {
		smp.Poly((*[n]uint64)(&w[i]), st)
		acc.MulMont(&rh[0], &f.pk.a[i*l])
		for j := 1; j < l; j++ {
			acc.MulAddMont(&rh[j], &f.pk.a[i*l+j], &acc)
		}
		c.Inverse(&acc)
		ntt.Add(&w[i], &w[i], &c)
	}
	wr := make([]ntt.Poly, k)
	copy(wr, w)
	for i := range wr {
		roundShift(&wr[i], ps.nuW)
	}
	chash := challengeHash(ps, f.mu, wr)
	chalPoly(ps, &c, chash)
	var ch ntt.NTTPoly
	ch.Forward(&c)
	var cm ntt.MontPoly
	cm.FromNTT(&ch)
	z := make([]ntt.Poly, l)
	for i := range z {
		acc.MulAddMont(&s[i], &cm, &rh[i])
		z[i].Inverse(&acc)
	}
	seh := sessionHash(ps, f.sid, f.mu, f.act)
	t1 := make([]*Commitment, T)
	t2 := make([]*Reveal, T)
	t3 := make([]*Response, T)
	for j := T - 1; j >= 0; j-- {
		wj := make([]ntt.Poly, k)
		mj := make([]ntt.Poly, l)
		zj := make([]ntt.Poly, l)
		for i := range wj {
			if j == 0 {
				wj[i] = w[i] // what is left
			} else {
				randPoly(&wj[i])
				ntt.Sub(&w[i], &w[i], &wj[i])
			}
		}
		for i := range mj {
			randPoly(&mj[i])
			ntt.Add(&z[i], &z[i], &mj[i]) // z_j = piece + m_j
			if j == 0 {
				zj[i] = z[i]
			} else {
				randPoly(&zj[i])
				ntt.Sub(&z[i], &z[i], &zj[i])
			}
		}
		t1[j] = &Commitment{ps: ps, party: j, cmt: commitHash(ps, seh, wj), m: mj}
		t2[j] = &Reveal{ps: ps, party: j, w: wj, macs: make([]byte, T*ps.sec())}
		t3[j] = &Response{ps: ps, party: j, z: zj}
	}
	return t1, t2, t3
}

func BenchmarkRound1(b *testing.B) {
	for _, T := range benchTs {
		b.Run(fmt.Sprintf("T=%d", T), func(b *testing.B) { benchRound1(b, fixture(b, T), 128) })
	}
}

func BenchmarkRound2(b *testing.B) {
	for _, T := range benchTs {
		b.Run(fmt.Sprintf("T=%d", T), func(b *testing.B) { benchRound2(b, fixture(b, T)) })
	}
}

func BenchmarkRound3(b *testing.B) {
	for _, T := range benchTs {
		b.Run(fmt.Sprintf("T=%d", T), func(b *testing.B) { benchRound3(b, fixture(b, T)) })
	}
}

// BenchmarkLevels runs the three rounds at κ = 192 and 256 (ℓ = 6 and 7,
// where the mask expansions fill the four Keccak lanes only across
// signers), T = 16.
func BenchmarkLevels(b *testing.B) {
	const T = 16
	for _, level := range []int{192, 256} {
		b.Run(fmt.Sprintf("level=%d/T=%d", level, T), func(b *testing.B) {
			f := levelFixture(b, level, T)
			b.Run("Round1", func(b *testing.B) { benchRound1(b, f, level) })
			b.Run("Round2", func(b *testing.B) { benchRound2(b, f) })
			b.Run("Round3", func(b *testing.B) { benchRound3(b, f) })
		})
	}
}

// benchRound1 measures party 0's Round1 in a fresh session.
func benchRound1(b *testing.B, f *benchFixture, level int) {
	loop(b, func() {
		s, err := NewSessionMu(f.shares[0], NewSessionID(level), f.act, f.mu)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Round1(); err != nil {
			b.Fatal(err)
		}
	})
}

// benchRound2 measures party 0's Round2 from a copy of its session after
// Round1.
func benchRound2(b *testing.B, f *benchFixture) {
	loop(b, func() {
		s := *f.afterR1
		if _, err := s.Round2(f.r1); err != nil {
			b.Fatal(err)
		}
	})
}

// benchRound3 measures party 0's Round3 from a copy of its session after
// Round2 (with its own copy of the nonce, which Round3 clears).
func benchRound3(b *testing.B, f *benchFixture) {
	rh := make([]ntt.NTTPoly, len(f.afterR2.rhat))
	loop(b, func() {
		s := *f.afterR2
		copy(rh, f.afterR2.rhat)
		s.rhat = rh
		if _, err := s.Round3(f.r2); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkCombine(b *testing.B) {
	for _, T := range benchTs {
		b.Run(fmt.Sprintf("T=%d", T), func(b *testing.B) {
			f := fixture(b, T)
			loop(b, func() {
				if _, err := CombineMu(f.pk, f.sid, f.mu, f.t1, f.t2, f.t3); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// BenchmarkVerify verifies with a parsed public key (A expanded once).
func BenchmarkVerify(b *testing.B) {
	for _, T := range benchTs {
		b.Run(fmt.Sprintf("T=%d", T), func(b *testing.B) {
			f := fixture(b, T)
			loop(b, func() {
				if err := VerifyMu(f.pk, f.mu, f.sig); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// BenchmarkVerifyParse includes parsing the public key (ExpandA).
func BenchmarkVerifyParse(b *testing.B) {
	for _, level := range []int{128, 192, 256} {
		b.Run(fmt.Sprintf("level=%d", level), func(b *testing.B) {
			pk, shares := testDeal(b, level, 2, 2, "bench verify")
			mu := pk.Mu([]byte("m"))
			_, sig := runSession(b, pk, shares, []int{0, 1}, mu, sessionOptions{})
			raw := pk.Bytes()
			loop(b, func() {
				pk, err := NewPublicKey(raw)
				if err != nil {
					b.Fatal(err)
				}
				if err := VerifyMu(pk, mu, sig); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

func BenchmarkDeal(b *testing.B) {
	for _, T := range []int{2, 16, 64} {
		b.Run(fmt.Sprintf("T=%d", T), func(b *testing.B) {
			p, _ := NewParams(128, T, T)
			loop(b, func() {
				if _, _, err := Deal(p); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// BenchmarkMessages measures the wire path of the round messages at κ =
// 128: decoding and encoding one signer's message of each round (T = 16, so
// a Reveal carries 16 MACs). A round of T signers decodes T of them.
func BenchmarkMessages(b *testing.B) {
	f := fixture(b, 16)
	msgs := []struct {
		name string
		m    interface {
			AppendBinary([]byte) ([]byte, error)
		}
		decode func([]byte) error
	}{
		{"Commitment", f.t1[1], func(raw []byte) error { return new(Commitment).UnmarshalBinary(raw) }},
		{"Reveal", f.t2[1], func(raw []byte) error { return new(Reveal).UnmarshalBinary(raw) }},
		{"Response", f.t3[1], func(raw []byte) error { return new(Response).UnmarshalBinary(raw) }},
	}
	for _, m := range msgs {
		raw, err := m.m.AppendBinary(nil)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(m.name+"/Unmarshal", func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			loop(b, func() {
				if err := m.decode(raw); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run(m.name+"/Marshal", func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			buf := make([]byte, 0, len(raw))
			loop(b, func() {
				if _, err := m.m.AppendBinary(buf[:0]); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}
