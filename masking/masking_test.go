package masking

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/raccoon-go/raccoon/ntt"
	"github.com/stretchr/testify/require"
)

var allShares = []int{1, 2, 4, 8, 16, 32}

func randPoly(r *rand.Rand) ntt.Poly {
	var p ntt.Poly
	for i := range p {
		p[i] = r.Uint64N(q)
	}
	return p
}

// share returns a random d-sharing of x.
func share(r *rand.Rand, x *ntt.Poly, d int) []ntt.Poly {
	s := make([]ntt.Poly, d)
	s[0] = *x
	for j := 1; j < d; j++ {
		s[j] = randPoly(r)
		ntt.Sub(&s[0], &s[0], &s[j])
	}
	return s
}

func TestZeroEncoding(t *testing.T) {
	g := NewGenerator()
	for _, d := range allShares {
		z := make([]ntt.Poly, d)
		for i := range z {
			z[i][0] = 12345 // overwritten
		}
		ZeroEncoding(z, g)
		var sum ntt.Poly
		Decode(&sum, z)
		require.Equal(t, ntt.Poly{}, sum, "d=%d", d)
		if d > 1 {
			for j := range z {
				require.NotEqual(t, ntt.Poly{}, z[j], "d=%d share %d is zero", d, j)
			}
		}
	}
}

func TestRefresh(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	g := NewGenerator()
	for _, d := range allShares {
		x := randPoly(r)
		s := share(r, &x, d)
		old := append([]ntt.Poly(nil), s...)
		Refresh(s, g)
		var got ntt.Poly
		require.Equal(t, x, *Decode(&got, s), "d=%d", d)
		if d > 1 {
			for j := range s {
				for c := range s[j] {
					require.NotEqual(t, old[j][c], s[j][c], "d=%d: share %d coefficient %d unchanged", d, j, c)
				}
			}
		}
		for j := range s {
			for _, c := range s[j] {
				require.Less(t, c, uint64(q))
			}
		}
	}
}

// recordingGenerator hands out values from countingGenerator and records
// every call's stream and values.
type recordingGenerator struct {
	countingGenerator
	streams []int
	vals    [][]uint64
}

func (g *recordingGenerator) Uniform(s int, dst []uint64) {
	g.countingGenerator.Uniform(s, dst)
	g.streams = append(g.streams, s)
	g.vals = append(g.vals, append([]uint64(nil), dst...))
}

// TestRefreshTwoShares checks Refresh at d = 2 against its definition:
// one draw r of n values from stream 0, share 0 + r and share 1 - r.
func TestRefreshTwoShares(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	x := []ntt.Poly{randPoly(r), randPoly(r)}
	x[0][0], x[1][0], x[0][1], x[1][1] = 0, 0, q-1, q-1 // edges
	want := append([]ntt.Poly(nil), x...)
	g := &recordingGenerator{}
	g.c = 7
	Refresh(x, g)
	require.Equal(t, []int{0}, g.streams)
	require.Len(t, g.vals[0], n)
	for i, v := range g.vals[0] {
		want[0][i] = (want[0][i] + v) % q
		want[1][i] = (want[1][i] + q - v) % q
	}
	require.Equal(t, want, x)
}

// TestGeneratorIndependence checks that outputs of the gadgets do not depend
// on the masking generator: two generators give the same decoded values.
func TestGeneratorIndependence(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	x := randPoly(r)
	sigma := make([]byte, 16)
	var results []ntt.Poly
	for _, g := range []Generator{NewGenerator(), NewGenerator(), &countingGenerator{}} {
		s := share(rand.New(rand.NewPCG(5, 6)), &x, 8)
		rbg := bytes.NewReader(bytes.Repeat([]byte{7}, 16*4*8))
		require.NoError(t, AddRepNoise(s, 3, 41, 4, rbg, g, sigma))
		var out ntt.Poly
		results = append(results, *Decode(&out, s))
	}
	require.Equal(t, results[0], results[1])
	require.Equal(t, results[0], results[2])
	require.Equal(t, make([]byte, 16), sigma, "sigma is cleared")
}

// countingGenerator is a deterministic (insecure) generator for tests.
type countingGenerator struct{ c uint64 }

func (g *countingGenerator) Err() error { return nil }

func (g *countingGenerator) Uniform(_ int, dst []uint64) {
	for i := range dst {
		g.c++
		dst[i] = (g.c * 0x9e3779b97f4a7c15) % q
	}
}

func TestAddRepNoiseDistribution(t *testing.T) {
	// With x = 0, the decoded value is SU(u, d·rep): check its range and
	// mean -d·rep/2 for u = 4.
	g := NewGenerator()
	r := rand.New(rand.NewPCG(7, 8))
	seeds := make([]byte, 16*2*4)
	for i := range seeds {
		seeds[i] = byte(r.Uint32())
	}
	s := make([]ntt.Poly, 4)
	require.NoError(t, AddRepNoise(s, 0, 4, 2, bytes.NewReader(seeds), g, make([]byte, 16)))
	var out ntt.Poly
	Decode(&out, s)
	sum := int64(0)
	for _, c := range out {
		v := int64(c)
		if c > q/2 {
			v = int64(c) - q
		}
		require.True(t, v >= -8*8 && v < 8*8, "value %d outside SU(4, 8)", v)
		sum += v
	}
	mean := float64(sum) / 512
	require.InDelta(t, -4.0, mean, 2.0, "mean of SU(4, 8) is -4 (standard error 0.58)")

	// A failing RBG is reported.
	err := AddRepNoise(s, 0, 4, 2, bytes.NewReader(nil), g, make([]byte, 16))
	require.Error(t, err)
}

func TestMaskCompressRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	g := NewGenerator()
	for _, d := range allShares {
		x := randPoly(r)
		sh := share(r, &x, d)
		s := make([]ntt.NTTPoly, d)
		for j := range sh {
			s[j] = ntt.NTTPoly(sh[j])
		}
		keys := make([]byte, (d-1)*16)
		for i := range keys {
			keys[i] = byte(r.Uint32())
		}
		var c ntt.NTTPoly
		MaskCompress(&c, s, 2, keys)
		s2 := make([]ntt.NTTPoly, d)
		MaskDecompress(s2, &c, 2, keys)
		var got ntt.NTTPoly
		Decode(&got, s2)
		require.Equal(t, ntt.NTTPoly(x), got, "d=%d", d)
		require.True(t, Equal(s, s2, g))
		// Another sharing of the same secret compresses to the same value.
		Refresh(s, g)
		var c2 ntt.NTTPoly
		MaskCompress(&c2, s, 2, keys)
		require.Equal(t, c, c2)
		// The polynomial index is part of the header.
		if d > 1 {
			var c3 ntt.NTTPoly
			MaskCompress(&c3, s, 3, keys)
			require.NotEqual(t, c, c3)
		}
		// A different secret is not Equal.
		s2[0][5] = ntt.ReduceCoeff(s2[0][5] + 1)
		require.False(t, Equal(s, s2, g))
	}
}

// TestMaskCompressVec checks that the Vec forms, which batch the SampleQ
// expansions of several polynomials, give the results of one call per
// polynomial, for every d and 1–5 polynomials (batches that straddle
// polynomials and partial last batches).
func TestMaskCompressVec(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, d := range allShares {
		keys := make([]byte, (d-1)*16)
		for i := range keys {
			keys[i] = byte(r.Uint32())
		}
		for m := 1; m <= 5; m++ {
			s := make([]ntt.NTTPoly, m*d)
			for i := range s {
				s[i] = ntt.NTTPoly(randPoly(r))
			}
			const first = 3
			x := make([]ntt.NTTPoly, m)
			MaskCompressVec(x, s, first, keys)
			for i := range m {
				var want ntt.NTTPoly
				MaskCompress(&want, s[i*d:(i+1)*d], first+i, keys)
				require.Equal(t, want, x[i], "d=%d m=%d i=%d", d, m, i)
			}
			got := make([]ntt.NTTPoly, m*d)
			MaskDecompressVec(got, x, first, keys)
			for i := range m {
				want := make([]ntt.NTTPoly, d)
				MaskDecompress(want, &x[i], first+i, keys)
				require.Equal(t, want, got[i*d:(i+1)*d], "d=%d m=%d i=%d", d, m, i)
				var a, b ntt.NTTPoly
				Decode(&a, got[i*d:(i+1)*d])
				Decode(&b, s[i*d:(i+1)*d])
				require.Equal(t, b, a, "round trip d=%d m=%d i=%d", d, m, i)
			}
		}
	}
	require.Panics(t, func() { MaskCompressVec(make([]ntt.NTTPoly, 2), make([]ntt.NTTPoly, 3), 0, nil) })
	require.Panics(t, func() { MaskDecompressVec(make([]ntt.NTTPoly, 3), make([]ntt.NTTPoly, 2), 0, nil) })
	require.Panics(t, func() { MaskDecompressVec(nil, nil, 0, nil) })
	require.Panics(t, func() { MaskCompressVec(make([]ntt.NTTPoly, 2), make([]ntt.NTTPoly, 6), 0, make([]byte, 16)) })
}

func TestValidShares(t *testing.T) {
	for d := -1; d <= 64; d++ {
		want := d == 1 || d == 2 || d == 4 || d == 8 || d == 16 || d == 32
		require.Equal(t, want, ValidShares(d), "d=%d", d)
	}
}

func TestGeneratorUniform(t *testing.T) {
	g := NewGenerator()
	buf := make([]uint64, 1<<16)
	g.Uniform(0, buf)
	// Every value is below q, and the top bit of the range is about as
	// frequent as expected for a uniform distribution (mean q/2).
	var sum float64
	for _, x := range buf {
		require.Less(t, x, uint64(q))
		sum += float64(x)
	}
	mean := sum / float64(len(buf)) / float64(q)
	require.InDelta(t, 0.5, mean, 0.01)
	// Two generators differ.
	buf2 := make([]uint64, 16)
	NewGenerator().Uniform(0, buf2)
	require.NotEqual(t, buf[:16], buf2)
}

func BenchmarkRefresh(b *testing.B) {
	g := NewGenerator()
	for _, d := range []int{2, 8, 32} {
		s := make([]ntt.Poly, d)
		b.Run("d="+itoa(d), func(b *testing.B) {
			for b.Loop() {
				Refresh(s, g)
			}
		})
	}
}

func itoa(d int) string {
	if d < 10 {
		return string(rune('0' + d))
	}
	return string(rune('0'+d/10)) + string(rune('0'+d%10))
}

// BenchmarkUniform measures the default generator on the 64-value requests
// that Refresh makes; SetBytes counts output values as 8 bytes each.
func BenchmarkUniform(b *testing.B) {
	for name, newGen := range generators() {
		b.Run(name, func(b *testing.B) {
			g := newGen()
			var dst [block]uint64
			b.SetBytes(8 * block)
			for b.Loop() {
				g.Uniform(0, dst[:])
			}
		})
	}
}
