package scheme

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"testing"

	"github.com/raccoon-go/raccoon/internal/params"
	"github.com/raccoon-go/raccoon/masking"
	"github.com/stretchr/testify/require"
)

var allChecks = &SignOptions{VerifyBeforeRelease: true, CheckCommitment: true, CountRefreshes: true}

func withFault(t *testing.T, name string) {
	old := testFault
	testFault = func(s string) bool { return s == name }
	t.Cleanup(func() { testFault = old })
}

func faultKey(t *testing.T, p *params.Set) *PrivateKey {
	sk, err := GenerateKey(p, rand.Reader, masking.NewGenerator())
	require.NoError(t, err)
	return sk
}

func TestFaultChecksPass(t *testing.T) {
	for _, p := range []*params.Set{&params.Table[0], &params.Table[3], &params.Table[14]} {
		sk := faultKey(t, p)
		for i := 0; i < 3; i++ {
			mu := sk.Pub.Mu([]byte{byte(i)})
			sig, err := sk.Sign(mu, rand.Reader, masking.NewGenerator(), allChecks)
			require.NoError(t, err, p.Name)
			require.True(t, sk.Pub.Verify(mu, sig))
		}
	}
}

func TestFaultVerifyBeforeRelease(t *testing.T) {
	withFault(t, "corrupt-z")
	sk := faultKey(t, &params.Table[1])
	mu := sk.Pub.Mu([]byte("m"))
	_, err := sk.Sign(mu, rand.Reader, masking.NewGenerator(), allChecks)
	require.ErrorIs(t, err, ErrFault)
	// Without the check, the corrupted signature would be released.
	sig, err := sk.Sign(mu, rand.Reader, masking.NewGenerator(), &SignOptions{})
	require.NoError(t, err)
	require.False(t, sk.Pub.Verify(mu, sig))
}

func TestFaultZeroCommitmentNoise(t *testing.T) {
	withFault(t, "zero-r")
	for _, p := range []*params.Set{&params.Table[0], &params.Table[5]} {
		sk := faultKey(t, p)
		mu := sk.Pub.Mu([]byte("m"))
		_, err := sk.Sign(mu, rand.Reader, masking.NewGenerator(), &SignOptions{CheckCommitment: true})
		require.ErrorIs(t, err, ErrFault, p.Name)
		require.ErrorIs(t, err, errFaultCommitment)
	}
}

// replayReader returns the same stream again after each Reset.
type replayReader struct {
	data []byte
	r    *bytes.Reader
}

func (rr *replayReader) Read(p []byte) (int, error) { return rr.r.Read(p) }
func (rr *replayReader) reset()                     { rr.r = bytes.NewReader(rr.data) }

func TestFaultRepeatedSeeds(t *testing.T) {
	p := &params.Table[2]
	sk := faultKey(t, p)
	data := make([]byte, 1<<20)
	rand.Read(data)
	rr := &replayReader{data: data}
	rr.reset()
	mu := sk.Pub.Mu([]byte("m"))
	_, err := sk.Sign(mu, rr, masking.NewGenerator(), allChecks)
	require.NoError(t, err)
	rr.reset() // the RBG repeats itself
	_, err = sk.Sign(sk.Pub.Mu([]byte("other")), rr, masking.NewGenerator(), allChecks)
	require.ErrorIs(t, err, errFaultRepeat)
}

func TestFaultSkippedRefresh(t *testing.T) {
	withFault(t, "skip-refresh")
	for _, p := range []*params.Set{&params.Table[1], &params.Table[5]} {
		sk := faultKey(t, p)
		mu := sk.Pub.Mu([]byte("m"))
		_, err := sk.Sign(mu, rand.Reader, masking.NewGenerator(), &SignOptions{CountRefreshes: true})
		require.ErrorIs(t, err, errFaultRefresh, p.Name)
		// A skipped Refresh changes no output: only the counter sees it.
		sig, err := sk.Sign(mu, rand.Reader, masking.NewGenerator(), &SignOptions{VerifyBeforeRelease: true})
		require.NoError(t, err)
		require.True(t, sk.Pub.Verify(mu, sig))
	}
}

// failAfter is a masking generator that fails after n draws.
type failAfter struct {
	masking.Generator
	n   int
	err error
}

func (f *failAfter) Uniform(s int, dst []uint64) {
	f.n -= len(dst)
	if f.n < 0 {
		f.err = errors.New("generator broke")
	}
	f.Generator.Uniform(s, dst)
}

func (f *failAfter) Err() error { return f.err }

func TestFailingGeneratorWithholdsSignature(t *testing.T) {
	sk := faultKey(t, &params.Table[3])
	g := &failAfter{Generator: masking.NewGenerator(), n: 100000}
	_, err := sk.Sign(sk.Pub.Mu([]byte("m")), rand.Reader, g, nil)
	require.Error(t, err)
}

func TestPersistFailureWithholdsSignature(t *testing.T) {
	sk := faultKey(t, &params.Table[1])
	before := sk.Bytes()
	var got []byte
	opts := &SignOptions{Persist: func(b []byte) error { got = bytes.Clone(b); return nil }}
	mu := sk.Pub.Mu([]byte("m"))
	sig, err := sk.Sign(mu, rand.Reader, masking.NewGenerator(), opts)
	require.NoError(t, err)
	require.True(t, sk.Pub.Verify(mu, sig))
	require.Equal(t, sk.Bytes(), got, "the persisted encoding is the key's new form")
	require.NotEqual(t, before, got, "signing re-masks the key")

	opts.Persist = func([]byte) error { return io.ErrShortWrite }
	sig, err = sk.Sign(mu, rand.Reader, masking.NewGenerator(), opts)
	require.ErrorIs(t, err, io.ErrShortWrite)
	require.Nil(t, sig)
}

// TestCorruptKeyTerminates signs with a key whose secret is not small (a
// corrupt encoding that still parses): Sign must give up, not loop.
func TestCorruptKeyTerminates(t *testing.T) {
	p := &params.Table[0]
	sk := faultKey(t, p)
	b := sk.Bytes()
	// Overwrite the packed share x with a large value in every coefficient.
	for i := p.PublicKeySize; i < len(b); i++ {
		b[i] = 0x55
	}
	bad, err := ParsePrivateKey(p, b)
	require.NoError(t, err)
	_, err = bad.Sign(bad.Pub.Mu([]byte("m")), rand.Reader, masking.NewGenerator(), nil)
	require.ErrorIs(t, err, errCorruptKey)
}
