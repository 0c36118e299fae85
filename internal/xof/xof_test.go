package xof

import (
	"crypto/sha3"
	"fmt"
	"math/rand/v2"
	"testing"

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

func TestSampleQLanes(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for lanes := 1; lanes <= Lanes; lanes++ {
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
}

func TestAddSampleULanes(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, u := range []int{4, 6, 7, 39, 41} {
		for lanes := 1; lanes <= Lanes; lanes++ {
			v := make([]*[n]uint64, lanes)
			want := make([][n]uint64, lanes)
			hdr := make([]Header, lanes)
			seed := make([][]byte, lanes)
			for i := range v {
				v[i] = new([n]uint64)
				for j := range v[i] {
					v[i][j] = r.Uint64N(q)
				}
				want[i] = *v[i]
				hdr[i] = HeaderU(u, lanes, i)
				seed[i] = randBytes(r, 32)
				AddSampleU(&want[i], hdr[i], seed[i], u)
			}
			AddSampleULanes(v, hdr, seed, u)
			for i := range v {
				require.Equal(t, want[i], *v[i], "u=%d lanes=%d lane=%d", u, lanes, i)
			}
			// SampleULanes writes the noise itself.
			e := make([]*[n]uint64, lanes)
			for i := range e {
				e[i] = new([n]uint64)
				e[i][0] = 12345 // overwritten
			}
			SampleULanes(e, hdr, seed, u)
			for i := range e {
				var z [n]uint64
				AddSampleU(&z, hdr[i], seed[i], u)
				require.Equal(t, z, *e[i], "u=%d lanes=%d lane=%d", u, lanes, i)
			}
		}
	}
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

// BenchmarkSampleULanes measures four SampleU expansions at once for the
// two widths Raccoon uses: u_t = 6 (one byte per coefficient, 4 blocks)
// and u_w = 41 (six bytes, 23 blocks).
func BenchmarkSampleULanes(b *testing.B) {
	seed := make([]byte, 16)
	var g [Lanes][n]uint64
	e := []*[n]uint64{&g[0], &g[1], &g[2], &g[3]}
	hdr := []Header{HeaderU(0, 0, 0), HeaderU(0, 1, 0), HeaderU(0, 2, 0), HeaderU(0, 3, 0)}
	seeds := [][]byte{seed, seed, seed, seed}
	for _, u := range []int{6, 41} {
		b.Run(fmt.Sprintf("u=%d", u), func(b *testing.B) {
			for b.Loop() {
				SampleULanes(e, hdr, seeds, u)
			}
		})
	}
}
