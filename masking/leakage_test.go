//go:build raccoonleak

package masking_test

// Simulated fixed-versus-random TVLA of the masking gadgets on a
// one-coefficient model of KeyGen and Sign (see internal/leaktest): the
// shipped gadgets run on whole polynomials, and only coefficient 0 of every
// report becomes a point. The model leaves out the NTT (it mixes
// coefficients; it is share-wise, so it neither adds nor removes masking)
// and treats the NTT-domain products share-wise on the one coefficient.
//
// KeyGen model: ⟦s⟧ = ZeroEncoding + AddRepNoise(u_t) (class 0: a fixed
// RBG, so a fixed secret; class 1: a fresh one), ⟦t⟧ = a·⟦s⟧ with a public
// a from the same RBG, AddRepNoise, Decode (t is public and not reported,
// its partial sums are points), then Refresh and MaskCompress under fresh
// mask keys. The reports of AddRepNoise's noise terms (NoiseTerm and
// NoiseShare) are not points: the specification lets them depend on the
// secret.
//
// Sign model, in the order of internal/scheme's Sign: ⟦r⟧ = ZeroEncoding +
// AddRepNoise(u_w) (fresh RBG); then MaskDecompress of the stored key,
// Refresh (line 12), Refresh(⟦r⟧) (line 13), ⟦z⟧ = c·⟦s⟧ + ⟦r⟧ for a fresh
// public unit c, Refresh (line 15), Decode (z is public, its partial sums
// are points), Refresh(⟦s⟧) and MaskCompress under fresh mask keys, which
// become the stored key for the next class-0 trace (or not, with reparse).
// Class 1 uses a fresh random key, set up outside the recording. The ⟦w⟧
// branch is left out: it never touches the key.
//
// A third experiment fixes the nonce instead of the key (see signModel):
// the key experiments cannot see the masking of ⟦r⟧, and z = c·s + r gives
// s away with r. Each configuration fails if any point of its three
// experiments exceeds the threshold for their total number of points.
//
// The configurations that must not leak (and d = 1) run the Sign key
// experiment in lane mode (signKeyLanes): every coefficient of a run is a
// separate trace, 512 per run, with the secret of each coefficient set by
// the experiment. The KeyGen and nonce experiments cannot work that way
// (their fixed secret comes out of SampleU, a different value in every
// coefficient) and keep coefficient 0 of each run.
//
// Trace counts per experiment: -short 4000 (2000 where the configuration
// must leak; 10^5 in lane mode), default 2·10^4, -leak.full 10^6
// (-leak.failtraces=N lowers it for the configurations that must leak).
//
//	go test -tags raccoonleak -short ./masking/
//	go test -tags raccoonleak ./masking/ -run Leakage -timeout 0 -args -leak.full

import (
	"io"
	"testing"

	"github.com/raccoon-go/raccoon/internal/leak"
	"github.com/raccoon-go/raccoon/internal/leaktest"
	"github.com/raccoon-go/raccoon/internal/params"
	"github.com/raccoon-go/raccoon/masking"
	"github.com/raccoon-go/raccoon/ntt"
)

const q = params.Q

// oneCoeff is the coefficient the model records.
var oneCoeff = []int{0}

func leakParams(d int) *params.Set {
	for i := range params.Table {
		if p := &params.Table[i]; p.Kappa == 128 && p.D == d {
			return p
		}
	}
	panic("no parameter set")
}

func asNTT(p []ntt.Poly) []ntt.NTTPoly {
	out := make([]ntt.NTTPoly, len(p))
	for i := range p {
		out[i] = ntt.NTTPoly(p[i])
	}
	return out
}

// randomPublic fills m with a public polynomial from rbg (a nonzero
// residue in every coefficient, so c·s stays a bijection of s).
func randomPublic(m *ntt.MontPoly, rbg io.Reader) {
	var buf [8]byte
	var p ntt.NTTPoly
	for i := range p {
		for p[i] == 0 || p[i]%params.Q1 == 0 || p[i]%params.Q2 == 0 {
			io.ReadFull(rbg, buf[:])
			p[i] = (uint64(buf[0]) | uint64(buf[1])<<8 | uint64(buf[2])<<16 | uint64(buf[3])<<24 |
				uint64(buf[4])<<32 | uint64(buf[5])<<40 | uint64(buf[6])<<48) & params.QMask % q
		}
	}
	m.FromNTT(&p)
}

// modelSecret returns the secret ⟦s⟧ of a model key drawn from rbg, as
// KeyGen makes it (for keys set up outside the recording).
func modelSecret(d int, p *params.Set, rbg io.Reader, g masking.Generator) ([]ntt.NTTPoly, error) {
	tmp := make([]ntt.Poly, d)
	masking.ZeroEncoding(tmp, g)
	if err := masking.AddRepNoise(tmp, 0, p.UT, p.Rep, rbg, g, make([]byte, p.SecBytes())); err != nil {
		return nil, err
	}
	return asNTT(tmp), nil
}

// storedKey is the compressed form of a key.
type storedKey struct {
	x    ntt.NTTPoly
	keys []byte
}

func compress(s []ntt.NTTPoly, p *params.Set, rbg io.Reader, g masking.Generator) *storedKey {
	k := &storedKey{keys: make([]byte, (len(s)-1)*p.SecBytes())}
	io.ReadFull(rbg, k.keys)
	masking.Refresh(s, g)
	masking.MaskCompress(&k.x, s, 0, k.keys)
	return k
}

func excludeNoise(label string, _ int) bool {
	return label == leak.NoiseTerm || label == leak.NoiseShare
}

// keyGenModel is the KeyGen experiment of the model.
func keyGenModel(d int, g masking.Generator) *leaktest.Experiment {
	p := leakParams(d)
	tmp := make([]ntt.Poly, d)
	t := make([]ntt.NTTPoly, d)
	tc := make([]ntt.Poly, d)
	sigma := make([]byte, p.SecBytes())
	var a ntt.MontPoly
	var pub ntt.Poly
	return &leaktest.Experiment{
		Name:    "KeyGen model",
		Coeffs:  oneCoeff,
		Exclude: excludeNoise,
		Trace: func(class int, rec *leaktest.Recorder) ([]float64, error) {
			var rbg io.Reader = leaktest.ClassRBG(class, 3)
			randomPublic(&a, rbg)
			leaktest.Restart(g)
			rec.Begin()
			masking.ZeroEncoding(tmp, g)
			if err := masking.AddRepNoise(tmp, 0, p.UT, p.Rep, rbg, g, sigma); err != nil {
				return nil, err
			}
			s := asNTT(tmp)
			for j := range s {
				leak.Observe(leak.KeyGenS, j, 0, s[j][:])
				t[j].MulMont(&s[j], &a)
				tc[j] = ntt.Poly(t[j])
				leak.Observe(leak.KeyGenT, j, 0, tc[j][:])
			}
			if err := masking.AddRepNoise(tc, 0, p.UT, p.Rep, rbg, g, sigma); err != nil {
				return nil, err
			}
			masking.Decode(&pub, tc)
			compress(s, p, leaktest.NewRBG(), g)
			return rec.End()
		},
	}
}

// signModel is a Sign experiment of the model. In the key experiment,
// class 0 uses the fixed key (re-masked by every trace, or with reparse
// always the same stored form) and class 1 a fresh random key; in the nonce
// experiment (nonce true) every trace uses the fixed, re-masked key and
// class 0 replays a fixed RBG, so that ⟦r⟧ and c are fixed, while class 1
// draws a fresh one. The nonce experiment's noise terms are not points:
// they come from the RBG seeds that fix r.
func signModel(d int, g masking.Generator, reparse, nonce bool) (*leaktest.Experiment, error) {
	p := leakParams(d)
	s0, err := modelSecret(d, p, leaktest.FixedRBG(4), masking.NewGenerator())
	if err != nil {
		return nil, err
	}
	fixed := compress(s0, p, leaktest.NewRBG(), masking.NewGenerator())
	sh := make([]ntt.NTTPoly, d)
	rr := make([]ntt.Poly, d)
	sigma := make([]byte, p.SecBytes())
	var cm ntt.MontPoly
	var zh ntt.NTTPoly
	name := "Sign model"
	var exclude func(string, int) bool
	switch {
	case nonce:
		name = "Sign model, fixed vs random nonce"
		exclude = excludeNoise
	case reparse:
		name = "Sign model (stored key not re-masked)"
	}
	return &leaktest.Experiment{
		Name:    name,
		Coeffs:  oneCoeff,
		Exclude: exclude,
		Trace: func(class int, rec *leaktest.Recorder) ([]float64, error) {
			var rbg io.Reader = leaktest.NewRBG()
			key := fixed
			if nonce && class == 0 {
				rbg = leaktest.FixedRBG(5)
			}
			if !nonce && class == 1 {
				s, err := modelSecret(d, p, rbg, g)
				if err != nil {
					return nil, err
				}
				key = compress(s, p, rbg, g)
			}
			randomPublic(&cm, rbg)
			next := &storedKey{keys: make([]byte, (d-1)*p.SecBytes())}
			io.ReadFull(leaktest.NewRBG(), next.keys)
			leaktest.Restart(g)
			rec.Begin()
			if err := signModelOps(p, rr, sh, key, next, &cm, &zh, rbg, g, sigma); err != nil {
				return nil, err
			}
			tr, err := rec.End()
			if (class == 0 || nonce) && !reparse {
				fixed = next
			}
			return tr, err
		},
	}, nil
}

// signKeyLanes is the key experiment of the Sign model in lane mode: every
// coefficient is a separate trace. Before each run (unrecorded) the
// experiment sets each coefficient's secret by adding to the stored share
// x the difference between the secret it wants and the one the
// coefficient has: the fixed secret for class 0, a fresh secret from the
// key distribution (a coefficient of a freshly generated ⟦s⟧) for class 1.
// The stored key is re-masked by every run, as in signModel. The gadgets
// work coefficient by coefficient with independent masks, so the
// coefficients are independent executions.
//
// Lane mode needs each coefficient's executions to differ only through
// their class and fresh randomness. A generator that repeats its output
// makes the coefficients' masks fixed but different from one another,
// which pools into a mixture; the configurations that must leak use the
// per-trace experiments instead.
func signKeyLanes(d int, g masking.Generator) (*leaktest.LaneExperiment, error) {
	p := leakParams(d)
	s0, err := modelSecret(d, p, leaktest.FixedRBG(4), masking.NewGenerator())
	if err != nil {
		return nil, err
	}
	var sum ntt.NTTPoly
	masking.Decode(&sum, s0)
	sFix := sum[0]
	init := make([]ntt.NTTPoly, d)
	var cur [leaktest.Lanes]uint64
	for c := range init[0] {
		init[0][c] = sFix
		cur[c] = sFix
	}
	key := compress(init, p, leaktest.NewRBG(), masking.NewGenerator())
	sh := make([]ntt.NTTPoly, d)
	rr := make([]ntt.Poly, d)
	sigma := make([]byte, p.SecBytes())
	var cm ntt.MontPoly
	var zh ntt.NTTPoly
	return &leaktest.LaneExperiment{
		Name: "Sign model (lane mode)",
		Run: func(classes []int, rec *leaktest.LaneRecorder) ([][]float64, error) {
			rbg := leaktest.NewRBG()
			fresh, err := modelSecret(d, p, rbg, g)
			if err != nil {
				return nil, err
			}
			var fs ntt.NTTPoly
			masking.Decode(&fs, fresh)
			for j, c := range classes {
				want := sFix
				if c == 1 {
					want = fs[j]
				}
				key.x[j] = ntt.ReduceCoeff(ntt.ReduceCoeff(key.x[j]+want) + q - cur[j])
				cur[j] = want
			}
			randomPublic(&cm, rbg)
			next := &storedKey{keys: make([]byte, (d-1)*p.SecBytes())}
			io.ReadFull(rbg, next.keys)
			leaktest.Restart(g)
			rec.Begin()
			if err := signModelOps(p, rr, sh, key, next, &cm, &zh, rbg, g, sigma); err != nil {
				return nil, err
			}
			vals, err := rec.End()
			key = next
			return vals, err
		},
	}, nil
}

// signModelOps runs the model's signing operations on one key: ⟦r⟧
// (ZeroEncoding and AddRepNoise into rr), the key shares from their
// compressed form into sh, lines 12 to 16 of Sign (Algorithm 2) with the
// public challenge cm, and the re-masking of the key into next.
func signModelOps(p *params.Set, rr []ntt.Poly, sh []ntt.NTTPoly, key, next *storedKey, cm *ntt.MontPoly, zh *ntt.NTTPoly,
	rbg io.Reader, g masking.Generator, sigma []byte) error {
	masking.ZeroEncoding(rr, g)
	if err := masking.AddRepNoise(rr, 0, p.UW, p.Rep, rbg, g, sigma); err != nil {
		return err
	}
	r := asNTT(rr)
	for j := range r {
		leak.Observe(leak.SignR, j, 0, r[j][:])
	}
	masking.MaskDecompress(sh, &key.x, 0, key.keys)
	masking.Refresh(sh, g) // line 12
	masking.Refresh(r, g)  // line 13
	for j := range r {
		r[j].MulAddMont(&sh[j], cm, &r[j]) // line 14
		leak.Observe(leak.SignZ, j, 0, r[j][:])
	}
	masking.Refresh(r, g) // line 15
	masking.Decode(zh, r)
	masking.Refresh(sh, g)
	masking.MaskCompress(&next.x, sh, 0, next.keys)
	return nil
}

type modelConfig struct {
	name     string
	d        int
	gen      func() masking.Generator
	reparse  bool // class 0 signs from the same stored key every time
	wantLeak bool
	lanes    bool // run the Sign key experiment in lane mode
	long     bool // not in the short run
}

func modelConfigs() []modelConfig {
	good := func() masking.Generator { return masking.NewGenerator() }
	restart := func() masking.Generator { return &leaktest.RestartingGenerator{} }
	stuck := func() masking.Generator { return leaktest.StuckGenerator{} }
	return []modelConfig{
		{name: "d=1", d: 1, gen: good, wantLeak: true, lanes: true},
		{name: "d=2", d: 2, gen: good, lanes: true},
		{name: "d=4", d: 4, gen: good, lanes: true, long: true},
		{name: "d=8", d: 8, gen: good, lanes: true, long: true},
		{name: "d=2, restarting generator", d: 2, gen: restart, wantLeak: true},
		{name: "d=2, stuck generator", d: 2, gen: stuck, wantLeak: true},
		{name: "d=2, key not re-masked, restarting generator", d: 2, gen: restart, reparse: true, wantLeak: true},
		{name: "d=2, key not re-masked", d: 2, gen: good, reparse: true, wantLeak: true, long: true},
		{name: "d=4, restarting generator", d: 4, gen: restart, wantLeak: true, long: true},
		{name: "d=4, stuck generator", d: 4, gen: stuck, wantLeak: true, long: true},
		{name: "d=4, key not re-masked, restarting generator", d: 4, gen: restart, reparse: true, wantLeak: true, long: true},
		// The per-trace key experiment of the lane-mode configurations.
		{name: "d=2, per-trace Sign experiment", d: 2, gen: good, long: true},
	}
}

// modelTraces returns the number of traces per experiment.
func modelTraces(wantLeak bool) int { return leaktest.Traces(1000000, 20000, wantLeak) }

// TestLeakageOneCoefficient runs the TVLA on the one-coefficient model.
func TestLeakageOneCoefficient(t *testing.T) {
	for _, cfg := range modelConfigs() {
		t.Run(cfg.name, func(t *testing.T) {
			if testing.Short() && cfg.long {
				t.Skip("in the long run only")
			}
			traces := modelTraces(cfg.wantLeak)
			g := cfg.gen()
			exps := []*leaktest.Experiment{keyGenModel(cfg.d, g)}
			if !cfg.lanes {
				se, err := signModel(cfg.d, g, cfg.reparse, false)
				if err != nil {
					t.Fatal(err)
				}
				exps = append(exps, se)
			}
			ne, err := signModel(cfg.d, g, false, true)
			if err != nil {
				t.Fatal(err)
			}
			exps = append(exps, ne)
			var results []*leaktest.Result
			logResult := func(res *leaktest.Result) {
				t.Logf("%s %s: %d traces (%d/%d), %d points, max |t| = %.2f at %v (threshold %.2f for these points), %v",
					cfg.name, res.Name, res.Traces, res.N0, res.N1, res.Points, res.MaxT, res.MaxPoint, res.Threshold, res.Elapsed.Round(1e6))
				results = append(results, res)
			}
			for _, e := range exps {
				res, err := leaktest.Run(e, traces, *leaktest.Sigma)
				if err != nil {
					t.Fatal(err)
				}
				logResult(res)
			}
			if cfg.lanes {
				le, err := signKeyLanes(cfg.d, g)
				if err != nil {
					t.Fatal(err)
				}
				// Lane mode makes 512 traces per run: even the short run
				// can afford 10^5.
				res, err := leaktest.RunLanes(le, max(traces, 100000), *leaktest.Sigma)
				if err != nil {
					t.Fatal(err)
				}
				logResult(res)
			}
			v := leaktest.Combine(results...)
			word := "no leakage detected"
			if v.Leaks() {
				word = "LEAKS"
			}
			t.Logf("%s: max |t| = %.2f over %d points (%s), threshold %.2f, σ = %v: %s",
				cfg.name, v.MaxT, v.Points, v.Where, v.Threshold, *leaktest.Sigma, word)
			if v.Leaks() != cfg.wantLeak {
				for _, r := range results {
					t.Logf("%s, largest |t|:\n%s", r.Name, r.Top(10))
				}
				t.Errorf("%s: leakage detected = %v, want %v", cfg.name, v.Leaks(), cfg.wantLeak)
			}
		})
	}
}
