package masking

// An exact probing-security checker for the linear gadgets (Refresh,
// MaskCompress) and its negative controls.
//
// Every wire of a linear gadget is a linear form over its input shares and
// its fresh uniform random values. For a set of probes, the probed values
// are M_x·x + M_r·r; given the inputs x they are uniform on a coset of
// im(M_r), so they depend on x only through λ·M_x·x for λ in the left
// kernel of M_r. The input shares a simulator needs are exactly the support
// of {λ·M_x : λ·M_r = 0}, the randomness-free part of the span of the probed
// wires, which Gaussian elimination of the random columns yields. A gadget
// is t-NI if every set of at most t probes needs at most that many input
// shares, and t-SNI if every set of t1 internal and t2 output probes,
// t1+t2 <= t, needs at most t1 input shares.
//
// One prime suffices for ±1 coefficients. The gadgets work modulo q = q1·q2;
// by the CRT a gadget over Z_q is two independent copies over F_q1 and F_q2
// with the same integer coefficients (a uniform value mod q is a pair of
// independent uniform values), so the shares needed over Z_q are the union
// of those needed over each field. Whether share i is needed is a rank
// condition (rank [M_r | m_i] > rank M_r) on submatrices of the probe
// matrix, so it is decided by which of its minors vanish. By Hadamard's
// inequality a k×k minor is at most the product of the Euclidean norms of
// its k rows; with ±1 coefficients a wire with w nonzero coefficients has
// norm √w. When that product for the t longest wires is below q1 < q2,
// every nonzero integer minor stays nonzero modulo both primes, so F_q1,
// F_q2 and Q agree and one prime gives the exact answer. hadamardBound
// checks this for every configuration; it holds for every exhaustive run
// (Refresh at d = 8: 2^7 = 128) and the sampled runs compute over both
// primes where it does not (d = 32).
//
// The checked Refresh is the shipped one: refreshSchedule runs
// masking.Refresh with a generator that hands out marked masks, and reads
// from the outputs which draw goes to which pair of shares, in which order,
// for which coefficient. The checker's internal wires (the running values
// of the zero encoding z_i after every update) follow from that schedule
// and from one fact read from the code: each draw is added to z_k and
// subtracted from z_{k+h} right after it is drawn, before the next draw.
// (Refresh reports no z values to internal/leak, so this one fact cannot be
// read from the run; sni_leak_test.go checks the masks it does report.)
//
// Wires are values modulo q. The model has no wire for the unreduced sums
// inside ntt.ReduceCoeff (in [0, 2q)), whose carry is a nonlinear function
// of both operands; the linear checker cannot express it.

import (
	"flag"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/raccoon-go/raccoon/internal/params"
	"github.com/raccoon-go/raccoon/ntt"
	"github.com/stretchr/testify/require"
)

var (
	flagSNI8 = flag.Bool("masking.sni8", false,
		"check Refresh t-SNI exhaustively at d = 8 (157,036,243 probe sets)")
	flagFull = flag.Bool("masking.full", false,
		"run the long masking tests: exhaustive SNI at d = 8, 10^6 and 5·10^5 sampled probe sets at d = 16 and 32, large χ² samples")
)

// sniP is the prime of the exhaustive checker: q1.
const sniP = params.Q1

// A linForm is a linear form over a gadget's fresh random values (the first
// nr entries) and its input shares (the last d entries), with small integer
// coefficients.
type linForm []int64

func (f linForm) plus(g linForm) linForm {
	h := make(linForm, len(f))
	for i := range f {
		h[i] = f[i] + g[i]
	}
	return h
}

func (f linForm) minus(g linForm) linForm {
	h := make(linForm, len(f))
	for i := range f {
		h[i] = f[i] - g[i]
	}
	return h
}

// A linGadget is the straight-line program of a linear gadget: its wires as
// linear forms, internal wires first, then output wires.
type linGadget struct {
	name   string
	d, nr  int
	wires  []linForm
	labels []string
	nInt   int // wires[:nInt] are internal, wires[nInt:] are outputs
}

func newLinGadget(name string, d, nr int) *linGadget {
	return &linGadget{name: name, d: d, nr: nr}
}

func (g *linGadget) zero() linForm { return make(linForm, g.nr+g.d) }

// in is input share i.
func (g *linGadget) in(i int) linForm {
	f := g.zero()
	f[g.nr+i] = 1
	return f
}

// rnd is fresh random value m.
func (g *linGadget) rnd(m int) linForm {
	f := g.zero()
	f[m] = 1
	return f
}

func (g *linGadget) internal(label string, f linForm) {
	if len(g.wires) != g.nInt {
		panic("internal wire after an output wire")
	}
	g.wires = append(g.wires, f)
	g.labels = append(g.labels, label)
	g.nInt++
}

func (g *linGadget) output(label string, f linForm) {
	g.wires = append(g.wires, f)
	g.labels = append(g.labels, label)
}

func (g *linGadget) describe(set []int) string {
	var b strings.Builder
	b.WriteString("{")
	for i, w := range set {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(g.labels[w])
	}
	b.WriteString("}")
	return b.String()
}

// hadamardBound returns the product of the Euclidean norms of the t longest
// wires: a bound on every minor of every matrix of at most t probes.
func (g *linGadget) hadamardBound(t int) float64 {
	norms := make([]float64, len(g.wires))
	for i, f := range g.wires {
		var s float64
		for _, c := range f {
			s += float64(c * c)
		}
		norms[i] = math.Sqrt(s)
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(norms)))
	b := 1.0
	for i := 0; i < t && i < len(norms); i++ {
		b *= norms[i]
	}
	return b
}

// vectors returns the wires modulo m.
func (g *linGadget) vectors(m uint64) [][]uint32 {
	out := make([][]uint32, len(g.wires))
	for i, f := range g.wires {
		v := make([]uint32, len(f))
		for j, c := range f {
			v[j] = uint32(((c % int64(m)) + int64(m)) % int64(m))
		}
		out[i] = v
	}
	return out
}

func powMod(a, e, m uint64) uint64 {
	r := uint64(1)
	a %= m
	for ; e > 0; e >>= 1 {
		if e&1 == 1 {
			r = r * a % m
		}
		a = a * a % m
	}
	return r
}

// sniResult counts the probe sets examined and those that violate NI and
// SNI, with one example of each.
type sniResult struct {
	sets, niFail, sniFail uint64
	niExample, sniExample []int
	disagree              uint64 // sampled sets where q1 and q2 gave different supports
}

func (r *sniResult) add(o *sniResult) {
	r.sets += o.sets
	r.niFail += o.niFail
	r.sniFail += o.sniFail
	r.disagree += o.disagree
	if r.niExample == nil {
		r.niExample = o.niExample
	}
	if r.sniExample == nil {
		r.sniExample = o.sniExample
	}
}

func (r *sniResult) record(set []int, t1, t2 int, supp uint64) {
	r.sets++
	k := bits.OnesCount64(supp)
	if k > t1+t2 {
		r.niFail++
		if r.niExample == nil {
			r.niExample = append([]int(nil), set...)
		}
	}
	if k > t1 {
		r.sniFail++
		if r.sniExample == nil {
			r.sniExample = append([]int(nil), set...)
		}
	}
}

// sniWorker enumerates probe sets depth first, keeping the probed wires in
// echelon form on the random columns: a wire that still has a random
// component after reduction becomes a new row (its random value masks it);
// one that has none is a randomness-free combination of the probes, and its
// share columns join the support. Rows with a share pivot never need to be
// kept: they cannot cancel a random component.
type sniWorker struct {
	g        *linGadget
	vecs     [][]uint32
	nr, ncol int
	maxT     int
	rows     [][]uint32 // rows[depth]: the wire probed at depth, reduced
	pivot    []int      // random column → depth of its row, or -1
	set      []int
	res      sniResult
}

func newSNIWorker(g *linGadget, maxT int) *sniWorker {
	w := &sniWorker{g: g, vecs: g.vectors(sniP), nr: g.nr, ncol: g.nr + g.d, maxT: maxT}
	w.rows = make([][]uint32, maxT)
	for i := range w.rows {
		w.rows[i] = make([]uint32, w.ncol)
	}
	w.pivot = make([]int, g.nr)
	for i := range w.pivot {
		w.pivot[i] = -1
	}
	w.set = make([]int, 0, maxT)
	return w
}

// reduce sets v to wire w reduced by the current rows and returns the
// column of its first nonzero random coefficient, or -1 if it has none.
func (s *sniWorker) reduce(v []uint32, w int) int {
	copy(v, s.vecs[w])
	for c := 0; c < s.nr; c++ {
		a := v[c]
		if a == 0 {
			continue
		}
		k := s.pivot[c]
		if k < 0 {
			return c
		}
		row := s.rows[k]
		f := uint64(sniP - a)
		for j := c; j < s.ncol; j++ {
			if x := row[j]; x != 0 {
				v[j] = uint32((uint64(v[j]) + f*uint64(x)) % sniP)
			}
		}
	}
	return -1
}

func (s *sniWorker) shareMask(v []uint32) uint64 {
	var m uint64
	for i, x := range v[s.nr:] {
		if x != 0 {
			m |= 1 << i
		}
	}
	return m
}

// normalize scales v so that v[c] = 1.
func normalize(v []uint32, c int) {
	inv := powMod(uint64(v[c]), sniP-2, sniP)
	for j := c; j < len(v); j++ {
		if v[j] != 0 {
			v[j] = uint32(uint64(v[j]) * inv % sniP)
		}
	}
}

// push probes wire w at the given depth and records the set (if record);
// it returns the new counters and support, and the pivot column it claimed
// (or -1) if keep.
func (s *sniWorker) push(depth, w, t1, t2 int, supp uint64, keep, record bool) (int, int, uint64, int) {
	v := s.rows[depth]
	c := s.reduce(v, w)
	if c < 0 {
		supp |= s.shareMask(v)
	}
	if w < s.g.nInt {
		t1++
	} else {
		t2++
	}
	s.set = append(s.set[:depth], w)
	if record {
		s.res.record(s.set, t1, t2, supp)
	}
	if keep && c >= 0 {
		normalize(v, c)
		s.pivot[c] = depth
		return t1, t2, supp, c
	}
	return t1, t2, supp, -1
}

func (s *sniWorker) dfs(start, depth, t1, t2 int, supp uint64) {
	keep := depth+1 < s.maxT
	for w := start; w < len(s.vecs); w++ {
		n1, n2, nsupp, c := s.push(depth, w, t1, t2, supp, keep, true)
		if keep {
			s.dfs(w+1, depth+1, n1, n2, nsupp)
			if c >= 0 {
				s.pivot[c] = -1
			}
		}
	}
}

// task examines the probe set {w0} (w1 < 0), or every set whose two
// smallest wires are w0 < w1.
func (s *sniWorker) task(w0, w1 int) {
	pair := w1 >= 0
	t1, t2, supp, c0 := s.push(0, w0, 0, 0, 0, pair, !pair)
	if pair {
		t1, t2, supp, c1 := s.push(1, w1, t1, t2, supp, s.maxT > 2, true)
		if s.maxT > 2 {
			s.dfs(w1+1, 2, t1, t2, supp)
		}
		if c1 >= 0 {
			s.pivot[c1] = -1
		}
	}
	if c0 >= 0 {
		s.pivot[c0] = -1
	}
}

// exhaustive examines every nonempty set of at most maxT probes, in
// parallel over the available CPUs.
func (g *linGadget) exhaustive(maxT int) sniResult {
	if maxT < 1 {
		return sniResult{}
	}
	type task struct{ w0, w1 int }
	var tasks []task
	n := len(g.wires)
	for w0 := 0; w0 < n; w0++ {
		tasks = append(tasks, task{w0, -1})
		if maxT >= 2 {
			for w1 := w0 + 1; w1 < n; w1++ {
				tasks = append(tasks, task{w0, w1})
			}
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(tasks))
	var next atomic.Int64
	results := make([]sniResult, workers)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newSNIWorker(g, maxT)
			for {
				j := int(next.Add(1)) - 1
				if j >= len(tasks) {
					break
				}
				s.task(tasks[j].w0, tasks[j].w1)
			}
			results[i] = s.res
		}()
	}
	wg.Wait()
	var res sniResult
	for i := range results {
		res.add(&results[i])
	}
	return res
}

// supportMod returns the input shares needed to simulate the probed wires
// set, computing modulo the prime m. It is the plain, non-incremental form
// of the worker's elimination.
func (g *linGadget) supportMod(vecs [][]uint32, set []int, m uint64) uint64 {
	nr, ncol := g.nr, g.nr+g.d
	pivot := make([]int, nr)
	for i := range pivot {
		pivot[i] = -1
	}
	var rows [][]uint32
	var supp uint64
	for _, w := range set {
		v := append([]uint32(nil), vecs[w]...)
		piv := -1
		for c := 0; c < nr && piv < 0; c++ {
			a := v[c]
			if a == 0 {
				continue
			}
			if pivot[c] < 0 {
				piv = c
				break
			}
			row := rows[pivot[c]]
			f := m - uint64(a)
			for j := c; j < ncol; j++ {
				if row[j] != 0 {
					v[j] = uint32((uint64(v[j]) + f*uint64(row[j])) % m)
				}
			}
		}
		if piv < 0 {
			for i, x := range v[nr:] {
				if x != 0 {
					supp |= 1 << i
				}
			}
			continue
		}
		inv := powMod(uint64(v[piv]), m-2, m)
		for j := piv; j < ncol; j++ {
			v[j] = uint32(uint64(v[j]) * inv % m)
		}
		pivot[piv] = len(rows)
		rows = append(rows, v)
	}
	return supp
}

// sample examines n random probe sets of exactly maxT probes, all the
// others being output probes: with probability 3/4 the number of internal
// probes is at most 3, where SNI counterexamples live (few internal probes,
// many outputs), otherwise uniform. For SNI, sets of fewer probes need no
// sampling: adding output probes keeps t1 and can only grow the support
// (and SNI implies NI). It computes modulo q1, and also modulo q2 when the
// Hadamard bound does not make q1 alone exact.
func (g *linGadget) sample(n, maxT int, rng *rand.Rand) sniResult {
	primes := []uint64{params.Q1}
	if g.hadamardBound(maxT) >= params.Q1 {
		primes = append(primes, params.Q2)
	}
	vecs := make([][][]uint32, len(primes))
	for i, m := range primes {
		vecs[i] = g.vectors(m)
	}
	nOut := len(g.wires) - g.nInt
	var res sniResult
	set := make([]int, 0, maxT)
	for range n {
		var t1 int
		if rng.IntN(4) != 0 {
			t1 = rng.IntN(min(4, maxT+1))
		} else {
			t1 = rng.IntN(maxT + 1)
		}
		t1 = max(t1, maxT-nOut)
		t2 := maxT - t1
		set = append(set[:0], rng.Perm(g.nInt)[:t1]...)
		for _, w := range rng.Perm(nOut)[:t2] {
			set = append(set, g.nInt+w)
		}
		var supp uint64
		for i, m := range primes {
			s := g.supportMod(vecs[i], set, m)
			if i > 0 && s != supp {
				res.disagree++
			}
			supp |= s
		}
		res.record(set, t1, t2, supp)
	}
	return res
}

// refreshDraw is one fresh mask of Refresh's zero encoding, as the shipped
// code uses it for one coefficient: drawn from stream, added to share plus
// and subtracted from share minus.
type refreshDraw struct{ stream, plus, minus int }

// markGenerator hands out marked masks: on call number target it fills dst
// with 1, 2, …, len(dst) (so that a value in the output names the lane),
// otherwise with zeros (or, if rng is set, with random values, which it
// keeps). It records the stream of every call.
type markGenerator struct {
	target  int
	streams []int
	rng     *rand.Rand
	vals    [][]uint64
}

func (g *markGenerator) Err() error { return nil }

func (g *markGenerator) Uniform(s int, dst []uint64) {
	for i := range dst {
		switch {
		case g.rng != nil:
			dst[i] = g.rng.Uint64N(q)
		case len(g.streams) == g.target:
			dst[i] = uint64(i + 1)
		default:
			dst[i] = 0
		}
	}
	if g.rng != nil {
		g.vals = append(g.vals, append([]uint64(nil), dst...))
	}
	g.streams = append(g.streams, s)
}

// laneDraw is one mask draw as seen from one coefficient: the call, the
// lane of the call's output it used, and its ±1 coefficient in each share.
type laneDraw struct {
	call, lane int
	stream     int
	coef       []int
}

// refreshSchedule reads the schedule of the shipped Refresh for d shares
// from its behaviour: for every generator call, it runs Refresh on zero
// shares with only that call's masks marked and reads off which
// coefficients, lanes and shares the call reaches. It returns, for every
// coefficient, the draws that reach it in call order.
func refreshSchedule(d int) ([n][]laneDraw, error) {
	var sched [n][]laneDraw
	x := make([]ntt.Poly, d)
	count := &markGenerator{target: -1}
	Refresh(x, count)
	for i := range x {
		if x[i] != (ntt.Poly{}) {
			return sched, fmt.Errorf("d=%d: Refresh with zero masks changed share %d", d, i)
		}
	}
	for m, stream := range count.streams {
		for i := range x {
			clear(x[i][:])
		}
		Refresh(x, &markGenerator{target: m})
		seen := map[int]*laneDraw{}
		for i := range x {
			for c, v := range x[i] {
				if v == 0 {
					continue
				}
				sign, lane := 1, int(v)-1
				if v > q/2 {
					sign, lane = -1, int(q-v)-1
				}
				if lane < 0 || lane >= 1<<12 {
					return sched, fmt.Errorf("d=%d call %d: share %d coefficient %d = %d is not ±lane", d, m, i, c, v)
				}
				ld := seen[c]
				if ld == nil {
					ld = &laneDraw{call: m, lane: lane, stream: stream, coef: make([]int, d)}
					seen[c] = ld
				}
				if ld.lane != lane {
					return sched, fmt.Errorf("d=%d call %d: coefficient %d gets two lanes", d, m, c)
				}
				ld.coef[i] += sign
			}
		}
		for c, ld := range seen {
			sched[c] = append(sched[c], *ld)
		}
	}
	for c := range sched {
		sort.Slice(sched[c], func(i, j int) bool { return sched[c][i].call < sched[c][j].call })
	}
	return sched, nil
}

// refreshDraws reduces the schedule to the draws of one coefficient,
// checking that every coefficient sees the same sequence and that each
// draw is added to one share and subtracted from another.
func refreshDraws(d int, sched *[n][]laneDraw) ([]refreshDraw, error) {
	var draws []refreshDraw
	for _, ld := range sched[0] {
		dr := refreshDraw{stream: ld.stream, plus: -1, minus: -1}
		for i, c := range ld.coef {
			switch {
			case c == 1 && dr.plus < 0:
				dr.plus = i
			case c == -1 && dr.minus < 0:
				dr.minus = i
			case c != 0:
				return nil, fmt.Errorf("d=%d: draw %d has coefficients %v", d, ld.call, ld.coef)
			}
		}
		if dr.plus < 0 || dr.minus < 0 {
			return nil, fmt.Errorf("d=%d: draw %d has coefficients %v", d, ld.call, ld.coef)
		}
		draws = append(draws, dr)
	}
	for c := 1; c < n; c++ {
		if len(sched[c]) != len(draws) {
			return nil, fmt.Errorf("d=%d: coefficient %d sees %d draws, coefficient 0 sees %d", d, c, len(sched[c]), len(draws))
		}
		for k, ld := range sched[c] {
			if ld.stream != draws[k].stream || ld.coef[draws[k].plus] != 1 || ld.coef[draws[k].minus] != -1 {
				return nil, fmt.Errorf("d=%d: coefficient %d draw %d differs from coefficient 0", d, c, k)
			}
		}
	}
	return draws, nil
}

// refreshGadget builds the wires of Refresh for one coefficient from its
// draws: the input shares x_i; each mask r_m; z_plus and z_minus after each
// update (z_i starts at 0); the outputs x_i + z_i.
func refreshGadget(name string, d int, draws []refreshDraw) *linGadget {
	g := newLinGadget(name, d, len(draws))
	for i := 0; i < d; i++ {
		g.internal(fmt.Sprintf("x%d", i), g.in(i))
	}
	z := make([]linForm, d)
	for i := range z {
		z[i] = g.zero()
	}
	for m, dr := range draws {
		r := g.rnd(m)
		g.internal(fmt.Sprintf("r%d", m), r)
		z[dr.plus] = z[dr.plus].plus(r)
		g.internal(fmt.Sprintf("z%d+=r%d", dr.plus, m), z[dr.plus])
		z[dr.minus] = z[dr.minus].minus(r)
		g.internal(fmt.Sprintf("z%d-=r%d", dr.minus, m), z[dr.minus])
	}
	for i := 0; i < d; i++ {
		g.output(fmt.Sprintf("out%d", i), g.in(i).plus(z[i]))
	}
	return g
}

// butterflyDraws is the documented schedule of ZeroEncoding (Algorithm 12,
// iterative form): for h = 1, 2, …, d/2 and each block of 2h shares, pair
// (k, k+h) gets a fresh mask from stream k. With drop > 0 the last drop
// strides are left out (a broken variant for the negative controls).
func butterflyDraws(d, drop int) []refreshDraw {
	var draws []refreshDraw
	for h := 1; h < d>>drop; h <<= 1 {
		for base := 0; base < d; base += 2 * h {
			for k := base; k < base+h; k++ {
				draws = append(draws, refreshDraw{stream: k, plus: k, minus: k + h})
			}
		}
	}
	return draws
}

// chainRefresh is the "fast, not SNI" chain refresh with d-1 masks: z_i =
// r_i - r_{i-1} (r_{-1} = r_{d-1} = 0), out_i = x_i + z_i, with wires x_i,
// r_i, x_i + r_i and the output.
func chainRefresh(d int) *linGadget {
	g := newLinGadget("chain refresh", d, d-1)
	r := func(i int) linForm {
		if i < 0 || i >= d-1 {
			return g.zero()
		}
		return g.rnd(i)
	}
	for i := 0; i < d; i++ {
		g.internal(fmt.Sprintf("x%d", i), g.in(i))
		if i < d-1 {
			g.internal(fmt.Sprintf("r%d", i), r(i))
			g.internal(fmt.Sprintf("x%d+r%d", i, i), g.in(i).plus(r(i)))
		}
	}
	for i := 0; i < d; i++ {
		g.output(fmt.Sprintf("out%d", i), g.in(i).plus(r(i)).minus(r(i-1)))
	}
	return g
}

// maskCompressGadget models MaskCompress as compress.go computes it: x =
// s_0, then for j = 1..d-1 x -= r_j and x += s_j (swapped: x += s_j first).
// The r_j are the fresh shares expanded from the new mask keys. Its output
// sharing is (x, r_1, …, r_{d-1}).
func maskCompressGadget(d int, swapped bool) *linGadget {
	name := "MaskCompress"
	if swapped {
		name = "MaskCompress, steps swapped"
	}
	g := newLinGadget(name, d, d-1)
	for j := 0; j < d; j++ {
		g.internal(fmt.Sprintf("s%d", j), g.in(j))
	}
	for j := 1; j < d; j++ {
		g.internal(fmt.Sprintf("r%d", j), g.rnd(j-1))
	}
	acc := g.in(0)
	for j := 1; j < d; j++ {
		if swapped {
			acc = acc.plus(g.in(j))
			g.internal(fmt.Sprintf("x+=s%d", j), acc)
			acc = acc.minus(g.rnd(j - 1))
			g.internal(fmt.Sprintf("x-=r%d", j), acc)
		} else {
			acc = acc.minus(g.rnd(j - 1))
			g.internal(fmt.Sprintf("x-=r%d", j), acc)
			acc = acc.plus(g.in(j))
			g.internal(fmt.Sprintf("x+=s%d", j), acc)
		}
	}
	g.output("x", acc)
	for j := 1; j < d; j++ {
		g.output(fmt.Sprintf("out r%d", j), g.rnd(j-1))
	}
	return g
}

// shippedRefresh returns the Refresh gadget for d shares derived from the
// shipped code.
func shippedRefresh(t testing.TB, d int) *linGadget {
	sched, err := refreshSchedule(d)
	require.NoError(t, err)
	draws, err := refreshDraws(d, &sched)
	require.NoError(t, err)
	return refreshGadget(fmt.Sprintf("Refresh (shipped), d=%d", d), d, draws)
}

// TestRefreshSchedule checks that the schedule read from the shipped
// Refresh is the documented butterfly (pair (k, k+h) from stream k, every
// coefficient alike), and that the linear model built from it reproduces
// Refresh's outputs exactly on random inputs and masks.
func TestRefreshSchedule(t *testing.T) {
	for _, d := range []int{2, 4, 8, 16, 32} {
		sched, err := refreshSchedule(d)
		require.NoError(t, err)
		draws, err := refreshDraws(d, &sched)
		require.NoError(t, err)
		require.Equal(t, butterflyDraws(d, 0), draws, "d=%d", d)

		rng := rand.New(rand.NewPCG(uint64(d), 11))
		x := make([]ntt.Poly, d)
		for i := range x {
			for c := range x[i] {
				x[i][c] = rng.Uint64N(q)
			}
		}
		in := append([]ntt.Poly(nil), x...)
		gen := &markGenerator{rng: rng}
		Refresh(x, gen)
		g := refreshGadget("", d, draws)
		for c := 0; c < n; c++ {
			vals := make([]uint64, g.nr+g.d)
			for k, ld := range sched[c] {
				vals[k] = gen.vals[ld.call][ld.lane]
			}
			for i := 0; i < d; i++ {
				vals[g.nr+i] = in[i][c]
			}
			for i := 0; i < d; i++ {
				f := g.wires[g.nInt+i]
				var want uint64
				for j, a := range f {
					switch a {
					case 1:
						want = ntt.ReduceCoeff(want + vals[j])
					case -1:
						want = ntt.ReduceCoeff(want + q - vals[j])
					case 0:
					default:
						t.Fatalf("d=%d: coefficient %d in the model", d, a)
					}
				}
				if want != x[i][c] {
					t.Fatalf("d=%d: model of output %d coefficient %d = %d, Refresh gave %d", d, i, c, want, x[i][c])
				}
			}
		}
	}
}

func logSNI(t *testing.T, g *linGadget, how string, res sniResult, el time.Duration) {
	t.Helper()
	t.Logf("%s, %s: %d probe sets, %d NI failures, %d SNI failures, %v", g.name, how, res.sets, res.niFail, res.sniFail, el.Round(time.Millisecond))
	if res.disagree > 0 {
		t.Logf("%s: %d sampled sets gave different supports mod q1 and q2", g.name, res.disagree)
	}
	if res.niExample != nil {
		t.Logf("  NI counterexample: %s", g.describe(res.niExample))
	}
	if res.sniExample != nil {
		t.Logf("  SNI counterexample: %s", g.describe(res.sniExample))
	}
}

// probeSets returns the number of nonempty sets of at most t of n wires.
func probeSets(n, t int) uint64 {
	var total, c uint64 = 0, 1
	for k := 1; k <= t; k++ {
		c = c * uint64(n-k+1) / uint64(k)
		total += c
	}
	return total
}

// TestRefreshSNI checks that the shipped Refresh is (d-1)-SNI: every probe
// set exhaustively for d = 2 and 4 (and 8 with -masking.sni8 or
// -masking.full), sampled sets for d = 16 and 32.
func TestRefreshSNI(t *testing.T) {
	exhaustive := []int{2, 4}
	if *flagSNI8 || *flagFull {
		exhaustive = append(exhaustive, 8)
	}
	for _, d := range exhaustive {
		g := shippedRefresh(t, d)
		require.Less(t, g.hadamardBound(d-1), float64(params.Q1), "d=%d: one prime is not enough", d)
		start := time.Now()
		res := g.exhaustive(d - 1)
		logSNI(t, g, "exhaustive", res, time.Since(start))
		require.Equal(t, probeSets(len(g.wires), d-1), res.sets, "d=%d: probe sets examined", d)
		require.Zero(t, res.niFail, "d=%d", d)
		require.Zero(t, res.sniFail, "d=%d", d)
	}
	samples := map[int]int{16: 4000, 32: 1000}
	if testing.Short() {
		samples = map[int]int{16: 1000, 32: 200}
	}
	if *flagFull {
		samples = map[int]int{16: 1000000, 32: 500000}
	}
	rng := rand.New(rand.NewPCG(rand.Uint64(), 12))
	for _, d := range []int{16, 32} {
		g := shippedRefresh(t, d)
		start := time.Now()
		res := g.sample(samples[d], d-1, rng)
		logSNI(t, g, "sampled", res, time.Since(start))
		require.Zero(t, res.niFail, "d=%d", d)
		require.Zero(t, res.sniFail, "d=%d", d)
	}
}

// TestSNICheckerControls shows that the checker finds what it should:
// gadgets that are not SNI or not NI fail.
func TestSNICheckerControls(t *testing.T) {
	check := func(g *linGadget, wantNI, wantSNI bool) {
		t.Helper()
		require.Less(t, g.hadamardBound(g.d-1), float64(params.Q1), "%s d=%d: one prime is not enough", g.name, g.d)
		start := time.Now()
		res := g.exhaustive(g.d - 1)
		logSNI(t, g, fmt.Sprintf("exhaustive d=%d", g.d), res, time.Since(start))
		require.Equal(t, probeSets(len(g.wires), g.d-1), res.sets)
		require.Equal(t, wantNI, res.niFail == 0, "%s d=%d: NI", g.name, g.d)
		require.Equal(t, wantSNI, res.sniFail == 0, "%s d=%d: SNI", g.name, g.d)
	}
	// The chain refresh is NI but not SNI from d = 4 on (at d = 2 it is
	// the butterfly).
	check(chainRefresh(4), true, false)
	check(chainRefresh(8), true, false)
	// The butterfly without its last stride is not SNI.
	check(refreshGadget("butterfly missing its last stride", 4, butterflyDraws(4, 1)), true, false)
	// MaskCompress is NI but not SNI; with its two steps swapped it is not
	// even NI.
	check(maskCompressGadget(4, false), true, false)
	check(maskCompressGadget(4, true), false, false)
	if *flagFull {
		check(refreshGadget("butterfly missing its last stride", 8, butterflyDraws(8, 1)), true, false)
		check(maskCompressGadget(8, false), true, false)
		check(maskCompressGadget(8, true), false, false)
	}
	// The sampler finds the chain refresh's failures at d = 16.
	rng := rand.New(rand.NewPCG(rand.Uint64(), 13))
	res := chainRefresh(16).sample(2000, 15, rng)
	logSNI(t, chainRefresh(16), "sampled d=16", res, 0)
	require.NotZero(t, res.sniFail)
}

// TestSNICheckerAgreement checks the incremental enumeration against the
// plain elimination modulo q1 and q2 on every probe set of small gadgets.
func TestSNICheckerAgreement(t *testing.T) {
	for _, g := range []*linGadget{shippedRefresh(t, 4), chainRefresh(4), maskCompressGadget(4, false), maskCompressGadget(4, true)} {
		maxT := g.d - 1
		want := g.exhaustive(maxT)
		var got sniResult
		v1, v2 := g.vectors(params.Q1), g.vectors(params.Q2)
		var rec func(start int, set []int, t1, t2 int)
		rec = func(start int, set []int, t1, t2 int) {
			for w := start; w < len(g.wires); w++ {
				s := append(set, w)
				n1, n2 := t1, t2
				if w < g.nInt {
					n1++
				} else {
					n2++
				}
				supp := g.supportMod(v1, s, params.Q1)
				require.Equal(t, supp, g.supportMod(v2, s, params.Q2), "%s %s", g.name, g.describe(s))
				got.record(s, n1, n2, supp)
				if len(s) < maxT {
					rec(w+1, s, n1, n2)
				}
			}
		}
		rec(0, nil, 0, 0)
		require.Equal(t, want.sets, got.sets, g.name)
		require.Equal(t, want.niFail, got.niFail, g.name)
		require.Equal(t, want.sniFail, got.sniFail, g.name)
	}
}

// BenchmarkSNIExhaustive measures the enumeration rate on the d = 8 chain
// refresh (4.4 million probe sets).
func BenchmarkSNIExhaustive(b *testing.B) {
	g := chainRefresh(8)
	for b.Loop() {
		g.exhaustive(7)
	}
}
