package keccak

import (
	"crypto/sha3"
	"math/rand/v2"
	"testing"

	"github.com/raccoon-go/raccoon/internal/cryptotest"
)

// TestShake128x4MatchesSHA3 compares Shake128x4 (1–4 streams) and
// Shake128x8 (1–8) with crypto/sha3 under every implementation.
func TestShake128x4MatchesSHA3(t *testing.T) {
	cryptotest.TestAllImplementations(t, "keccak", func(t *testing.T) {
		r := rand.New(rand.NewPCG(21, 22))
		for lanes := 1; lanes <= 8; lanes++ {
			for it := 0; it < 40; it++ {
				in := make([][]byte, lanes)
				for i := range in {
					in[i] = make([]byte, r.IntN(Rate128))
					for j := range in[i] {
						in[i][j] = byte(r.Uint32())
					}
				}
				var s multiShake = new(Shake128x8)
				if lanes <= 4 && it%2 == 0 {
					s = new(Shake128x4)
				}
				s.Init(in...)
				blocks := 1 + r.IntN(4)
				out := make([][]byte, lanes)
				for i := range out {
					out[i] = make([]byte, 2*blocks*Rate128)
				}
				first := make([][]byte, lanes)
				second := make([][]byte, lanes)
				for i := range out {
					first[i] = out[i][:blocks*Rate128]
					second[i] = out[i][blocks*Rate128:]
				}
				s.SqueezeBlocks(first...)
				s.SqueezeBlocks(second...)
				for i := range in {
					h := sha3.NewSHAKE128()
					h.Write(in[i])
					want := make([]byte, len(out[i]))
					h.Read(want)
					if string(want) != string(out[i]) {
						t.Fatalf("lanes=%d lane %d, input length %d: output differs from crypto/sha3", lanes, i, len(in[i]))
					}
				}
			}
		}
	})
}
