package bench

import (
	"crypto/sha256"
	"testing"

	"github.com/raccoon-go/raccoon/internal/cryptotest"
	"github.com/raccoon-go/raccoon/raccoon"
)

func BenchmarkKeyGen(b *testing.B) {
	for _, p := range raccoon.AllParams() {
		b.Run(p.String(), func(b *testing.B) {
			b.ReportAllocs()
			cryptotest.BenchLoop(b, func() {
				if _, err := raccoon.GenerateKey(p); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// messages is a fixed list of messages, so that the rare signing restarts
// are spread evenly over runs.
func messages(n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		h := sha256.Sum256([]byte{byte(i), byte(i >> 8)})
		out[i] = h[:]
	}
	return out
}

func BenchmarkSign(b *testing.B) {
	msgs := messages(64)
	for _, p := range raccoon.AllParams() {
		b.Run(p.String(), func(b *testing.B) {
			sk, err := raccoon.GenerateKey(p)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			i := 0
			cryptotest.BenchLoop(b, func() {
				if _, err := sk.Sign(nil, msgs[i%len(msgs)], nil); err != nil {
					b.Fatal(err)
				}
				i++
			})
		})
	}
}

// BenchmarkVerify verifies with a parsed public key (parse once, verify
// many); BenchmarkParseVerify includes parsing the public key.
func BenchmarkVerify(b *testing.B) {
	benchmarkVerify(b, false)
}

func BenchmarkParseVerify(b *testing.B) {
	benchmarkVerify(b, true)
}

func benchmarkVerify(b *testing.B, parse bool) {
	msgs := messages(16)
	for _, p := range raccoon.AllParams() {
		if p.Shares() != 1 && !parse {
			// Verification depends only on the level; one set per level.
			continue
		}
		if parse && p.Shares() != 1 {
			continue
		}
		b.Run(p.String(), func(b *testing.B) {
			sk, err := raccoon.GenerateKey(p)
			if err != nil {
				b.Fatal(err)
			}
			sigs := make([][]byte, len(msgs))
			for i := range sigs {
				sigs[i], err = sk.Sign(nil, msgs[i], nil)
				if err != nil {
					b.Fatal(err)
				}
			}
			pkb := sk.PublicKey().Bytes()
			pk := sk.PublicKey()
			b.ReportAllocs()
			i := 0
			cryptotest.BenchLoop(b, func() {
				if parse {
					if pk, err = raccoon.NewPublicKey(p, pkb); err != nil {
						b.Fatal(err)
					}
				}
				if err := raccoon.Verify(pk, msgs[i%len(msgs)], sigs[i%len(sigs)]); err != nil {
					b.Fatal(err)
				}
				i++
			})
		})
	}
}
