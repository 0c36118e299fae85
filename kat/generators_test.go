package kat

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/raccoon-go/raccoon/internal/xof"
	"github.com/raccoon-go/raccoon/masking"
	"github.com/raccoon-go/raccoon/raccoon"
)

// lfsrGenerator is in the spirit of the reference's placeholder generator: a
// linear shift-register recurrence per stream, restarted from a fixed
// constant for every key and signature (a new generator per call of
// writeRSP's newGen). It is insecure; here it only shows that outputs do not
// depend on the generator.
type lfsrGenerator struct{ s [masking.Streams][2]uint64 }

func newLFSR() masking.Generator {
	g := &lfsrGenerator{}
	for i := range g.s {
		g.s[i] = [2]uint64{0xF0E1D2C3B4A59687, 0x8796A5B4C3D2E1F0 + uint64(i)*0x0123456789ABCDEF}
	}
	return g
}

func (g *lfsrGenerator) next(s int) uint64 {
	lo, hi := g.s[s][0], g.s[s][1]&(1<<63-1)
	out := lo ^ (hi << 1) ^ (lo >> 63)
	g.s[s][0], g.s[s][1] = out, lo
	return out
}

func (g *lfsrGenerator) Uniform(s int, dst []uint64) {
	for i := range dst {
		for {
			x := g.next(s) & (1<<49 - 1)
			if x < 549824583172097 {
				dst[i] = x
				break
			}
		}
	}
}

func (g *lfsrGenerator) Err() error { return nil }

// TestKATGeneratorIndependence regenerates the 10-vector files of masked
// sets under four masking generators: the digests must not change.
func TestKATGeneratorIndependence(t *testing.T) {
	gens := map[string]func() masking.Generator{
		"AES":     masking.NewAESGenerator,
		"ChaCha8": masking.NewChaCha8Generator,
		"reader":  func() masking.Generator { return masking.NewReaderGenerator(rand.Reader) },
		"LFSR127": newLFSR,
	}
	names := []string{"Raccoon-128-2", "Raccoon-192-8", "Raccoon-256-32"}
	if testing.Short() {
		names = names[:2]
	}
	for _, name := range names {
		for gname, newGen := range gens {
			t.Run(name+"/"+gname, func(t *testing.T) {
				t.Parallel()
				checkDigest10(t, name, newGen, "under "+gname)
			})
		}
	}
}

// checkDigest10 regenerates the 10-vector file of the named set with
// masking generators from newGen and compares its SHA-256 with the
// published one; how names the run in the error.
func checkDigest10(t *testing.T, name string, newGen func() masking.Generator, how string) {
	t.Helper()
	p, err := raccoon.ParamsByName(name)
	if err != nil {
		t.Fatal(err)
	}
	var want string
	for _, tc := range digests {
		if tc.name == name {
			want = tc.sum10
		}
	}
	h := sha256.New()
	if err := writeRSP(h, p, 10, newGen); err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		t.Errorf("%s %s: SHA-256 %s, want %s", name, how, got, want)
	}
}

// TestKATWidths regenerates the 10-vector files of some sets with the
// multi-stream samplers batching four and eight streams at a time
// (xof.Width; eight only where the CPU has the eight-way Keccak, unless
// forced as here): the digests must not change. The sets mix batches that
// straddle repetitions, shares and rows of A.
func TestKATWidths(t *testing.T) {
	names := []string{"Raccoon-128-1", "Raccoon-128-4", "Raccoon-192-2", "Raccoon-256-8"}
	if testing.Short() {
		names = names[:2]
	}
	for _, w := range []int{xof.Lanes, xof.MaxLanes} {
		t.Run(fmt.Sprint("width=", w), func(t *testing.T) {
			defer xof.SetWidthForTesting(w)()
			for _, name := range names {
				checkDigest10(t, name, masking.NewGenerator, fmt.Sprint("with width ", w))
			}
		})
	}
}
