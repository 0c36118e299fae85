package leaktest

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"time"

	"github.com/raccoon-go/raccoon/internal/leak"
)

// Lanes is the number of coefficients of a polynomial: in lane mode each
// is one trace.
const Lanes = 512

// LaneRecorder is a leak.Recorder for lane mode: every coefficient
// (lane) of a run of the gadgets is a separate trace. That is sound when
// the lanes are independent executions, each with its own class: the
// gadgets work coefficient-wise with independent masks per coefficient,
// and the experiment must set each lane's secret itself. A point is a
// report (label, share, and how many earlier reports the run had with the
// same label, share and offset); it gets one value per lane it covers, and
// must cover every lane (a Refresh reports its 64-coefficient blocks
// separately: the blocks of one Refresh together make one point).
type LaneRecorder struct {
	Exclude func(label string, share int) bool
	Sigma   float64

	rng    *rand.Rand
	active bool
	index  map[laneKey]int
	points []Point
	fixed  bool
	vals   [][]float64 // vals[point][lane]
	seen   []int       // lanes filled per point in this run
	occ    map[laneKey]int
	err    error
}

type laneKey struct {
	label         string
	share, offset int
	occ           int
}

// NewLaneRecorder returns a lane-mode recorder with noise sigma.
func NewLaneRecorder(sigma float64) *LaneRecorder {
	return &LaneRecorder{Sigma: sigma, rng: rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())),
		index: map[laneKey]int{}, occ: map[laneKey]int{}}
}

// Begin starts a run.
func (r *LaneRecorder) Begin() {
	r.active = true
	clear(r.occ)
	clear(r.seen)
}

// End finishes a run and returns vals[point][lane] (valid until the next
// Begin).
func (r *LaneRecorder) End() ([][]float64, error) {
	r.active = false
	if r.err != nil {
		return nil, r.err
	}
	r.fixed = true
	for i, s := range r.seen {
		if s != Lanes {
			r.err = fmt.Errorf("leaktest: point %v covers %d lanes in this run", r.points[i], s)
			return nil, r.err
		}
	}
	return r.vals, nil
}

// Observe implements leak.Recorder.
func (r *LaneRecorder) Observe(label string, share, offset int, vals []uint64) {
	if !r.active || r.err != nil {
		return
	}
	if r.Exclude != nil && r.Exclude(label, share) {
		return
	}
	k := laneKey{label: label, share: share, offset: offset}
	k.occ = r.occ[k]
	r.occ[laneKey{label: label, share: share, offset: offset}]++
	pk := laneKey{label: label, share: share, occ: k.occ} // blocks of one report share a point
	i, ok := r.index[pk]
	if !ok {
		if r.fixed {
			r.err = fmt.Errorf("leaktest: report %s share %d #%d is new in this run", label, share, k.occ)
			return
		}
		i = len(r.points)
		r.index[pk] = i
		r.points = append(r.points, Point{Label: label, Share: share, Occurrence: k.occ, Coeff: -1})
		r.vals = append(r.vals, make([]float64, Lanes))
		r.seen = append(r.seen, 0)
	}
	row := r.vals[i]
	for j, v := range vals {
		row[offset+j] = float64(bits.OnesCount64(v)) + r.Sigma*r.rng.NormFloat64()
	}
	r.seen[i] += len(vals)
}

// A LaneExperiment runs the gadgets once per run, with lane j of every
// polynomial an execution of class classes[j].
type LaneExperiment struct {
	Name    string
	Exclude func(label string, share int) bool
	// Run runs once, calling rec.Begin and rec.End around the recorded
	// operation.
	Run func(classes []int, rec *LaneRecorder) ([][]float64, error)
}

// RunLanes runs the experiment until it has at least traces traces (runs
// of Lanes traces each).
func RunLanes(e *LaneExperiment, traces int, sigma float64) (*Result, error) {
	if !leak.Enabled {
		return nil, ErrDisabled
	}
	rec := NewLaneRecorder(sigma)
	rec.Exclude = e.Exclude
	leak.SetRecorder(rec)
	defer leak.SetRecorder(nil)
	rng := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	classes := make([]int, Lanes)
	start := time.Now()
	var w *Welch
	var tr []float64
	runs := (traces + Lanes - 1) / Lanes
	for range runs {
		for j := range classes {
			classes[j] = rng.IntN(2)
		}
		vals, err := e.Run(classes, rec)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name, err)
		}
		if w == nil {
			w = NewWelch(len(vals))
			tr = make([]float64, len(vals))
		}
		for j, c := range classes {
			for i := range vals {
				tr[i] = vals[i][j]
			}
			w.Add(c, tr)
		}
	}
	res := &Result{Name: e.Name, Traces: runs * Lanes, Points: len(rec.points), Elapsed: time.Since(start)}
	return res.finish(w, rec.points), nil
}
