package leaktest

import (
	crand "crypto/rand"
	"math/rand/v2"

	"github.com/raccoon-go/raccoon/internal/params"
)

// streams is the number of streams of a masking generator (masking.Streams).
const streams = 32

// RestartingGenerator is a deliberately broken masking generator: every
// stream is a ChaCha8 keystream under a fixed key, and Restart sets all of
// them back to the start. Calling Restart before every KeyGen or Sign
// models a generator that restarts from a fixed state on each call, as the
// reference code's LFSR does.
type RestartingGenerator struct {
	s [streams]*rand.Rand
}

// Restart sets every stream back to its fixed initial state.
func (g *RestartingGenerator) Restart() { clear(g.s[:]) }

// Uniform implements masking.Generator.
func (g *RestartingGenerator) Uniform(s int, dst []uint64) {
	if g.s[s] == nil {
		g.s[s] = rand.New(rand.NewChaCha8([32]byte{'r', 'e', 's', 't', 'a', 'r', 't', byte(s)}))
	}
	for i := range dst {
		dst[i] = g.s[s].Uint64N(params.Q)
	}
}

// Err implements masking.Generator: the generator never notices.
func (g *RestartingGenerator) Err() error { return nil }

// StuckGenerator is a dead masking generator that outputs zeros and
// reports no error (a failure that no health test caught).
type StuckGenerator struct{}

// Uniform implements masking.Generator.
func (StuckGenerator) Uniform(_ int, dst []uint64) { clear(dst) }

// Err implements masking.Generator.
func (StuckGenerator) Err() error { return nil }

// Restart calls g.Restart if g has that method: the harness calls it before
// every operation.
func Restart(g any) {
	if r, ok := g.(interface{ Restart() }); ok {
		r.Restart()
	}
}

// NewRBG returns a fast random bit generator (ChaCha8) under a fresh key
// from crypto/rand: for the traces' fresh randomness, where crypto/rand
// itself would only be slower.
func NewRBG() *rand.ChaCha8 {
	var seed [32]byte
	crand.Read(seed[:])
	return rand.NewChaCha8(seed)
}

// FixedRBG returns a deterministic random bit generator: replaying it gives
// the same key every time (class 0 of a KeyGen experiment).
func FixedRBG(seed byte) *rand.ChaCha8 {
	return rand.NewChaCha8([32]byte{'f', 'i', 'x', 'e', 'd', seed})
}

// ClassRBG returns the RBG of one trace of a fixed-versus-random experiment:
// FixedRBG(seed) for class 0, a fresh NewRBG for class 1.
func ClassRBG(class int, seed byte) *rand.ChaCha8 {
	if class == 0 {
		return FixedRBG(seed)
	}
	return NewRBG()
}
