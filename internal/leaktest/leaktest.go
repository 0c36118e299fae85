// Package leaktest is a simulated-leakage harness for fixed-versus-random
// leakage assessment (TVLA, in the style of ISO 17825) of the masked code.
//
// Built with the raccoonleak tag, the masking gadgets and the signing code
// report their masked intermediate values to internal/leak; a Recorder
// installed there turns every selected coefficient of every report into one
// point of a simulated trace: its Hamming weight plus Gaussian noise. Run
// collects traces of two classes, chosen at random per trace (class 0: a
// fixed secret; class 1: a fresh random secret; everything else fresh), and
// computes Welch's t statistic at every point. A point whose |t| exceeds
// Threshold(points) shows first-order leakage.
//
// In lane mode (RunLanes), every coefficient of one run of the gadgets is a
// separate trace with its own class: 512 traces per run, for experiments
// that set each coefficient's secret themselves.
//
// Only tests use this package. Without the raccoonleak tag nothing is
// reported and Run fails.
package leaktest

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/raccoon-go/raccoon/internal/leak"
)

// Flags shared by the leakage tests of every package.
var (
	Full  = flag.Bool("leak.full", false, "run the full leakage assessment: 10^6 traces on the one-coefficient model, 10^5 on full-size operations")
	Sigma = flag.Float64("leak.sigma", 2, "standard deviation of the Gaussian noise added to each simulated Hamming weight")
	// FailTraces, if positive, is the number of traces of the full run for
	// the configurations that must leak (they leak with |t| far above the
	// threshold after a few thousand traces; |t| only grows as √traces).
	FailTraces = flag.Int("leak.failtraces", 0, "with -leak.full, traces per experiment for the configurations that must leak (0: as many as for the others)")
)

// OnePointT is the classic TVLA threshold for a single point.
const OnePointT = 4.5

// Threshold returns the |t| threshold for a test over the given number of
// points, Bonferroni-corrected so that the overall false-alarm probability
// is that of |t| > 4.5 at one point: α = P[|Z| > 4.5] = erfc(4.5/√2) ≈
// 6.8·10^-6 for a standard normal Z (Welch's t is close to normal with many
// traces), spread as α/points over the points, so the threshold T solves
// erfc(T/√2) = α/points: T = √2·erfc⁻¹(α/points).
func Threshold(points int) float64 {
	if points <= 1 {
		return OnePointT
	}
	alpha := math.Erfc(OnePointT / math.Sqrt2)
	return math.Sqrt2 * math.Erfcinv(alpha/float64(points))
}

// Welch accumulates, for every point and both classes, the count, mean and
// sum of squared deviations (Welford's online algorithm).
type Welch struct {
	n    [2]float64
	mean [2][]float64
	m2   [2][]float64
}

// NewWelch returns an accumulator for the given number of points.
func NewWelch(points int) *Welch {
	w := &Welch{}
	for c := range 2 {
		w.mean[c] = make([]float64, points)
		w.m2[c] = make([]float64, points)
	}
	return w
}

// Add adds one trace of class 0 or 1.
func (w *Welch) Add(class int, trace []float64) {
	w.n[class]++
	n := w.n[class]
	mean, m2 := w.mean[class], w.m2[class]
	mean = mean[:len(trace)]
	m2 = m2[:len(trace)]
	for i, x := range trace {
		d := x - mean[i]
		mean[i] += d / n
		m2[i] += d * (x - mean[i])
	}
}

// Count returns the number of traces of each class.
func (w *Welch) Count() (n0, n1 int) { return int(w.n[0]), int(w.n[1]) }

// T returns Welch's t statistic at every point: (m0 - m1) / √(v0/n0 +
// v1/n1) with the unbiased variances. A point with zero variance in both
// classes has t = 0 if the means agree and ±Inf otherwise.
func (w *Welch) T() []float64 {
	t := make([]float64, len(w.mean[0]))
	n0, n1 := w.n[0], w.n[1]
	if n0 < 2 || n1 < 2 {
		return t
	}
	for i := range t {
		v := w.m2[0][i]/(n0-1)/n0 + w.m2[1][i]/(n1-1)/n1
		diff := w.mean[0][i] - w.mean[1][i]
		switch {
		case v > 0:
			t[i] = diff / math.Sqrt(v)
		case diff == 0:
			t[i] = 0
		default:
			t[i] = math.Copysign(math.Inf(1), diff)
		}
	}
	return t
}

// A Point is one recorded intermediate: the k-th report (in program order)
// of the label for the share, and the coefficient.
type Point struct {
	Label      string
	Share      int
	Occurrence int // how many earlier reports of this label and share the trace had
	Coeff      int
}

func (p Point) String() string {
	if p.Coeff < 0 {
		return fmt.Sprintf("%s #%d share %d (every lane)", p.Label, p.Occurrence, p.Share)
	}
	return fmt.Sprintf("%s #%d share %d coefficient %d", p.Label, p.Occurrence, p.Share, p.Coeff)
}

// Recorder is a leak.Recorder that builds simulated traces. Between Begin
// and End it turns every selected coefficient of every report not excluded
// into a point; the first trace fixes the list of points, and every later
// trace must report the same ones in the same order (extra reports at the
// end, as in a restarted signing attempt, are dropped).
type Recorder struct {
	// Coeffs lists the coefficients to record (nil: all).
	Coeffs []int
	// Exclude, if not nil, leaves out the reports it returns true for.
	Exclude func(label string, share int) bool
	// Sigma is the standard deviation of the Gaussian noise.
	Sigma float64

	rng     *rand.Rand
	active  bool
	points  []Point
	fixed   bool
	trace   []float64
	occ     map[reportKey]int
	err     error
	dropped int
}

type reportKey struct {
	label string
	share int
}

// NewRecorder returns a Recorder with noise sigma, recording the given
// coefficients (nil: all).
func NewRecorder(sigma float64, coeffs []int) *Recorder {
	c := append([]int(nil), coeffs...)
	sort.Ints(c)
	return &Recorder{Coeffs: c, Sigma: sigma, rng: rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))}
}

// Begin starts a trace.
func (r *Recorder) Begin() {
	r.active = true
	r.trace = r.trace[:0]
	clear(r.occ)
	if r.occ == nil {
		r.occ = map[reportKey]int{}
	}
}

// End finishes a trace and returns its leakage at every point (valid until
// the next Begin).
func (r *Recorder) End() ([]float64, error) {
	r.active = false
	if r.err != nil {
		return nil, r.err
	}
	if !r.fixed {
		r.fixed = true
	} else if len(r.trace) < len(r.points) {
		r.err = fmt.Errorf("leaktest: trace has %d points, the first had %d", len(r.trace), len(r.points))
		return nil, r.err
	}
	return r.trace, nil
}

// Points returns the points of the traces.
func (r *Recorder) Points() []Point { return r.points }

// Dropped returns the number of values reported after the last point.
func (r *Recorder) Dropped() int { return r.dropped }

// Observe implements leak.Recorder.
func (r *Recorder) Observe(label string, share, offset int, vals []uint64) {
	if !r.active || r.err != nil {
		return
	}
	if r.Exclude != nil && r.Exclude(label, share) {
		return
	}
	k := reportKey{label, share}
	occ := r.occ[k]
	r.occ[k] = occ + 1
	record := func(c int, v uint64) {
		i := len(r.trace)
		if !r.fixed {
			r.points = append(r.points, Point{Label: label, Share: share, Occurrence: occ, Coeff: c})
		} else if i >= len(r.points) {
			r.dropped++
			return
		} else if p := r.points[i]; p.Label != label || p.Share != share || p.Coeff != c || p.Occurrence != occ {
			r.err = fmt.Errorf("leaktest: point %d is %v in this trace, %v in the first", i, Point{label, share, occ, c}, p)
			return
		}
		r.trace = append(r.trace, float64(bits.OnesCount64(v))+r.Sigma*r.rng.NormFloat64())
	}
	if r.Coeffs == nil {
		for j, v := range vals {
			record(offset+j, v)
		}
		return
	}
	lo := sort.SearchInts(r.Coeffs, offset)
	for _, c := range r.Coeffs[lo:] {
		if c >= offset+len(vals) {
			break
		}
		record(c, vals[c-offset])
	}
}

// An Experiment is one kind of trace: Trace runs the instrumented code once
// for the class (0: the fixed secret, 1: a fresh random secret), with the
// recorder active only around the operation under test.
type Experiment struct {
	Name    string
	Coeffs  []int                              // coefficients to record (nil: all)
	Exclude func(label string, share int) bool // reports that are not points
	// Trace runs one trace. It calls rec.Begin and rec.End around the
	// recorded operation (so that setting up a fresh random key is not
	// recorded) and returns the trace.
	Trace func(class int, rec *Recorder) ([]float64, error)
}

// Result is the outcome of one experiment.
type Result struct {
	Name      string
	Traces    int
	N0, N1    int
	Points    int
	MaxT      float64 // largest |t|
	MaxPoint  Point
	Threshold float64 // for this experiment's points alone
	Elapsed   time.Duration
	Dropped   int // values reported after the last point (restarted signing attempts)
	t         []float64
	points    []Point
}

// Top returns the k points with the largest |t|.
func (r *Result) Top(k int) string {
	idx := make([]int, len(r.t))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return math.Abs(r.t[idx[a]]) > math.Abs(r.t[idx[b]]) })
	var b strings.Builder
	for _, i := range idx[:min(k, len(idx))] {
		fmt.Fprintf(&b, "  t = %8.2f at %v\n", r.t[i], r.points[i])
	}
	return b.String()
}

// ErrDisabled is returned by Run when the build does not record leakage.
var ErrDisabled = errors.New("leaktest: build with -tags raccoonleak")

// Run runs traces traces of the experiment, each of a class chosen at
// random, with Hamming-weight leakage plus Gaussian noise of standard
// deviation sigma, and returns the Welch t statistics.
func Run(e *Experiment, traces int, sigma float64) (*Result, error) {
	if !leak.Enabled {
		return nil, ErrDisabled
	}
	rec := NewRecorder(sigma, e.Coeffs)
	rec.Exclude = e.Exclude
	leak.SetRecorder(rec)
	defer leak.SetRecorder(nil)
	classes := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	start := time.Now()
	var w *Welch
	for range traces {
		class := classes.IntN(2)
		tr, err := e.Trace(class, rec)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name, err)
		}
		if w == nil {
			if len(tr) == 0 {
				return nil, fmt.Errorf("%s: no points recorded", e.Name)
			}
			w = NewWelch(len(tr))
		}
		w.Add(class, tr[:len(rec.points)])
	}
	res := &Result{Name: e.Name, Traces: traces, Points: len(rec.points), Elapsed: time.Since(start), Dropped: rec.dropped}
	return res.finish(w, rec.points), nil
}

// finish sets the statistics of res from the Welch accumulator w, whose
// points are points, and returns res.
func (res *Result) finish(w *Welch, points []Point) *Result {
	res.N0, res.N1 = w.Count()
	res.t = w.T()
	res.points = points
	for i, t := range res.t {
		a := math.Abs(t)
		if math.IsNaN(t) {
			a = math.Inf(1) // cannot happen with finite leakage; never hide it
		}
		if a > res.MaxT {
			res.MaxT, res.MaxPoint = a, points[i]
		}
	}
	res.Threshold = Threshold(res.Points)
	return res
}

// Traces returns the number of traces per experiment of a test whose
// default is def: full with -leak.full (-leak.failtraces, if set, for the
// configurations that must leak), def/5 with -short (def/10 for those that
// must leak: they leak far above the threshold), and def otherwise.
func Traces(full, def int, wantLeak bool) int {
	switch {
	case *Full && wantLeak && *FailTraces > 0:
		return *FailTraces
	case *Full:
		return full
	case testing.Short() && wantLeak:
		return def / 10
	case testing.Short():
		return def / 5
	}
	return def
}

// Verdict combines the results of the experiments of one configuration:
// the largest |t| over all their points against the threshold for the total
// number of points.
type Verdict struct {
	Points    int
	MaxT      float64
	Where     string
	Threshold float64
}

// Leaks reports whether the configuration shows first-order leakage.
func (v Verdict) Leaks() bool { return v.MaxT >= v.Threshold }

// Combine returns the verdict over the results.
func Combine(results ...*Result) Verdict {
	var v Verdict
	for _, r := range results {
		v.Points += r.Points
		if r.MaxT >= v.MaxT {
			v.MaxT, v.Where = r.MaxT, r.Name+": "+r.MaxPoint.String()
		}
	}
	v.Threshold = Threshold(v.Points)
	return v
}
