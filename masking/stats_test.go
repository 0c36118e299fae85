package masking

// χ² tests that any d-1 shares of the gadgets' outputs are uniform and
// independent of the secret.
//
// Every test fixes the secret (every coefficient q-1) and starts, where the
// gadget has an input sharing, from the worst-case sharing (s, 0, …, 0). The
// 512 coefficients of a polynomial are independent samples: each gadget
// handles them with independent masks. For a subset S of the shares three
// statistics are uniform when the shares in S are independent and uniform,
// whatever the secret:
//
//   - joint: the joint histogram of up to jointCoords coordinates, each cut
//     into B equal bins (B^coords <= cells): the first members of S, the
//     last coordinate being the sum of the remaining members when S is
//     larger;
//   - bits: the joint histogram of the top bit (x >= q/2) of every member,
//     when 2^|S| <= cells;
//   - sum: the histogram of Σ_{i∈S} x_i in sumBins bins.
//
// For d <= 8 every nonempty proper subset is tested (254 at d = 8); for d =
// 16 and 32 the d subsets of d-1 shares and a sample of other subsets. The
// p-values come from the χ² survival function and must stay above a
// Bonferroni-adjusted threshold (chiAlpha over the number of tests of one
// gadget and d). The power check: the full d-tuple must fail the joint and
// the sum statistics, since its sum is the secret.
//
// The bins cut [0, q) at multiples of q/B; since B divides neither q nor
// q-1, bin probabilities differ from 1/B by less than B/q < 2^-35, far below
// what 2^20 samples can see.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/raccoon-go/raccoon/internal/params"
	"github.com/raccoon-go/raccoon/ntt"
	"github.com/stretchr/testify/require"
)

const (
	chiAlpha    = 1e-6 // family-wise false alarm rate of one gadget at one d
	chiPower    = 1e-12
	jointCoords = 4
	sumBins     = 64
)

// gammaQ returns the regularized upper incomplete gamma function
// Q(a, x) = Γ(a, x)/Γ(a), by its series for x < a+1 and its continued
// fraction (modified Lentz) otherwise (Numerical Recipes §6.2).
func gammaQ(a, x float64) float64 {
	switch {
	case math.IsNaN(a) || math.IsNaN(x) || a <= 0 || x < 0:
		return math.NaN()
	case x == 0:
		return 1
	case math.IsInf(x, 1):
		return 0
	}
	lg, _ := math.Lgamma(a)
	lpre := -x + a*math.Log(x) - lg
	if x < a+1 {
		// P(a, x) = e^-x x^a / Γ(a) · Σ_n x^n / (a (a+1) … (a+n)).
		term := 1 / a
		sum := term
		for k := 1; k < 1e7; k++ {
			term *= x / (a + float64(k))
			sum += term
			if term < sum*1e-17 {
				break
			}
		}
		return 1 - sum*math.Exp(lpre)
	}
	// Q(a, x) = e^-x x^a / Γ(a) · 1/(x+1-a- 1·(1-a)/(x+3-a- 2·(2-a)/(x+5-a- …))).
	const tiny = 1e-300
	b := x + 1 - a
	c := 1 / tiny
	d := 1 / b
	h := d
	for k := 1; k < 1e7; k++ {
		an := -float64(k) * (float64(k) - a)
		b += 2
		d = an*d + b
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = b + an/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < 1e-16 {
			break
		}
	}
	return math.Exp(lpre) * h
}

// chi2SF returns P[χ²_df >= x].
func chi2SF(x float64, df int) float64 { return gammaQ(float64(df)/2, x/2) }

func TestGammaQ(t *testing.T) {
	// Reference values from mpmath (30 digits).
	for _, tc := range []struct{ a, x, want float64 }{
		{0.5, 0.1, 0.65472084601857702044},
		{0.5, 2.0, 0.045500263896358414401},
		{1, 3.0, 0.049787068367863942979},
		{2.5, 1.0, 0.84914503608460963623},
		{5, 10.0, 0.029252688076961072673},
		{50.5, 60.0, 0.095540630070253420685},
		{255.5, 300.0, 0.0039352480381731548879},
		{511.5, 520.0, 0.3488263109211487634},
		{2047.5, 2200.0, 0.0004880544008849321925},
		{8191.5, 8000.0, 0.98336820034614009408},
		{8191.5, 8800.0, 2.5619853968326069354e-11},
		{100, 50.0, 0.99999999967999346754},
		{3.5, 0.01, 0.99999999146941953057},
	} {
		got := gammaQ(tc.a, tc.x)
		require.InEpsilon(t, tc.want, got, 1e-9, "Q(%v, %v)", tc.a, tc.x)
	}
	// χ² critical values: P[χ²_df >= x] = 0.05.
	for _, tc := range []struct {
		df int
		x  float64
	}{{1, 3.841458820694124}, {10, 18.307038053275146}, {100, 124.34211340400407}} {
		require.InEpsilon(t, 0.05, chi2SF(tc.x, tc.df), 1e-10, "df=%d", tc.df)
	}
	require.InEpsilon(t, 9.8706059561673696611e-5, chi2SF(1200, 1023), 1e-8)
	require.InEpsilon(t, 7.0292031355615119537e-6, chi2SF(4500, 4095), 1e-8)
	// Closed forms: Q(1, x) = e^-x, Q(1/2, x) = erfc(√x), and for integer
	// a, Q(a, x) = e^-x Σ_{k<a} x^k/k! (the Poisson tail).
	for _, x := range []float64{1e-3, 0.5, 1, 2, 7.5, 30, 200} {
		require.InEpsilon(t, math.Exp(-x), gammaQ(1, x), 1e-12, "x=%v", x)
		require.InEpsilon(t, math.Erfc(math.Sqrt(x)), gammaQ(0.5, x), 1e-10, "x=%v", x)
	}
	for _, a := range []int{2, 3, 10, 64, 511, 4096} {
		for _, f := range []float64{0.5, 0.9, 1, 1.1, 1.5} {
			x := f * float64(a)
			var sum float64
			for k := 0; k < a; k++ {
				lg, _ := math.Lgamma(float64(k + 1))
				sum += math.Exp(float64(k)*math.Log(x) - x - lg)
			}
			require.InDelta(t, sum, gammaQ(float64(a), x), 1e-9*math.Max(sum, 1e-300)+1e-300, "a=%d x=%v", a, x)
		}
	}
	require.Equal(t, 1.0, gammaQ(3, 0))
	require.Equal(t, 0.0, gammaQ(3, 1e6))
	require.True(t, math.IsNaN(gammaQ(-1, 1)))
}

// chiParams are the sample size and histogram size of one run.
type chiParams struct {
	samples int // per gadget and d
	cells   int // largest histogram
	subsets int // sampled subsets for d > 8, besides the d subsets of d-1 shares
}

func chiConfig() chiParams {
	switch {
	case *flagFull:
		return chiParams{samples: 1 << 20, cells: 1 << 14, subsets: 200}
	case testing.Short():
		return chiParams{samples: 1 << 13, cells: 1 << 8, subsets: 8}
	}
	return chiParams{samples: 1 << 14, cells: 1 << 9, subsets: 16}
}

// chiTest is the result of one statistic.
type chiTest struct {
	name   string
	stat   float64
	df     int
	p      float64
	subset []int
}

// bin returns the bin of x in [0, q) among b equal bins.
func bin(x uint64, b int) int { return int(x * uint64(b) / q) }

// chiSquare returns the χ² statistic of counts against the uniform
// distribution, and its degrees of freedom.
func chiSquare(counts []int, total int) (float64, int) {
	e := float64(total) / float64(len(counts))
	var s float64
	for _, c := range counts {
		dlt := float64(c) - e
		s += dlt * dlt / e
	}
	return s, len(counts) - 1
}

// subsetTests runs the statistics on the shares in subset. vals[i][k] is
// share i of sample k.
func subsetTests(vals [][]uint64, subset []int, cells int) []chiTest {
	nSamples := len(vals[0])
	var out []chiTest
	run := func(name string, ncells int, cell func(k int) int) {
		counts := make([]int, ncells)
		for k := 0; k < nSamples; k++ {
			counts[cell(k)]++
		}
		stat, df := chiSquare(counts, nSamples)
		out = append(out, chiTest{name: name, stat: stat, df: df, p: chi2SF(stat, df), subset: subset})
	}
	sumOf := func(members []int, k int) uint64 {
		var s uint64
		for _, i := range members {
			s = ntt.ReduceCoeff(s + vals[i][k])
		}
		return s
	}

	// joint: up to jointCoords coordinates.
	nc := min(len(subset), jointCoords)
	b := int(math.Floor(math.Pow(float64(cells), 1/float64(nc)) + 1e-9))
	b = min(b, 256)
	ncells := 1
	for range nc {
		ncells *= b
	}
	heads, rest := subset[:nc-1], subset[nc-1:]
	run(fmt.Sprintf("joint(%d coords, %d bins)", nc, b), ncells, func(k int) int {
		c := 0
		for _, i := range heads {
			c = c*b + bin(vals[i][k], b)
		}
		return c*b + bin(sumOf(rest, k), b)
	})
	// bits: the top bit of every member.
	if len(subset) > 1 && uint64(1)<<len(subset) <= uint64(cells) { // no int overflow on 32-bit targets
		run("bits", 1<<len(subset), func(k int) int {
			c := 0
			for _, i := range subset {
				c = c<<1 | bin(vals[i][k], 2)
			}
			return c
		})
	}
	// sum.
	if len(subset) > 1 {
		run("sum", sumBins, func(k int) int { return bin(sumOf(subset, k), sumBins) })
	}
	return out
}

// chiSubsets returns the subsets of d shares to test: every nonempty
// proper subset for d <= 8; else the d subsets of d-1 shares, every aligned
// block of 2^k consecutive shares (the butterfly works on such blocks) and
// extra random subsets.
func chiSubsets(d, extra int, rng *rand.Rand) [][]int {
	var out [][]int
	if d <= 8 {
		for m := uint(1); m < 1<<d-1; m++ {
			var s []int
			for i := 0; i < d; i++ {
				if m>>i&1 == 1 {
					s = append(s, i)
				}
			}
			out = append(out, s)
		}
		return out
	}
	for skip := 0; skip < d; skip++ {
		var s []int
		for i := 0; i < d; i++ {
			if i != skip {
				s = append(s, i)
			}
		}
		out = append(out, s)
	}
	for size := 1; size < d; size <<= 1 {
		for lo := 0; lo < d; lo += size {
			s := make([]int, 0, size)
			for i := lo; i < lo+size; i++ {
				s = append(s, i)
			}
			out = append(out, s)
		}
	}
	for range extra {
		k := 1 + rng.IntN(d-1)
		s := rng.Perm(d)[:k]
		sort.Ints(s)
		out = append(out, s)
	}
	return out
}

// A shareSource appends to vals[i] the values of share i of a batch of
// samples of a d-sharing of the fixed secret.
type shareSource func(vals [][]uint64)

// chiSecret is the fixed secret of every coefficient.
const chiSecret = q - 1

// worstCase returns the sharing (s, 0, …, 0) with every coefficient of s
// equal to chiSecret.
func worstCase[P ~[n]uint64](d int) []P {
	x := make([]P, d)
	for c := range x[0] {
		x[0][c] = chiSecret
	}
	return x
}

func appendShares[P ~[n]uint64](vals [][]uint64, x []P) {
	for i := range x {
		vals[i] = append(vals[i], x[i][:]...)
	}
}

// chiRBG returns a fast random bit generator for AddRepNoise seeds.
func chiRBG() *rand.ChaCha8 {
	var seed [32]byte
	for i := range seed {
		seed[i] = byte(rand.Uint32())
	}
	return rand.NewChaCha8(seed)
}

// The gadgets under test.
var chiSources = []struct {
	name string
	make func(d int) shareSource
}{
	{"Refresh", func(d int) shareSource {
		g := NewGenerator()
		return func(vals [][]uint64) {
			x := worstCase[ntt.Poly](d)
			Refresh(x, g)
			appendShares(vals, x)
		}
	}},
	{"ZeroEncoding+secret", func(d int) shareSource {
		g := NewGenerator()
		return func(vals [][]uint64) {
			z := make([]ntt.Poly, d)
			ZeroEncoding(z, g)
			for c := range z[0] {
				z[0][c] = ntt.ReduceCoeff(z[0][c] + chiSecret)
			}
			appendShares(vals, z)
		}
	}},
	{"AddRepNoise", func(d int) shareSource {
		g := NewGenerator()
		p := paramsFor(d)
		rbg := chiRBG()
		sigma := make([]byte, p.SecBytes())
		return func(vals [][]uint64) {
			x := worstCase[ntt.Poly](d)
			if err := AddRepNoise(x, 0, p.UT, p.Rep, rbg, g, sigma); err != nil {
				panic(err)
			}
			appendShares(vals, x)
		}
	}},
	{"MaskDecompress(MaskCompress)", func(d int) shareSource {
		rbg := chiRBG()
		keys := make([]byte, (d-1)*16)
		return func(vals [][]uint64) {
			s := worstCase[ntt.NTTPoly](d)
			rbg.Read(keys)
			var x ntt.NTTPoly
			MaskCompress(&x, s, 0, keys)
			MaskDecompress(s, &x, 0, keys)
			appendShares(vals, s)
		}
	}},
	{"stored key after re-masking", func(d int) shareSource {
		// The key flow of Sign: expand, refresh (line 12), refresh
		// before MaskCompress, re-compress under new keys.
		g := NewGenerator()
		rbg := chiRBG()
		keys := make([]byte, (d-1)*16)
		rbg.Read(keys)
		var x ntt.NTTPoly
		MaskCompress(&x, worstCase[ntt.NTTPoly](d), 0, keys)
		sh := make([]ntt.NTTPoly, d)
		return func(vals [][]uint64) {
			MaskDecompress(sh, &x, 0, keys)
			Refresh(sh, g)
			Refresh(sh, g)
			rbg.Read(keys)
			MaskCompress(&x, sh, 0, keys)
			MaskDecompress(sh, &x, 0, keys)
			appendShares(vals, sh)
		}
	}},
}

// paramsFor returns the Raccoon-128 parameter set with d shares.
func paramsFor(d int) *params.Set {
	for i := range params.Table {
		if p := &params.Table[i]; p.Kappa == 128 && p.D == d {
			return p
		}
	}
	panic("no parameter set")
}

// collect draws at least samples samples from src.
func collect(src shareSource, d, samples int) [][]uint64 {
	vals := make([][]uint64, d)
	for len(vals[0]) < samples {
		src(vals)
	}
	return vals
}

// chiFamily runs the tests on the samples of one gadget at one d and
// checks the Bonferroni-adjusted p-values and the power check.
func chiFamily(t *testing.T, name string, d int, vals [][]uint64, cfg chiParams, rng *rand.Rand) {
	t.Helper()
	var tests []chiTest
	for _, s := range chiSubsets(d, cfg.subsets, rng) {
		tests = append(tests, subsetTests(vals, s, cfg.cells)...)
	}
	threshold := chiAlpha / float64(len(tests))
	worst := tests[0]
	for _, tc := range tests {
		if tc.p < worst.p {
			worst = tc
		}
	}
	full := make([]int, d)
	for i := range full {
		full[i] = i
	}
	power := subsetTests(vals, full, cfg.cells)
	t.Logf("%s d=%d: %d samples, %d tests, min p = %.3g (%s of %v, χ² = %.1f, df = %d), threshold %.3g; power check: full %d-tuple p = %.3g / %.3g",
		name, d, len(vals[0]), len(tests), worst.p, worst.name, worst.subset, worst.stat, worst.df, threshold, d, power[0].p, power[len(power)-1].p)
	for _, tc := range tests {
		if tc.p < threshold {
			t.Errorf("%s d=%d: shares %v are not uniform: %s χ² = %.1f, df = %d, p = %.3g < %.3g", name, d, tc.subset, tc.name, tc.stat, tc.df, tc.p, threshold)
		}
	}
	for _, tc := range power {
		if tc.name == "bits" && d > 2 {
			continue // one bit of each share does not show the sum for d > 2
		}
		if tc.p > chiPower {
			t.Errorf("%s d=%d: power check: the full tuple passes %s (χ² = %.1f, df = %d, p = %.3g)", name, d, tc.name, tc.stat, tc.df, tc.p)
		}
	}
}

// TestShareUniformity runs the χ² tests on every gadget output for d = 2,
// 4, 8, 16 and 32.
func TestShareUniformity(t *testing.T) {
	cfg := chiConfig()
	rng := rand.New(rand.NewPCG(rand.Uint64(), 21))
	for _, src := range chiSources {
		t.Run(src.name, func(t *testing.T) {
			for _, d := range []int{2, 4, 8, 16, 32} {
				vals := collect(src.make(d), d, cfg.samples)
				chiFamily(t, src.name, d, vals, cfg, rng)
			}
		})
	}
}

// TestShareUniformityControls shows that the tests fail on sharings that
// are not uniform: the worst-case input itself, a Refresh without its last
// stride, and a Refresh whose generator restarts from a fixed state at each
// call.
func TestShareUniformityControls(t *testing.T) {
	cfg := chiConfig()
	rng := rand.New(rand.NewPCG(rand.Uint64(), 22))
	failures := func(d int, src shareSource) int {
		vals := collect(src, d, min(cfg.samples, 1<<13))
		var tests []chiTest
		for _, s := range chiSubsets(d, cfg.subsets, rng) {
			tests = append(tests, subsetTests(vals, s, cfg.cells)...)
		}
		bad := 0
		for _, tc := range tests {
			if tc.p < chiAlpha/float64(len(tests)) {
				bad++
			}
		}
		return bad
	}
	for _, d := range []int{2, 4, 8, 16} {
		require.NotZero(t, failures(d, func(vals [][]uint64) {
			appendShares(vals, worstCase[ntt.Poly](d))
		}), "d=%d: unrefreshed input", d)
		if d > 2 {
			// Without the last stride, the shares of each half sum to a
			// constant: d/2 shares give the secret.
			require.NotZero(t, failures(d, func(vals [][]uint64) {
				x := worstCase[ntt.Poly](d)
				g := NewGenerator()
				var r [n]uint64
				for h := 1; h < d/2; h <<= 1 {
					for base := 0; base < d; base += 2 * h {
						for k := base; k < base+h; k++ {
							g.Uniform(k, r[:])
							for c := range r {
								x[k][c] = ntt.ReduceCoeff(x[k][c] + r[c])
								x[k+h][c] = ntt.ReduceCoeff(x[k+h][c] + q - r[c])
							}
						}
					}
				}
				appendShares(vals, x)
			}), "d=%d: missing stride", d)
		}
		require.NotZero(t, failures(d, func(vals [][]uint64) {
			x := worstCase[ntt.Poly](d)
			Refresh(x, newFixedGenerator())
			appendShares(vals, x)
		}), "d=%d: restarting generator", d)
	}
}

// fixedGenerator is a deterministic generator: every stream is ChaCha8
// under a fixed key. A new one per operation models a generator that
// restarts from a fixed state.
type fixedGenerator struct{ s [Streams]*rand.Rand }

func newFixedGenerator() *fixedGenerator { return &fixedGenerator{} }

func (g *fixedGenerator) Uniform(s int, dst []uint64) {
	if g.s[s] == nil {
		g.s[s] = rand.New(rand.NewChaCha8([32]byte{byte(s), 'f', 'i', 'x'}))
	}
	for i := range dst {
		dst[i] = g.s[s].Uint64N(q)
	}
}

func (g *fixedGenerator) Err() error { return nil }

// TestChiSquareCalibration checks that the χ² p-values are calibrated: on
// uniform samples from crypto-quality randomness they are roughly uniform
// (no more small ones than expected), so the Bonferroni threshold means
// what it says.
func TestChiSquareCalibration(t *testing.T) {
	rng := rand.New(rand.NewChaCha8([32]byte{1}))
	const runs = 400
	small := 0
	for range runs {
		vals := make([][]uint64, 3)
		for i := range vals {
			vals[i] = make([]uint64, 1<<12)
			for k := range vals[i] {
				vals[i][k] = rng.Uint64N(q)
			}
		}
		for _, tc := range subsetTests(vals, []int{0, 1, 2}, 1<<9) {
			if tc.p < 0.01 {
				small++
			}
		}
	}
	// 3 statistics per run: about 12 of 1200 p-values below 0.01.
	require.Less(t, small, 30)
	require.Greater(t, small, 2)
}

// CheckShareUniformity runs the χ² tests and the power check on samples of
// a d-sharing of the secret ChiSecret (vals[i][k] is share i of sample k).
// It is exported for the external test of the shares Sign stores
// (stats_sign_test.go), which cannot be in package masking.
func CheckShareUniformity(t *testing.T, name string, d int, vals [][]uint64) {
	t.Helper()
	chiFamily(t, name, d, vals, chiConfig(), rand.New(rand.NewPCG(rand.Uint64(), 23)))
}

// ChiSamples is the number of samples the χ² tests want.
func ChiSamples() int { return chiConfig().samples }

// ChiSecret is the secret of every coefficient in the χ² tests.
const ChiSecret = chiSecret
