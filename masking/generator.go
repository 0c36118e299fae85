package masking

import (
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

// chachaGenerator is a ChaCha8 keystream seeded from crypto/rand, mapped
// to [0, q) by rejection of 49-bit candidates.
type chachaGenerator struct {
	c   *mrand.ChaCha8
	buf [512]byte
	off int
}

// NewGenerator returns a Generator with a fresh 256-bit key from
// crypto/rand. Its stream is ChaCha8, which is constant time.
func NewGenerator() Generator {
	var seed [32]byte
	rand.Read(seed[:])
	g := &chachaGenerator{c: mrand.NewChaCha8(seed), off: 512}
	clear(seed[:])
	return g
}

// Uniform implements Generator. Rejection depends only on discarded
// candidates.
func (g *chachaGenerator) Uniform(dst []uint64) {
	for i := 0; i < len(dst); {
		if g.off+8 > len(g.buf) {
			g.c.Read(g.buf[:])
			g.off = 0
		}
		x := binary.LittleEndian.Uint64(g.buf[g.off:]) & params.QMask
		g.off += 8
		if x < params.Q {
			dst[i] = x
			i++
		}
	}
}
