package masking

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"io"
	mrand "math/rand/v2"
	"sync/atomic"
	"unsafe"

	"github.com/raccoon-go/raccoon/internal/params"
)

// A Generator is a masking random generator (MRG, specification
// Section 2.8.2): a source of uniform values modulo q used only by
// ZeroEncoding and Refresh. The secrets, keys and signatures never depend on
// its output, but the side-channel protection that masking provides does:
// its output must be unpredictable to an attacker, fresh for every call and
// independent between streams.
//
// A Generator has Streams independent streams; Refresh draws the mask added
// to share k and subtracted from share k+h from stream k, so that each stream
// can be backed by its own hardware or keyed generator.
//
// A Generator is not safe for concurrent use.
type Generator interface {
	// Uniform fills dst with independent values uniform in [0, q) from
	// stream s, 0 <= s < Streams. It must always return: after a failure it
	// fills dst with anything and reports the failure through Err.
	Uniform(s int, dst []uint64)
	// Err returns the first failure of the generator (of its source or of
	// a health test), or nil. Once non-nil it stays non-nil: callers check
	// it before releasing anything computed with the generator's output.
	Err() error
}

// Streams is the number of independent streams of a Generator.
const Streams = MaxShares

// ErrGenerator is wrapped by the errors of a failed Generator.
var ErrGenerator = errors.New("masking: random generator failed")

var (
	errStartup    = errors.New("masking: random generator failed its startup self-test")
	errRepetition = errors.New("masking: random generator output repeats (repetition count test)")
	errStuck      = errors.New("masking: random generator output has stuck bits")
	errSource     = errors.New("masking: random generator source failed")
)

// A source of raw random words: fill overwrites the chunk raw with fresh
// output of stream s, or returns an error.
type source interface {
	fill(s int, raw *chunkWords) error
}

// chunkWords is a chunk of source output as 64-bit words.
type chunkWords = [chunk / 8]uint64

// chunkBytes returns the chunk raw as bytes, in the machine's byte order.
func chunkBytes(raw *chunkWords) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(&raw[0])), chunk)
}

// chunk is the number of bytes fetched from a stream at a time: 256
// candidates of 7 bytes.
const (
	chunkGroups = 256
	chunk       = 7 * chunkGroups
)

// healthy turns a byte source into a Generator: it runs the continuous
// health tests on every chunk and maps 49-bit candidates to [0, q) by
// rejection, four at a time: a group of four consecutive candidates is kept
// only if all four are below q (probability 0.91), which leaves them
// independent and uniform on [0, q) and needs no compaction within a group.
type healthy struct {
	src     source
	streams [Streams]*streamBuf
	// raw holds a chunk as read from the source, for one stream at a
	// time: 224 words, 32 groups of 7 words that each hold 8 candidates of
	// 7 bytes. The words are read in the machine's byte order (on
	// little-endian machines candidate j is bytes 7j…7j+6); neither the
	// tests nor the uniformity of the accepted values depend on it. The
	// chunk is cleared after each use (by loadChunk, or after a failed
	// fill).
	raw chunkWords
	err atomic.Pointer[error]
}

type streamBuf struct {
	// vals[off:n] are the accepted candidates of the stream's last chunk
	// not yet handed out, in order.
	vals   [chunkGroups]uint64
	off, n int
	last   uint64 // last word of the previous chunk (repetition test)
	have   bool
}

// NewGenerator returns the default Generator: Streams independent streams,
// each AES-256 in counter mode under its own key from crypto/rand where the
// CPU has constant-time AES instructions (and the build is not purego), and
// ChaCha8 under its own key otherwise. Keys are drawn when a stream is first
// used; the streams are never reset. Its health tests run at startup (a
// known-answer test of the cipher) and on every 1792-byte chunk (see
// NewReaderGenerator); a failure is latched and reported by Err.
func NewGenerator() Generator {
	if hardwareAES {
		return NewAESGenerator()
	}
	return NewChaCha8Generator()
}

// NewAESGenerator returns a Generator whose streams are AES-256-CTR
// keystreams under independent keys from crypto/rand. On amd64 CPUs with
// VAES the keystream comes from the package's own kernel (the same
// AES-256-CTR, checked against crypto/aes and at startup), elsewhere from
// crypto/aes. Without AES instructions crypto/aes is not constant time:
// prefer NewGenerator.
func NewAESGenerator() Generator {
	src, ok := newAESSource()
	g := &healthy{src: src}
	if !ok {
		g.fail(errStartup)
	}
	return g
}

// NewChaCha8Generator returns a Generator whose streams are ChaCha8
// keystreams (math/rand/v2) under independent keys from crypto/rand.
func NewChaCha8Generator() Generator {
	g := &healthy{src: &chachaSource{}}
	if !chachaSelfTest() {
		g.fail(errStartup)
	}
	return g
}

// NewReaderGenerator returns a Generator that reads raw random bytes from r,
// for example a hardware true random number generator; all streams read
// from r in turn, so r must produce independent output for every read.
//
// The continuous health tests run on every 1792-byte chunk of each stream,
// read as 64-bit words: a repetition count test (two equal consecutive words
// fail it; false alarm probability 2^-64 per pair) and a stuck-bit test (each
// of the 64 bit positions must take both values within the chunk; false
// alarm probability below 2^-217). A read error or a failed test is
// latched: Err reports it and Uniform returns zeros from then on.
func NewReaderGenerator(r io.Reader) Generator {
	return &healthy{src: &readerSource{r: r}}
}

func (g *healthy) fail(err error) {
	wrapped := errors.Join(ErrGenerator, err)
	g.err.CompareAndSwap(nil, &wrapped)
}

// Err implements Generator.
func (g *healthy) Err() error {
	if p := g.err.Load(); p != nil {
		return *p
	}
	return nil
}

// Uniform implements Generator. Candidates are accepted without branches
// on their values; only the number of refills depends on how many groups
// were rejected (values that are never used).
func (g *healthy) Uniform(s int, dst []uint64) {
	if s < 0 || s >= Streams {
		panic("masking: internal error: stream out of range")
	}
	st := g.streams[s]
	if st == nil {
		st = new(streamBuf)
		g.streams[s] = st
	}
	for i := 0; i < len(dst); {
		if g.err.Load() != nil {
			clear(dst[i:])
			return
		}
		if st.off == st.n {
			err := g.src.fill(s, &g.raw)
			if err != nil {
				err = errors.Join(errSource, err)
				clear(g.raw[:])
			} else {
				err = st.load(&g.raw) // clears the chunk
			}
			if err != nil {
				g.fail(err)
				continue
			}
		}
		m := copy(dst[i:], st.vals[st.off:st.n])
		i += m
		st.off += m
	}
}

// load runs the continuous health tests on a fresh chunk of the stream in
// raw and maps its 256 candidates of 49 bits to [0, q) by rejection in
// groups of four, leaving the accepted ones in vals; it clears the chunk. The health tests read
// the chunk as 224 64-bit words: a repetition count test (two equal
// consecutive words fail it, across chunks too; false alarm probability
// 2^-64 per pair) and a stuck-bit test (each of the 64 bit positions must
// take both values within the chunk; false alarm probability below
// 2^-217). Nothing branches on the data.
func (st *streamBuf) load(raw *chunkWords) error {
	t := raw[0] ^ st.last
	rep := ((t - 1) &^ t) >> 63 & boolWord(st.have) // the last word of the previous chunk
	st.last, st.have = raw[chunk/8-1], true         // before loadChunk clears the chunk
	n, eq, or, and := loadChunk(raw, &st.vals)
	st.off, st.n = 0, n
	if rep|eq != 0 {
		return errRepetition
	}
	if or != ^uint64(0) || and != 0 {
		return errStuck
	}
	return nil
}

func boolWord(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// loadGeneric is the pure-Go kernel of load: it writes the accepted groups
// of four candidates of raw's chunk to vals and returns their number of
// values n (a multiple of 4), eq = 1 if two consecutive words of the chunk
// are equal (0 otherwise), and the OR and AND of the chunk's words. It
// clears the chunk. It is
// constant time but for the positions of the stores to vals, which depend
// on how many earlier groups were rejected (values that are never used).
func loadGeneric(raw *chunkWords, vals *[chunkGroups]uint64) (n int, eq, or, and uint64) {
	// rep has its top bit set once two consecutive words were equal:
	// (t-1) &^ t has its top bit set exactly when t = 0. prev starts as the
	// complement of the first word, so that the first comparison (of raw[0]
	// with itself) never counts.
	var rep uint64
	prev := ^raw[0]
	or, and = 0, ^uint64(0)
	k := 0
	for g := 0; g < chunkGroups/8; g++ {
		w := (*[7]uint64)(raw[7*g : 7*g+7])
		for _, x := range w {
			t := x ^ prev
			rep |= (t - 1) &^ t
			prev = x
			or |= x
			and &= x
		}
		k = accept4(vals, k, w[0], w[0]>>56|w[1]<<8, w[1]>>48|w[2]<<16, w[2]>>40|w[3]<<24)
		k = accept4(vals, k, w[3]>>32|w[4]<<32, w[4]>>24|w[5]<<40, w[5]>>16|w[6]<<48, w[6]>>8)
	}
	clear(raw[:])
	return k, rep >> 63, or, and
}

// accept4 writes the four candidates, reduced to 49 bits, to v[k…k+3] and
// returns k+4 if all four are below q and k otherwise (k a multiple of 4
// below len(v)), without branches.
func accept4(v *[chunkGroups]uint64, k int, a, b, c, d uint64) int {
	const m = params.QMask
	a, b, c, d = a&m, b&m, c&m, d&m
	g := (*[4]uint64)(v[k&(chunkGroups-4):])
	g[0], g[1], g[2], g[3] = a, b, c, d
	// x - q has its top bit set exactly when x < q (x < 2^49).
	ok := ((a - params.Q) & (b - params.Q) & (c - params.Q) & (d - params.Q)) >> 63
	return k + 4*int(ok)
}

// aesSource keeps one AES-256-CTR keystream per stream.
type aesSource struct{ ctr [Streams]cipher.Stream }

func (a *aesSource) fill(s int, raw *chunkWords) error {
	if a.ctr[s] == nil {
		var key [32]byte
		rand.Read(key[:])
		blk, err := aes.NewCipher(key[:])
		clear(key[:])
		if err != nil {
			return err
		}
		var iv [16]byte
		a.ctr[s] = cipher.NewCTR(blk, iv[:])
	}
	buf := chunkBytes(raw)
	clear(buf)
	a.ctr[s].XORKeyStream(buf, buf)
	return nil
}

// chachaSource keeps one ChaCha8 keystream per stream.
type chachaSource struct{ c [Streams]*mrand.ChaCha8 }

func (c *chachaSource) fill(s int, raw *chunkWords) error {
	cc := c.c[s]
	if cc == nil {
		var key [32]byte
		rand.Read(key[:])
		cc = mrand.NewChaCha8(key)
		clear(key[:])
		c.c[s] = cc
	}
	// Word by word: ChaCha8.Read would produce the same words as
	// little-endian bytes, with a byte store and a loop step more per word.
	// Eight words per step: the loop index would otherwise go to the stack
	// and back around every call (1192 -> 1089 ns per chunk).
	for i := 0; i < len(raw); i += 8 {
		w := (*[8]uint64)(raw[i : i+8])
		w[0], w[1], w[2], w[3] = cc.Uint64(), cc.Uint64(), cc.Uint64(), cc.Uint64()
		w[4], w[5], w[6], w[7] = cc.Uint64(), cc.Uint64(), cc.Uint64(), cc.Uint64()
	}
	return nil
}

type readerSource struct{ r io.Reader }

func (r *readerSource) fill(_ int, raw *chunkWords) error {
	_, err := io.ReadFull(r.r, chunkBytes(raw))
	return err
}

// aesSelfTest is the known-answer test of AES-256-CTR from NIST SP 800-38A,
// F.5.5 (first block).
func aesSelfTest() bool {
	key := []byte{0x60, 0x3d, 0xeb, 0x10, 0x15, 0xca, 0x71, 0xbe, 0x2b, 0x73, 0xae, 0xf0, 0x85, 0x7d, 0x77, 0x81,
		0x1f, 0x35, 0x2c, 0x07, 0x3b, 0x61, 0x08, 0xd7, 0x2d, 0x98, 0x10, 0xa3, 0x09, 0x14, 0xdf, 0xf4}
	iv := []byte{0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff}
	pt := []byte{0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a}
	want := []byte{0x60, 0x1e, 0xc3, 0x13, 0x77, 0x57, 0x89, 0xa5, 0xb7, 0xa7, 0xf5, 0x04, 0xbb, 0xf3, 0xd2, 0x28}
	blk, err := aes.NewCipher(key)
	if err != nil {
		return false
	}
	out := make([]byte, 16)
	cipher.NewCTR(blk, iv).XORKeyStream(out, pt)
	return string(out) == string(want)
}

// chachaSelfTest checks the first output word of ChaCha8 under the all-zero
// seed.
func chachaSelfTest() bool {
	c := mrand.NewChaCha8([32]byte{})
	return c.Uint64() == chachaZeroKeyFirst
}

// chachaZeroKeyFirst is the first output of ChaCha8 with the all-zero seed
// (math/rand/v2, the C2SP chacha8rand construction).
const chachaZeroKeyFirst = 0xac8a366dce7e87d9
