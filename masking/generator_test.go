package masking

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"io"
	mrand "math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/raccoon-go/raccoon/internal/params"
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

// randomChunks returns k chunks of deterministic pseudo-random bytes, which
// pass the health tests.
func randomChunks(k int) []byte {
	b := make([]byte, k*chunk)
	mrand.NewChaCha8([32]byte{7}).Read(b)
	return b
}

// TestUniformParse checks Uniform against a literal reading of the
// rejection sampler on a source with known bytes: every 7-byte group,
// little-endian, cut to 49 bits; groups of four such candidates kept when
// all four are below q. Some candidates are set to values at and around q
// so that both outcomes occur at chunk and request boundaries.
func TestUniformParse(t *testing.T) {
	src := randomChunks(3)
	put := func(group int, v uint64) {
		var w [8]byte
		binary.LittleEndian.PutUint64(w[:], v|uint64(src[7*group+6]&0xfe)<<48)
		copy(src[7*group:7*group+7], w[:7])
	}
	// Candidates 0..3: one at q rejects the whole group; 4..7: q-1, 0, 5
	// and 2^49-1 rejects it too; 8..11 all accepted. Others at chunk and
	// request boundaries.
	put(0, params.Q)
	put(1, 0)
	put(2, 1)
	put(3, 2)
	put(4, params.Q-1)
	put(5, 0)
	put(6, 5)
	put(7, 1<<49-1)
	put(8, params.Q-1)
	put(9, 0)
	put(10, 5)
	put(11, 7)
	for _, g := range []int{63, 64, 255, 256, 300, 511, 767} {
		put(g, params.Q)
	}
	var want []uint64
	for g := 0; g+28 <= len(src); g += 28 {
		var group []uint64
		for j := g; j < g+28; j += 7 {
			var w [8]byte
			copy(w[:], src[j:j+7])
			if v := binary.LittleEndian.Uint64(w[:]) & (1<<49 - 1); v < params.Q {
				group = append(group, v)
			}
		}
		if len(group) == 4 {
			want = append(want, group...)
		}
	}
	g := NewReaderGenerator(bytes.NewReader(src))
	// Requests of uneven sizes, crossing chunk boundaries.
	var got []uint64
	for _, n := range []int{1, 62, 64, 200, 3, 300} {
		buf := make([]uint64, n)
		g.Uniform(5, buf)
		got = append(got, buf...)
	}
	require.NoError(t, g.Err())
	require.Equal(t, want[:len(got)], got)
	require.Equal(t, []uint64{params.Q - 1, 0, 5, 7}, got[:4])
}

// TestHealthTestsDetect checks each continuous test on chunks that differ
// from good ones in a single respect.
func TestHealthTestsDetect(t *testing.T) {
	word := func(b []byte, i int) []byte { return b[8*i : 8*i+8] }
	cases := map[string]func(b []byte){
		"equal consecutive words": func(b []byte) { copy(word(b, 101), word(b, 100)) },
		"equal first two words":   func(b []byte) { copy(word(b, 1), word(b, 0)) },
		"equal across chunks":     func(b []byte) { copy(word(b, chunk/8), word(b, chunk/8-1)) },
		"bit 17 stuck at 0": func(b []byte) {
			for i := 0; i < len(b)/8; i++ {
				word(b, i)[2] &^= 2
			}
		},
		"bit 63 stuck at 1": func(b []byte) {
			for i := 0; i < len(b)/8; i++ {
				word(b, i)[7] |= 0x80
			}
		},
	}
	for name, spoil := range cases {
		src := randomChunks(2)
		spoil(src)
		g := NewReaderGenerator(bytes.NewReader(src))
		buf := make([]uint64, chunkGroups+100) // into the second chunk, short of its end
		g.Uniform(0, buf)
		require.ErrorIs(t, g.Err(), ErrGenerator, name)
	}
	// The unspoilt chunks pass.
	g := NewReaderGenerator(bytes.NewReader(randomChunks(2)))
	buf := make([]uint64, chunkGroups+100) // into the second chunk, short of its end
	g.Uniform(0, buf)
	require.NoError(t, g.Err())
}

// TestChaChaSourceWords checks that the ChaCha8 source writes the keystream
// of its stream's ChaCha8 word by word: the words that ChaCha8.Read would
// write as little-endian bytes, chunk after chunk.
func TestChaChaSourceWords(t *testing.T) {
	seed := [32]byte{1, 2, 3}
	src := &chachaSource{}
	src.c[5] = mrand.NewChaCha8(seed)
	want := mrand.NewChaCha8(seed)
	var raw chunkWords
	buf := make([]byte, chunk)
	for range 3 {
		require.NoError(t, src.fill(5, &raw))
		want.Read(buf)
		for i := range chunk / 8 {
			require.Equal(t, binary.LittleEndian.Uint64(buf[8*i:]), raw[i], "word %d", i)
		}
	}
}
