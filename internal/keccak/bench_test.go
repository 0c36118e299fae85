package keccak

import (
	"crypto/sha3"
	"testing"

	"github.com/raccoon-go/raccoon/internal/cryptotest"
)

// forEachImpl is cryptotest.BenchAllImplementations for keccak.
func forEachImpl(b *testing.B, f func(b *testing.B)) {
	cryptotest.BenchAllImplementations(b, "keccak", f)
}

// BenchmarkF1600x4 measures four permutations per operation; ns/perm is
// the cost of one.
func BenchmarkF1600x4(b *testing.B) {
	forEachImpl(b, func(b *testing.B) {
		var s State4
		for b.Loop() {
			F1600x4(&s)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(4*b.N), "ns/perm")
	})
}

// BenchmarkF1600x8 measures eight permutations per operation (two
// State4); ns/perm is the cost of one. Where Wide is false it is two
// F1600x4 calls.
func BenchmarkF1600x8(b *testing.B) {
	forEachImpl(b, func(b *testing.B) {
		var s [2]State4
		for b.Loop() {
			F1600x8(&s[0], &s[1])
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(8*b.N), "ns/perm")
	})
}

// BenchmarkF1600 measures the single-state pure-Go permutation.
func BenchmarkF1600(b *testing.B) {
	var a [25]uint64
	for b.Loop() {
		F1600(&a)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/perm")
}

// BenchmarkSHA3 measures crypto/sha3 squeezing one SHAKE256 block, that is
// one permutation and a 136-byte copy, per operation.
func BenchmarkSHA3(b *testing.B) {
	h := sha3.NewSHAKE256()
	h.Write([]byte("seed"))
	var out [Rate]byte
	for b.Loop() {
		h.Read(out[:])
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/perm")
}

// sampleQBlocks is the number of SHAKE256 blocks one SampleQ stream
// squeezes: 512 coefficients of 7 bytes each plus about 2.3% rejections
// need 27.45 blocks on average (3.7 KB).
const sampleQBlocks = 28

// BenchmarkSampleQ measures the Keccak work of four SampleQ streams, each
// absorbing an 8-byte header and a 32-byte seed and squeezing
// sampleQBlocks blocks, with Shake4 (per implementation) and with four
// sequential crypto/sha3 streams.
func BenchmarkSampleQ(b *testing.B) {
	var in [4][40]byte
	for j := range in {
		in[j][0], in[j][1] = 'A', byte(j)
	}
	var out [4][sampleQBlocks * Rate]byte
	b.Run("sha3", func(b *testing.B) {
		b.SetBytes(4 * sampleQBlocks * Rate)
		for b.Loop() {
			for j := range in {
				h := sha3.NewSHAKE256()
				h.Write(in[j][:])
				h.Read(out[j][:])
			}
		}
	})
	forEachImpl(b, func(b *testing.B) {
		b.SetBytes(4 * sampleQBlocks * Rate)
		var s Shake4
		for b.Loop() {
			s.Init(in[0][:], in[1][:], in[2][:], in[3][:])
			s.SqueezeBlocks(out[0][:], out[1][:], out[2][:], out[3][:])
		}
	})
}

// BenchmarkStoreBlocks4 measures writing out one block of each of the four
// states, the squeeze step after each permutation.
func BenchmarkStoreBlocks4(b *testing.B) {
	forEachImpl(b, func(b *testing.B) {
		var s State4
		var o [4][Rate]byte
		for b.Loop() {
			storeBlocks4(&s, &o[0], &o[1], &o[2], &o[3])
		}
	})
}
