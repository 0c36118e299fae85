package xof

import (
	"crypto/sha3"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/raccoon-go/raccoon/internal/cryptotest"
	"github.com/stretchr/testify/require"
)

// Literal transcriptions of Algorithms 5, 7, 9 and 10 that squeeze exactly
// the bytes each step asks for, to check the buffered implementations.

func specSampleQ(hdr Header, sigma []byte) [n]uint64 {
	h := sha3.NewSHAKE256()
	h.Write(hdr[:])
	h.Write(sigma)
	var f [n]uint64
	for i := 0; i < n; i++ {
		for {
			var b [7]byte
			h.Read(b[:])
			x := uint64(0)
			for j := 6; j >= 0; j-- {
				x = x<<8 | uint64(b[j])
			}
			x &= 1<<49 - 1
			if x < q {
				f[i] = x
				break
			}
		}
	}
	return f
}

func specSampleU(hdr Header, sigma []byte, u int) [n]int64 {
	h := sha3.NewSHAKE256()
	h.Write(hdr[:])
	h.Write(sigma)
	var f [n]int64
	for i := range f {
		b := make([]byte, (u+7)/8)
		h.Read(b)
		x := int64(0)
		for j := len(b) - 1; j >= 0; j-- {
			x = x<<8 | int64(b[j])
		}
		x &= 1<<u - 1
		if x >= 1<<(u-1) {
			x -= 1 << u
		}
		f[i] = x
	}
	return f
}

func specChalPoly(chash []byte, omega int) [n]int {
	h := sha3.NewSHAKE256()
	h.Write([]byte{'c', byte(omega), 0, 0, 0, 0, 0, 0})
	h.Write(chash)
	var c [n]int
	for nz := 0; nz < omega; {
		var b [2]byte
		h.Read(b[:])
		v := int(b[0]) | int(b[1])<<8
		i := (v >> 1) & (n - 1)
		if c[i] == 0 {
			c[i] = 2*(v&1) - 1 // the reference's sign convention
			nz++
		}
	}
	return c
}

func randBytes(r *rand.Rand, k int) []byte {
	b := make([]byte, k)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func TestSampleQ(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for it := 0; it < 20; it++ {
		seed := randBytes(r, 16+8*(it%3))
		hdr := HeaderA(it%5, it%4)
		var f [n]uint64
		SampleQ(&f, hdr, seed)
		require.Equal(t, specSampleQ(hdr, seed), f)
	}
}

func TestAddSampleU(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, u := range []int{4, 5, 6, 7, 39, 40, 41} {
		seed := randBytes(r, 32)
		hdr := HeaderU(u%8, 3, 5)
		var v, start [n]uint64
		for i := range v {
			v[i] = r.Uint64N(q)
			if i < 4 { // edge values
				v[i] = []uint64{0, q - 1, 1, q / 2}[i]
			}
		}
		start = v
		AddSampleU(&v, hdr, seed, u)
		e := specSampleU(hdr, seed, u)
		for i := range v {
			want := (int64(start[i]) + e[i]) % q
			if want < 0 {
				want += q
			}
			require.Equal(t, uint64(want), v[i], "u=%d i=%d", u, i)
		}
	}
}

func TestChalPoly(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, omega := range []int{19, 31, 44} {
		for it := 0; it < 50; it++ {
			chash := randBytes(r, 32)
			idx := make([]int, omega)
			neg := make([]bool, omega)
			ChalPoly(idx, neg, chash, omega)
			var got [n]int
			for k := range idx {
				require.Zero(t, got[idx[k]], "position drawn twice")
				got[idx[k]] = 1
				if neg[k] {
					got[idx[k]] = -1
				}
			}
			require.Equal(t, specChalPoly(chash, omega), got)
		}
	}
}

func TestChalHash(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	w := make([][n]uint64, 5)
	for i := range w {
		for j := range w[i] {
			w[i][j] = r.Uint64N(31)
		}
	}
	mu := randBytes(r, 32)
	got := make([]byte, 32)
	ChalHash(got, mu, w, make([]byte, 5*n))

	h := sha3.NewSHAKE256()
	h.Write([]byte{'h', 5, 0, 0, 0, 0, 0, 0})
	h.Write(mu)
	for i := range w {
		for _, c := range w[i] {
			h.Write([]byte{byte(c)})
		}
	}
	want := make([]byte, 32)
	h.Read(want)
	require.Equal(t, want, got)
}

func TestHeaders(t *testing.T) {
	require.Equal(t, Header{'A', 3, 2}, HeaderA(3, 2))
	require.Equal(t, Header{'u', 7, 4, 31}, HeaderU(7, 4, 31))
	require.Equal(t, Header{'K', 6, 31}, HeaderK(6, 31))
}

// TestSampleQLanes compares the multi-stream SampleQ with the single-stream
// one for every batch size up to MaxLanes, under every implementation of
// the permutation.
func TestSampleQLanes(t *testing.T) {
	cryptotest.TestAllImplementations(t, "keccak", func(t *testing.T) {
		r := rand.New(rand.NewPCG(11, 12))
		for lanes := 1; lanes <= MaxLanes; lanes++ {
			for it := 0; it < 10; it++ {
				f := make([]*[n]uint64, lanes)
				hdr := make([]Header, lanes)
				seed := make([][]byte, lanes)
				for i := range f {
					f[i] = new([n]uint64)
					hdr[i] = HeaderK(it, i)
					seed[i] = randBytes(r, []int{16, 24, 32}[(it+i)%3])
				}
				SampleQLanes(f, hdr, seed)
				for i := range f {
					var want [n]uint64
					SampleQ(&want, hdr[i], seed[i])
					require.Equal(t, want, *f[i], "lanes=%d lane=%d", lanes, i)
				}
			}
		}
	})
}

// TestSampleULanes compares the multi-stream SampleU with the single-stream
// one for every batch size up to MaxLanes, under every implementation of
// the permutation (the eight-way kernel where the CPU has one): the
// results come in order, and the buffer is cleared at the end.
func TestSampleULanes(t *testing.T) {
	cryptotest.TestAllImplementations(t, "keccak", func(t *testing.T) {
		r := rand.New(rand.NewPCG(13, 14))
		for _, u := range []int{4, 6, 7, 39, 41} {
			for lanes := 1; lanes <= MaxLanes; lanes++ {
				hdr := make([]Header, lanes)
				seed := make([][]byte, lanes)
				for i := range hdr {
					hdr[i] = HeaderU(u, lanes, i)
					seed[i] = randBytes(r, 32)
				}
				next := 0
				var buf *[n]uint64
				SampleULanes(hdr, seed, u, func(i int, e *[n]uint64) {
					require.Equal(t, next, i, "u=%d lanes=%d: lanes out of order", u, lanes)
					next++
					var want [n]uint64
					AddSampleU(&want, hdr[i], seed[i], u)
					require.Equal(t, want, *e, "u=%d lanes=%d lane=%d", u, lanes, i)
					buf = e
				})
				require.Equal(t, lanes, next, "u=%d lanes=%d: calls", u, lanes)
				require.Equal(t, [n]uint64{}, *buf, "u=%d lanes=%d: buffer not cleared", u, lanes)
			}
		}
	})
}

func BenchmarkSampleQ(b *testing.B) {
	seed := make([]byte, 16)
	var f [n]uint64
	b.Run("single", func(b *testing.B) {
		for b.Loop() {
			for i := 0; i < Lanes; i++ {
				SampleQ(&f, HeaderA(i, 0), seed)
			}
		}
	})
	b.Run("lanes", func(b *testing.B) {
		var g [Lanes][n]uint64
		f := []*[n]uint64{&g[0], &g[1], &g[2], &g[3]}
		hdr := []Header{HeaderA(0, 0), HeaderA(1, 0), HeaderA(2, 0), HeaderA(3, 0)}
		seeds := [][]byte{seed, seed, seed, seed}
		for b.Loop() {
			SampleQLanes(f, hdr, seeds)
		}
	})
}

// BenchmarkSampleULanes measures SampleU expansions four and eight at a
// time (per implementation of the permutation; eight gain only where
// keccak.Wide) for the two widths Raccoon uses: u_t = 6 (one byte per
// coefficient, 4 blocks) and u_w = 41 (six bytes, 23 blocks); ns/stream is
// the cost of one expansion.
func BenchmarkSampleULanes(b *testing.B) {
	seed := make([]byte, 16)
	var hdr [MaxLanes]Header
	var seeds [MaxLanes][]byte
	for i := range hdr {
		hdr[i], seeds[i] = HeaderU(0, i, 0), seed
	}
	var sum uint64
	use := func(_ int, e *[n]uint64) { sum += e[0] }
	cryptotest.BenchAllImplementations(b, "keccak", func(b *testing.B) {
		for _, lanes := range []int{Lanes, MaxLanes} {
			for _, u := range []int{6, 41} {
				b.Run(fmt.Sprintf("lanes=%d/u=%d", lanes, u), func(b *testing.B) {
					for b.Loop() {
						SampleULanes(hdr[:lanes], seeds[:lanes], u, use)
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(lanes*b.N), "ns/stream")
				})
			}
		}
	})
}
