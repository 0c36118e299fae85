package masking

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	mrand "math/rand/v2"

	"github.com/raccoon-go/raccoon/internal/params"
)

// A Generator is a masking random generator (MRG, specification
// Section 2.8.2): a source of uniform values modulo q used only by
// ZeroEncoding and Refresh. The secrets, keys and signatures never depend on
// its output, but the side-channel protection that masking provides does:
// its output must be unpredictable to an attacker.
//
// A Generator is not safe for concurrent use.
type Generator interface {
	// Uniform fills dst with independent values uniform in [0, q).
	Uniform(dst []uint64)
}

// streamGenerator maps a keystream to uniform values in [0, q) by
// rejection of 49-bit candidates read from 7-byte groups.
type streamGenerator struct {
	fill func(buf []byte)
	buf  [7*256 + 1]byte
	off  int
}

const streamChunk = 7 * 256

// NewGenerator returns a Generator with a fresh 256-bit key from
// crypto/rand. Its keystream is AES-256 in counter mode where the CPU has
// constant-time AES instructions (and the build is not purego), and ChaCha8
// otherwise; both are constant time there.
func NewGenerator() Generator {
	var key [32]byte
	rand.Read(key[:])
	defer clear(key[:])
	if hardwareAES {
		return newAESGenerator(&key)
	}
	return newChaChaGenerator(&key)
}

func newAESGenerator(key *[32]byte) *streamGenerator {
	blk, err := aes.NewCipher(key[:])
	if err != nil {
		panic("masking: internal error: " + err.Error())
	}
	var iv [16]byte
	ctr := cipher.NewCTR(blk, iv[:])
	g := &streamGenerator{off: streamChunk}
	g.fill = func(buf []byte) {
		clear(buf)
		ctr.XORKeyStream(buf, buf)
	}
	return g
}

func newChaChaGenerator(key *[32]byte) *streamGenerator {
	c := mrand.NewChaCha8(*key)
	g := &streamGenerator{off: streamChunk}
	g.fill = func(buf []byte) { c.Read(buf) }
	return g
}

// Uniform implements Generator. Candidates are accepted without branches
// on their values.
func (g *streamGenerator) Uniform(dst []uint64) {
	i := 0
	for i < len(dst) {
		if g.off == streamChunk {
			g.fill(g.buf[:streamChunk])
			g.off = 0
		}
		buf := g.buf[:]
		off := g.off
		for off < streamChunk && i < len(dst) {
			// The spare byte at the end of buf makes the 8-byte load
			// safe; the mask keeps 49 of the 56 bits of this group.
			x := binary.LittleEndian.Uint64(buf[off:]) & params.QMask
			off += 7
			dst[i] = x
			i += int((x - params.Q) >> 63) // accept when x < q
		}
		g.off = off
	}
}
