package gauss

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// bigExpNeg returns exp(-x) for x ≥ 0 to about 300 bits: exp(-x/2^12) by its
// Taylor series, squared 12 times.
func bigExpNeg(x *big.Float) *big.Float {
	y := new(big.Float).SetPrec(bigPrec).SetMantExp(x, -12)
	sum := new(big.Float).SetPrec(bigPrec).SetInt64(1)
	term := new(big.Float).SetPrec(bigPrec).SetInt64(1)
	for k := 1; k < 60; k++ {
		term.Mul(term, y)
		term.Quo(term, new(big.Float).SetPrec(bigPrec).SetInt64(int64(k)))
		term.Neg(term)
		sum.Add(sum, term)
	}
	for i := 0; i < 12; i++ {
		sum.Mul(sum, sum)
	}
	return sum
}

// TestConstants recomputes the sampler's constants by other formulas.
func TestConstants(t *testing.T) {
	// ln 2 = 2·atanh(1/3) = 2·Σ 3^-(2k+1)/(2k+1).
	ln2 := new(big.Float).SetPrec(bigPrec)
	third := new(big.Float).SetPrec(bigPrec).Quo(big.NewFloat(1), big.NewFloat(3))
	ninth := new(big.Float).SetPrec(bigPrec).Mul(third, third)
	p := new(big.Float).SetPrec(bigPrec).Set(third)
	for k := 0; k < 200; k++ {
		term := new(big.Float).SetPrec(bigPrec).Quo(p, big.NewFloat(float64(2*k+1)))
		ln2.Add(ln2, term)
		p.Mul(p, ninth)
	}
	ln2.Mul(ln2, big.NewFloat(2))
	l := new(big.Float).SetPrec(bigPrec).SetMantExp(ln2, 128)
	li, _ := l.Int(nil)
	hi, lo := split128(li)
	require.Equal(t, hi, ln2Hi)
	require.Equal(t, lo, ln2Lo)
	require.Equal(t, uint64(0xb17217f7d1cf79ab), ln2Hi, "ln 2 = 0.b17217f7d1cf79ab… (hex)")
	require.InDelta(t, math.Ln2, float64(ln2Hi)/(1<<64), 1e-15)
	require.InDelta(t, 1/math.Ln2, float64(invLn2)/(1<<63), 1e-15)
	// invFact[i]·i! is within i!/2 of 2^63.
	fact := big.NewInt(1)
	two63 := new(big.Int).Lsh(big.NewInt(1), 63)
	for i := 0; i <= expDegree; i++ {
		if i > 0 {
			fact.Mul(fact, big.NewInt(int64(i)))
		}
		d := new(big.Int).Mul(new(big.Int).SetUint64(invFact[i]), fact)
		d.Sub(d, two63).Abs(d).Lsh(d, 1)
		require.True(t, d.Cmp(fact) <= 0, "invFact[%d]", i)
	}
	require.Equal(t, uint64(1)<<63, invFact[0])
	require.Equal(t, uint64(1)<<63, invFact[1])
	require.Equal(t, uint64(1)<<62, invFact[2])
	require.Equal(t, uint64(0x1555555555555555), invFact[3]) // 2^63/6 rounded

	// The table: increasing 96-bit entries whose successive differences
	// follow the ratio exp(-(2m-1)/(2·s0²)) of the base distribution.
	require.Len(t, cdt, 45)
	toFloat := func(e [2]uint64) *big.Float {
		require.Less(t, e[1], uint64(1)<<32)
		x := new(big.Int).Lsh(new(big.Int).SetUint64(e[0]), 32)
		x.Or(x, new(big.Int).SetUint64(e[1]))
		return new(big.Float).SetPrec(bigPrec).SetInt(x)
	}
	for i := 1; i < len(cdt); i++ {
		require.Equal(t, 1, toFloat(cdt[i]).Cmp(toFloat(cdt[i-1])), "cdt not increasing at %d", i)
	}
	// B(0) = 1/Σρ with Σ_{m≥0} exp(-m²/32) = 5.51325654926200100483… (mpmath).
	b0, _ := new(big.Float).Quo(toFloat(cdt[0]), pow2(96)).Float64()
	require.InDelta(t, 1/5.513256549262001, b0, 1e-15)
	for m := 2; m < 30; m++ {
		d1 := new(big.Float).Sub(toFloat(cdt[m]), toFloat(cdt[m-1]))
		d0 := new(big.Float).Sub(toFloat(cdt[m-1]), toFloat(cdt[m-2]))
		ratio, _ := new(big.Float).Quo(d1, d0).Float64()
		require.InEpsilon(t, math.Exp(-float64(2*m-1)/32), ratio, 1e-12, "m=%d", m)
	}
	// The last entry leaves less than 2^-92 of mass beyond the table.
	last := toFloat(cdt[len(cdt)-1])
	gap := new(big.Float).Sub(pow2(96), last)
	g, _ := gap.Float64()
	require.Less(t, g, math.Ldexp(1, 4))
}

// TestShiftRight compares the shift ladder with the shift operator.
func TestShiftRight(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for s := uint64(0); s < 128; s++ {
		for i := 0; i < 100; i++ {
			x := r.Uint64()
			want := uint64(0)
			if s < 64 {
				want = x >> s
			}
			require.Equal(t, want, shiftRight(x, s), "s=%d", s)
		}
	}
}

// TestExpPrecision measures the relative error of expNeg against math/big
// over random arguments and edge cases, and requires it to stay below
// 2^-59.
func TestExpPrecision(t *testing.T) {
	count := 50000
	if testing.Short() {
		count = 5000
	}
	r := rand.New(rand.NewPCG(3, 4))
	args := [][2]uint64{{0, 0}, {0, 1}, {0, ln2Hi}, {0, ln2Hi - 1}, {0, ln2Hi + 1}, {1, 0}, {1, 2 * ln2Hi}, {3, ^uint64(0)}, {62, ^uint64(0)}, {63, 0}, {100, 5}}
	for i := 0; i < count; i++ {
		// Mostly the range the sampler uses (E < 4), some up to 40.
		var eh uint64
		if i%8 == 0 {
			eh = r.Uint64N(40)
		} else {
			eh = r.Uint64N(4)
		}
		args = append(args, [2]uint64{eh, r.Uint64()})
	}
	// Arguments right next to multiples of ln 2, where s may be off by one
	// before the correction step.
	for s := uint64(1); s < 50; s++ {
		ph, pl := bits.Mul64(s, ln2Hi)
		c, _ := bits.Mul64(s, ln2Lo)
		pl, cy := bits.Add64(pl, c, 0)
		ph += cy
		for d := uint64(0); d < 4; d++ {
			l, b := bits.Sub64(pl, d, 0)
			args = append(args, [2]uint64{ph - b, l}, [2]uint64{ph, pl + d})
		}
	}
	worst := 0.0
	for _, a := range args {
		y, s := expNeg(a[0], a[1])
		require.True(t, y >= 1<<62 && y <= 1<<63, "y=%#x out of [2^62, 2^63]", y)
		e := new(big.Float).SetPrec(bigPrec).SetUint64(a[1])
		e.Quo(e, pow2(64))
		e.Add(e, new(big.Float).SetPrec(bigPrec).SetUint64(a[0]))
		if a[0] > 62 {
			e.SetInt64(63)
		}
		want := bigExpNeg(e)
		got := new(big.Float).SetPrec(bigPrec).SetUint64(y)
		got.SetMantExp(got, -63-int(s))
		d, _ := new(big.Float).Quo(new(big.Float).Sub(got, want), want).Float64()
		worst = max(worst, math.Abs(d))
	}
	t.Logf("max relative error of expNeg: 2^%.2f over %d arguments", math.Log2(worst), len(args))
	require.Less(t, worst, math.Ldexp(1, -60))
}

// TestExponent compares the fixed-point exponent with exact rational
// arithmetic.
func TestExponent(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, c := range [][2]int{{20, 1}, {42, 1}, {42, 3}, {42, 1024}, {37, 1}, {6, 1}, {7, 3}, {43, 4096}} {
		s, err := New(c[0], c[1])
		require.NoError(t, err)
		for i := 0; i < 2000; i++ {
			m := r.Uint64N(uint64(len(cdt) + 1))
			u := r.Uint64N(s.k)
			x := s.k*m + u
			eh, el := s.exponent(x, m)
			// E·2^64 = x²·t·2^64/2^(2lg+1) - m²·2^64/32, floored.
			num := new(big.Int).SetUint64(x)
			num.Mul(num, num)
			num.Mul(num, big.NewInt(int64(c[1])))
			num.Lsh(num, 64)
			num.Rsh(num, uint(2*c[0]+1))
			m2 := new(big.Int).SetUint64(m * m)
			m2.Lsh(m2, 64-5)
			num.Sub(num, m2)
			require.GreaterOrEqual(t, num.Sign(), 0)
			gh, gl := split128(num)
			require.Equal(t, [2]uint64{gh, gl}, [2]uint64{eh, el}, "lg=%d t=%d x=%d m=%d", c[0], c[1], x, m)
		}
	}
}

func TestNewErrors(t *testing.T) {
	for _, c := range [][2]int{{20, 0}, {44, 1}, {-1, 1}, {1, 1}, {5, 1}, {6, 2}, {20, MaxT + 1}} {
		_, err := New(c[0], c[1])
		require.Error(t, err, "lg=%d t=%d", c[0], c[1])
	}
	s, err := New(6, 1) // σ = 64, the smallest supported
	require.NoError(t, err)
	require.Equal(t, uint64(16), s.k)
	s, err = New(42, 3)
	require.NoError(t, err)
	// k = ⌈2^42/(4·√3)⌉
	require.Equal(t, uint64(math.Ceil(math.Ldexp(1, 40)/math.Sqrt(3))), s.k)
}

// pmf returns the probabilities of D_{Z,σ} on [-lim, lim] (float64).
func pmf(sigma float64, lim int) []float64 {
	p := make([]float64, 2*lim+1)
	sum := 0.0
	for z := -lim; z <= lim; z++ {
		p[z+lim] = math.Exp(-float64(z*z) / (2 * sigma * sigma))
		sum += p[z+lim]
	}
	for i := range p {
		p[i] /= sum
	}
	return p
}

// chiSquare returns the χ² statistic and degrees of freedom of the counts
// against the probabilities, merging the tails so that every cell expects at
// least 20 samples.
func chiSquare(counts []int, p []float64, total int) (float64, int) {
	var chi float64
	df := -1
	var o, e float64
	for i := range p {
		o += float64(counts[i])
		e += p[i] * float64(total)
		if e >= 20 || i == len(p)-1 {
			chi += (o - e) * (o - e) / e
			df++
			o, e = 0, 0
		}
	}
	return chi, df
}

// chiCritical approximates the 1 - 10^-6 quantile of χ²(df)
// (Wilson–Hilferty).
func chiCritical(df int) float64 {
	const z = 4.753 // standard normal quantile of 1 - 10^-6
	k := float64(df)
	a := 1 - 2/(9*k) + z*math.Sqrt(2/(9*k))
	return k * a * a * a
}

func histogram(s *Sampler, lim, count int, seed byte) []int {
	st := NewStream([]byte{seed})
	counts := make([]int, 2*lim+1)
	for i := 0; i < count; i++ {
		z := s.Sample(st)
		if z < int64(-lim) || z > int64(lim) {
			panic("sample out of range")
		}
		counts[z+int64(lim)]++
	}
	return counts
}

// TestHistogramSmall compares histograms of the smallest samplers (σ from 64
// to 115) with the exact
// probabilities of D_{Z,σ} by a χ² test at significance 10^-6, and checks
// that the same test rejects a slightly wrong σ (so that it can fail).
func TestHistogramSmall(t *testing.T) {
	count := 1 << 20
	if testing.Short() {
		count = 1 << 18
	}
	for _, c := range [][2]int{{6, 1}, {7, 3}, {7, 2}, {8, 5}} {
		t.Run(fmt.Sprintf("lg=%d,t=%d", c[0], c[1]), func(t *testing.T) {
			s, err := New(c[0], c[1])
			require.NoError(t, err)
			sigma := math.Ldexp(1, c[0]) / math.Sqrt(float64(c[1]))
			lim := int(14*sigma) + 2
			counts := histogram(s, lim, count, byte(c[0]*16+c[1]))
			chi, df := chiSquare(counts, pmf(sigma, lim), count)
			t.Logf("σ=%.3f χ²=%.1f df=%d critical=%.1f", sigma, chi, df, chiCritical(df))
			require.Less(t, chi, chiCritical(df))
			// Power check: σ off by 3% (5% with -short) is rejected.
			off := 1.03
			if testing.Short() {
				off = 1.05
			}
			chi, df = chiSquare(counts, pmf(sigma*off, lim), count)
			require.Greater(t, chi, chiCritical(df), "χ² test cannot tell σ from %.2fσ", off)
			// And a sampler counting zero twice (no rejection of -0) is
			// rejected.
			p := pmf(sigma, lim)
			p[lim] *= 2
			sum := 0.0
			for _, x := range p {
				sum += x
			}
			for i := range p {
				p[i] /= sum
			}
			chi, df = chiSquare(counts, p, count)
			require.Greater(t, chi, chiCritical(df), "χ² test cannot see a doubled zero")
		})
	}
}

// TestMomentsLarge checks mean, variance and kurtosis of the samplers used
// by Threshold Raccoon, and a χ² test of z/σ in 40 cells against the normal
// distribution (for σ ≥ 2^20 the discretization is far below the cell width).
func TestMomentsLarge(t *testing.T) {
	count := 1 << 19
	if testing.Short() {
		count = 1 << 17
	}
	for _, c := range [][2]int{{20, 1}, {42, 1}, {42, 2}, {42, 5}, {42, 1024}} {
		t.Run(fmt.Sprintf("lg=%d,t=%d", c[0], c[1]), func(t *testing.T) {
			s, err := New(c[0], c[1])
			require.NoError(t, err)
			sigma := math.Ldexp(1, c[0]) / math.Sqrt(float64(c[1]))
			st := NewStream([]byte("moments"), []byte{byte(c[0]), byte(c[1])})
			var f [n]uint64
			var m1, m2, m4 float64
			const cells = 40
			var hist [cells + 2]int
			done := 0
			for done < count {
				s.Poly(&f, st)
				for _, v := range f {
					require.Less(t, v, uint64(q))
					z := float64(int64(v))
					if v > q/2 {
						z = -float64(q - v)
					}
					y := z / sigma
					m1 += y
					m2 += y * y
					m4 += y * y * y * y
					cell := int(math.Floor((y+4)*cells/8)) + 1
					cell = min(max(cell, 0), cells+1)
					hist[cell]++
				}
				done += n
			}
			N := float64(done)
			m1 /= N
			m2 /= N
			m4 /= N
			t.Logf("mean=%.5fσ var=%.5fσ² kurtosis=%.4f", m1, m2, m4/(m2*m2))
			require.InDelta(t, 0, m1, 5/math.Sqrt(N))
			require.InDelta(t, 1, m2, 5*math.Sqrt(2/N))
			require.InDelta(t, 3, m4/(m2*m2), 5*math.Sqrt(96/N))
			// χ² on cells of width σ/5 within ±4σ, plus the two tails.
			p := make([]float64, cells+2)
			cdf := func(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }
			p[0] = cdf(-4)
			for i := 1; i <= cells; i++ {
				p[i] = cdf(-4+float64(i)*8/cells) - cdf(-4+float64(i-1)*8/cells)
			}
			p[cells+1] = 1 - cdf(4)
			chi, df := chiSquare(hist[:], p, done)
			t.Logf("χ²=%.1f df=%d critical=%.1f", chi, df, chiCritical(df))
			require.Less(t, chi, chiCritical(df))
		})
	}
}

// TestDeterministic checks that a stream seed determines the samples, and
// that Poly and Sample agree.
func TestDeterministic(t *testing.T) {
	s, err := New(42, 7)
	require.NoError(t, err)
	var a, b [n]uint64
	s.Poly(&a, NewStream([]byte("seed"), []byte("1")))
	st := NewStream([]byte("seed1"))
	s.Poly(&b, st)
	require.Equal(t, a, b)
	st.Reset([]byte("seed1"))
	for i := range a {
		z := s.Sample(st)
		want := uint64(z)
		if z < 0 {
			want = q - uint64(-z)
		}
		require.Equal(t, a[i], want)
	}
	s.Poly(&b, NewStream([]byte("seed2")))
	require.NotEqual(t, a, b)
}

// TestAcceptanceRate measures the fraction of accepted candidates, which
// fixes the cost of sampling: about 0.91 for s0 = 4.
func TestAcceptanceRate(t *testing.T) {
	s, err := New(42, 3)
	require.NoError(t, err)
	st := NewStream([]byte("rate"))
	const count = 1 << 15
	for i := 0; i < count; i++ {
		s.sample(st)
	}
	// Each candidate reads 4 words.
	rate := float64(count) / float64(st.used/4)
	t.Logf("acceptance rate %.4f", rate)
	require.InDelta(t, 1/(1+1/(2*4*math.Sqrt(math.Pi/2))), rate, 0.01)
}

func BenchmarkPoly(b *testing.B) {
	for _, c := range [][2]int{{20, 1}, {42, 1}, {42, 1024}} {
		b.Run(fmt.Sprintf("lg=%d,t=%d", c[0], c[1]), func(b *testing.B) {
			s, _ := New(c[0], c[1])
			st := NewStream([]byte("bench"))
			var f [n]uint64
			for b.Loop() {
				s.Poly(&f, st)
			}
		})
	}
}

// BenchmarkPolyLanes samples four polynomials on four lanes per
// operation, as threshold signing does (σ_w for two signers).
func BenchmarkPolyLanes(b *testing.B) {
	s, _ := New(42, 2)
	var f [4][n]uint64
	fs := []*[n]uint64{&f[0], &f[1], &f[2], &f[3]}
	seed := func(j int) [][]byte { return [][]byte{[]byte("bench"), {byte(j)}} }
	for b.Loop() {
		l := NewLanes(seed(0), seed(1), seed(2), seed(3))
		s.PolyLanes(fs, []*Stream{l.Lane(0), l.Lane(1), l.Lane(2), l.Lane(3)})
		l.Close()
	}
}

func TestWordsLittleEndian(t *testing.T) {
	st := NewStream([]byte("le"))
	var w [3]uint64
	st.words(w[:])
	st2 := NewStream([]byte("le"))
	var buf [24]byte
	st2.h.Read(buf[:])
	for i := range w {
		require.Equal(t, binary.LittleEndian.Uint64(buf[8*i:]), w[i])
	}
}

// TestLanes checks that every lane of a Lanes gives the output of NewStream
// on its seed, for one to four lanes read in random interleavings and
// amounts (whole polynomials in lane order, as sampleNoise reads them, and
// small random reads).
func TestLanes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	s, err := New(42, 3)
	require.NoError(t, err)
	for lanes := 1; lanes <= 4; lanes++ {
		seeds := make([][][]byte, lanes)
		for j := range seeds {
			seeds[j] = [][]byte{[]byte("hdr"), {byte(j), byte(lanes)}, make([]byte, 32)}
			seeds[j][2][0] = byte(7 * j)
		}
		// Whole polynomials, lane after lane.
		l := NewLanes(seeds...)
		for j := range lanes {
			var got, want [n]uint64
			s.Poly(&got, l.Lane(j))
			s.Poly(&want, NewStream(seeds[j]...))
			require.Equal(t, want, got, "%d lanes, lane %d", lanes, j)
		}
		l.Close()
		// Coefficient by coefficient across the lanes (PolyLanes).
		l = NewLanes(seeds...)
		fs := make([]*[n]uint64, lanes)
		sts := make([]*Stream, lanes)
		for j := range fs {
			fs[j] = new([n]uint64)
			sts[j] = l.Lane(j)
		}
		s.PolyLanes(fs, sts)
		for j := range lanes {
			var want [n]uint64
			s.Poly(&want, NewStream(seeds[j]...))
			require.Equal(t, want, *fs[j], "PolyLanes, %d lanes, lane %d", lanes, j)
			require.Less(t, len(l.pend[j]), 4*len(l.blk[j]), "output pending in lane %d", j)
		}
		l.Close()
		// Random reads in random order.
		l = NewLanes(seeds...)
		ref := make([]*Stream, lanes)
		for j := range ref {
			ref[j] = NewStream(seeds[j]...)
		}
		for range 2000 {
			j := rng.IntN(lanes)
			k := 1 + rng.IntN(300)
			got, want := make([]uint64, k), make([]uint64, k)
			l.Lane(j).words(got)
			ref[j].words(want)
			require.Equal(t, want, got, "%d lanes, lane %d", lanes, j)
		}
		l.Close()
	}
	// Close wipes what a lane held, also after its buffer grew (the lanes
	// read one whole polynomial after the other drift far apart).
	l := NewLanes([][]byte{[]byte("a")}, [][]byte{[]byte("b")})
	var f [n]uint64
	s.Poly(&f, l.Lane(0))
	require.Greater(t, cap(l.pend[1]), len(l.room[1]), "lane 1's buffer did not grow")
	grown := l.pend[1][:cap(l.pend[1])]
	l.Close()
	require.Equal(t, make([]byte, len(grown)), grown, "grown buffer not cleared")
	require.Equal(t, [4 * 136 * 8]byte{}, l.room[1], "initial buffer not cleared")

	require.Panics(t, func() { NewLanes([][]byte{make([]byte, 136)}) })
	require.Panics(t, func() { NewLanes() })
}

// TestCDTScan compares cdtScan with a direct count on values at, just
// below and just above every entry (in either limb), and on random values.
func TestCDTScan(t *testing.T) {
	count := func(hi, lo uint64) uint64 {
		var m uint64
		for _, e := range cdt {
			if hi > e[0] || hi == e[0] && lo >= e[1] {
				m++
			}
		}
		return m
	}
	check := func(hi, lo uint64) {
		if got, want := cdtScan(hi, lo), count(hi, lo); got != want {
			t.Fatalf("cdtScan(%#x, %#x) = %d, want %d", hi, lo, got, want)
		}
	}
	for _, e := range cdt {
		check(e[0], e[1])
		check(e[0], e[1]-1)
		check(e[0], e[1]+1)
		check(e[0]-1, e[1])
		check(e[0]+1, e[1])
		check(e[0], 0)
		check(e[0], 1<<32-1)
	}
	check(0, 0)
	check(^uint64(0), 1<<32-1)
	r := rand.New(rand.NewPCG(7, 8))
	for range 100000 {
		check(r.Uint64()>>r.UintN(64), r.Uint64()>>32)
	}
}
