package threshold

import (
	"crypto/sha3"
	"encoding/binary"
	"flag"
	"io"
	"testing"

	"github.com/stretchr/testify/require"
)

var long = flag.Bool("threshold.long", false, "run the long tests (10,000 signatures, large T)")

// testKey returns deterministic 32-byte dealer randomness for a label.
func testKey(label string) []byte {
	k := make([]byte, keyLen)
	shake256(k, []byte("threshold test key"), []byte(label))
	return k
}

// testDeal deals deterministic keys for tests.
func testDeal(t testing.TB, level, T, N int, label string) (*PublicKey, []*KeyShare) {
	t.Helper()
	p, err := NewParams(level, T, N)
	require.NoError(t, err)
	return deal(p, testKey(label))
}

// xofReader is a deterministic io.Reader (SHAKE256 of a label), used as the
// nonce randomness of sessions in tests.
type xofReader struct{ h *sha3.SHAKE }

func newXOF(label string, i int) io.Reader {
	h := sha3.NewSHAKE256()
	h.Write([]byte(label))
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(i))
	h.Write(b[:])
	return &xofReader{h}
}

func (x *xofReader) Read(p []byte) (int, error) { return x.h.Read(p) }

// transcript holds the messages of one signing session.
type transcript struct {
	sid, mu  []byte
	signers  []int
	sessions []*Session
	r1       []*Commitment
	r2       []*Reveal
	r3       []*Response
}

// sessionOptions changes how runSession builds and runs sessions.
type sessionOptions struct {
	sid []byte
	rnd func(party int) io.Reader // deterministic nonces when set
}

// startSessions creates one session per signer.
func startSessions(t testing.TB, shares []*KeyShare, signers []int, mu []byte, o sessionOptions) *transcript {
	t.Helper()
	ps := shares[0].p.set()
	tr := &transcript{mu: mu, signers: signers}
	tr.sid = o.sid
	if tr.sid == nil {
		tr.sid = NewSessionID(ps.kappa)
	}
	for _, j := range signers {
		s, err := NewSessionMu(shares[j], tr.sid, signers, mu)
		require.NoError(t, err)
		if o.rnd != nil {
			s.rnd = o.rnd(j)
		}
		tr.sessions = append(tr.sessions, s)
	}
	return tr
}

func (tr *transcript) round1(t testing.TB) {
	t.Helper()
	for _, s := range tr.sessions {
		m, err := s.Round1()
		require.NoError(t, err)
		tr.r1 = append(tr.r1, m)
	}
}

func (tr *transcript) round2(t testing.TB) {
	t.Helper()
	for _, s := range tr.sessions {
		m, err := s.Round2(tr.r1)
		require.NoError(t, err)
		tr.r2 = append(tr.r2, m)
	}
}

func (tr *transcript) round3(t testing.TB) {
	t.Helper()
	for _, s := range tr.sessions {
		m, err := s.Round3(tr.r2)
		require.NoError(t, err)
		tr.r3 = append(tr.r3, m)
	}
}

// runSession runs a full honest session and returns the transcript and the
// combined signature.
func runSession(t testing.TB, pk *PublicKey, shares []*KeyShare, signers []int, mu []byte, o sessionOptions) (*transcript, []byte) {
	t.Helper()
	tr := startSessions(t, shares, signers, mu, o)
	tr.round1(t)
	tr.round2(t)
	tr.round3(t)
	sig, err := CombineMu(pk, tr.sid, mu, tr.r1, tr.r2, tr.r3)
	require.NoError(t, err)
	return tr, sig
}

// subsets calls f with every subset of {0..n-1} of size k, in lexicographic
// order.
func subsets(n, k int, f func([]int)) {
	cur := make([]int, 0, k)
	var rec func(start int)
	rec = func(start int) {
		if len(cur) == k {
			f(append([]int(nil), cur...))
			return
		}
		for i := start; i < n; i++ {
			cur = append(cur, i)
			rec(i + 1)
			cur = cur[:len(cur)-1]
		}
	}
	rec(0)
}
