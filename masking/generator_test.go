package masking

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"testing"

	"github.com/stretchr/testify/require"
)

func generators() map[string]func() Generator {
	return map[string]func() Generator{
		"default": NewGenerator,
		"AES":     NewAESGenerator,
		"ChaCha8": NewChaCha8Generator,
		"reader":  func() Generator { return NewReaderGenerator(rand.Reader) },
	}
}

func TestGeneratorsHealthy(t *testing.T) {
	for name, newGen := range generators() {
		g := newGen()
		buf := make([]uint64, 5000)
		for s := 0; s < Streams; s++ {
			g.Uniform(s, buf)
			for _, x := range buf {
				require.Less(t, x, uint64(q), name)
			}
		}
		require.NoError(t, g.Err(), name)
		// Streams are independent: two streams give different output.
		a, b := make([]uint64, 8), make([]uint64, 8)
		g.Uniform(3, a)
		g.Uniform(4, b)
		require.NotEqual(t, a, b, name)
	}
}

func TestSelfTests(t *testing.T) {
	require.True(t, aesSelfTest())
	require.True(t, chachaSelfTest())
}

// failingReader fails after n bytes.
type failingReader struct{ n int }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, errors.New("device unplugged")
	}
	k := min(len(p), r.n)
	rand.Read(p[:k])
	r.n -= k
	return k, nil
}

// repeatingReader returns the same 7 bytes forever.
type repeatingReader struct{}

func (repeatingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = []byte{1, 2, 3, 4, 5, 6, 7}[i%7]
	}
	return len(p), nil
}

func TestHealthTestsFailClosed(t *testing.T) {
	stuck := make([]byte, 1<<16)
	for i := range stuck {
		stuck[i] = byte(i*37) | 0x80 // the top bit of every byte is stuck
	}
	for name, r := range map[string]io.Reader{
		"zeros":     bytes.NewReader(make([]byte, 1<<16)),
		"ones":      bytes.NewReader(bytes.Repeat([]byte{0xff}, 1<<16)),
		"stuck bit": bytes.NewReader(stuck),
		"repeating": repeatingReader{},
		"error":     &failingReader{n: 3 * chunk},
		"short":     bytes.NewReader(make([]byte, 100)),
	} {
		g := NewReaderGenerator(r)
		buf := make([]uint64, 4*chunkGroups)
		for i := 0; i < 4; i++ {
			g.Uniform(0, buf) // must return even when the source is stuck
		}
		require.Error(t, g.Err(), name)
		require.ErrorIs(t, g.Err(), ErrGenerator, name)
		g.Uniform(1, buf)
		require.Equal(t, make([]uint64, len(buf)), buf, "%s: zeros after failure", name)
	}
}
