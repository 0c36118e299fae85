package leaktest

import (
	"math"
	"math/bits"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestThreshold(t *testing.T) {
	require.Equal(t, 4.5, Threshold(1))
	// Reference values from mpmath: √2·erfinv(1 - erfc(4.5/√2)/P).
	for _, tc := range []struct {
		points int
		want   float64
	}{
		{2, 4.64518775101}, {10, 4.96712307996}, {100, 5.39649986606},
		{1000, 5.79590564671}, {10000, 6.17078106432}, {1000000, 6.86189403971},
	} {
		require.InDelta(t, tc.want, Threshold(tc.points), 1e-7, "points=%d", tc.points)
	}
	// The overall false-alarm probability stays that of 4.5 at one point.
	alpha := math.Erfc(4.5 / math.Sqrt2)
	for _, p := range []int{3, 77, 5000} {
		require.InEpsilon(t, alpha, float64(p)*math.Erfc(Threshold(p)/math.Sqrt2), 1e-6)
	}
}

// TestWelch checks the accumulator against the two-pass formula, that it
// stays under the threshold on identical distributions and detects a small
// shift of one point's mean.
func TestWelch(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const points, traces = 50, 40000
	w := NewWelch(points)
	data := [2][][]float64{}
	for range traces {
		c := rng.IntN(2)
		tr := make([]float64, points)
		for i := range tr {
			tr[i] = 10 + 2*rng.NormFloat64()
		}
		tr[7] += 0.2 * float64(c) // a small leak at point 7
		tr[9] += 3 * float64(c)   // and a large one at point 9 with more noise
		tr[9] += 5 * rng.NormFloat64() * float64(c)
		w.Add(c, tr)
		data[c] = append(data[c], tr)
	}
	got := w.T()
	for i := range points {
		var m, v [2]float64
		for c := range 2 {
			for _, tr := range data[c] {
				m[c] += tr[i]
			}
			m[c] /= float64(len(data[c]))
			for _, tr := range data[c] {
				v[c] += (tr[i] - m[c]) * (tr[i] - m[c])
			}
			v[c] /= float64(len(data[c]) - 1)
		}
		want := (m[0] - m[1]) / math.Sqrt(v[0]/float64(len(data[0]))+v[1]/float64(len(data[1])))
		require.InDelta(t, want, got[i], 1e-6*math.Max(1, math.Abs(want)), "point %d", i)
		if i != 7 && i != 9 {
			require.Less(t, math.Abs(got[i]), Threshold(points), "point %d", i)
		}
	}
	require.Greater(t, math.Abs(got[7]), Threshold(points), "a shift of 0.1σ over 40000 traces")
	require.Greater(t, math.Abs(got[9]), Threshold(points))

	// Zero variance.
	z := NewWelch(2)
	for c := range 2 {
		for range 3 {
			z.Add(c, []float64{1, float64(c)})
		}
	}
	tz := z.T()
	require.Equal(t, 0.0, tz[0])
	require.True(t, math.IsInf(tz[1], -1))
}

func TestRecorder(t *testing.T) {
	r := NewRecorder(0, []int{511, 0, 70})
	full := make([]uint64, 512)
	full[0], full[511] = 3, 1<<40-1
	block := make([]uint64, 64)
	block[6] = 0xff

	r.Begin()
	r.Observe("a", 0, 0, full)
	r.Observe("b", 1, 0, block)  // coefficient 0
	r.Observe("b", 1, 64, block) // coefficient 70
	r.Observe("b", 1, 128, block)
	tr, err := r.End()
	require.NoError(t, err)
	require.Equal(t, []float64{2, 0, 40, 0, 8}, tr)
	require.Equal(t, []Point{
		{"a", 0, 0, 0}, {"a", 0, 0, 70}, {"a", 0, 0, 511}, {"b", 1, 0, 0}, {"b", 1, 1, 70},
	}, r.Points())

	// A second trace with one more report at the end: dropped.
	r.Begin()
	r.Observe("a", 0, 0, full)
	r.Observe("b", 1, 0, block)
	r.Observe("b", 1, 64, block)
	r.Observe("a", 0, 0, full)
	_, err = r.End()
	require.NoError(t, err)
	require.Equal(t, 3, r.Dropped())

	// Excluded reports are not points.
	r.Exclude = func(label string, _ int) bool { return label == "x" }
	r.Begin()
	r.Observe("x", 0, 0, full)
	r.Observe("a", 0, 0, full)
	r.Observe("b", 1, 0, block)
	r.Observe("b", 1, 64, block)
	_, err = r.End()
	require.NoError(t, err)

	// A different report order is an error.
	r.Begin()
	r.Observe("b", 1, 0, block)
	_, err = r.End()
	require.Error(t, err)

	// So is a shorter trace.
	r2 := NewRecorder(0, []int{0})
	r2.Begin()
	r2.Observe("a", 0, 0, full)
	r2.Observe("a", 0, 0, full)
	_, err = r2.End()
	require.NoError(t, err)
	r2.Begin()
	r2.Observe("a", 0, 0, full)
	_, err = r2.End()
	require.Error(t, err)
}

func TestGenerators(t *testing.T) {
	var g RestartingGenerator
	a, b := make([]uint64, 100), make([]uint64, 100)
	g.Uniform(3, a)
	g.Uniform(3, b)
	require.NotEqual(t, a, b)
	Restart(&g)
	g.Uniform(3, b)
	require.Equal(t, a, b, "restarted stream repeats")
	g.Uniform(4, b)
	require.NotEqual(t, a, b, "streams differ")
	StuckGenerator{}.Uniform(0, a)
	require.Equal(t, make([]uint64, 100), a)
}

func TestLaneRecorder(t *testing.T) {
	r := NewLaneRecorder(0)
	full := make([]uint64, Lanes)
	for i := range full {
		full[i] = uint64(i)
	}
	run := func(blocks int) ([][]float64, error) {
		r.Begin()
		r.Observe("x", 0, 0, full)
		for b := 0; b < blocks; b++ {
			r.Observe("b", 1, 64*b, full[64*b:64*b+64])
		}
		r.Observe("x", 0, 0, full)
		return r.End()
	}
	vals, err := run(8)
	require.NoError(t, err)
	require.Len(t, vals, 3)
	require.Equal(t, []Point{{"x", 0, 0, -1}, {"b", 1, 0, -1}, {"x", 0, 1, -1}}, r.points)
	for j := range Lanes {
		require.Equal(t, float64(bits.OnesCount64(uint64(j))), vals[1][j])
	}
	_, err = run(8)
	require.NoError(t, err)
	// A point that does not cover every lane is an error.
	_, err = run(7)
	require.Error(t, err)
}
