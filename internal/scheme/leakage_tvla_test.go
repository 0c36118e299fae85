//go:build raccoonleak

package scheme

// Simulated fixed-versus-random TVLA of the full-size, shipped KeyGen and
// Sign (see internal/leaktest). Every intermediate the code reports through
// internal/leak is a point, except the noise terms of AddRepNoise
// (leak.NoiseTerm, leak.NoiseShare) wherever the experiment's secret is
// made of them: in KeyGen, and in the nonce experiment. The specification
// lets them depend on the secret: AddRepNoise is not first-order hiding for
// the noise it creates. No decoded public value is reported (Decode reports
// only its partial sums of fewer than d shares).
//
// To keep the number of points and the cost per trace down, each report
// contributes only the coefficients in fullCoeffs (a report of a 64-value
// block of Refresh contributes those inside the block).
//
// Trace counts per experiment: -short 400 (200 where the configuration
// must leak; d = 4 only in the long runs), default 2000, -leak.full 10^5
// (-leak.failtraces=N lowers it for the configurations that must leak).
//
//	go test -tags raccoonleak -short ./internal/scheme/
//	go test -tags raccoonleak ./internal/scheme/ -run Leakage -timeout 0 -args -leak.full
//
// Each configuration runs three experiments (KeyGen: fixed vs random key;
// Sign: fixed vs random key; Sign: fixed vs random nonce) and fails if any
// point of any of them exceeds the threshold for the total number of
// points. Configurations: d = 1 (must leak: the power check), d = 2 and 4
// (must not), a generator that restarts from a fixed state at every KeyGen
// and Sign, a stuck-at-zero generator, and a key that is parsed from the
// same bytes for every signature (no re-masking between signatures, as the
// reference) with the restarting generator: all three must leak.

import (
	"io"
	"testing"

	"github.com/raccoon-go/raccoon/internal/leak"
	"github.com/raccoon-go/raccoon/internal/leaktest"
	"github.com/raccoon-go/raccoon/internal/params"
	"github.com/raccoon-go/raccoon/masking"
)

// fullCoeffs are the coefficients recorded by the full-size model.
var fullCoeffs = []int{0, 1, 63, 64, 255, 256, 448, 511}

// leakSet returns Raccoon-128 with d shares.
func leakSet(d int) *params.Set {
	for i := range params.Table {
		if p := &params.Table[i]; p.Kappa == 128 && p.D == d {
			return p
		}
	}
	panic("no parameter set")
}

// keyGenExperiment: class 0 replays a fixed RBG (the same key every time),
// class 1 draws a fresh one; the masking generator is g.
func keyGenExperiment(p *params.Set, g masking.Generator) *leaktest.Experiment {
	return &leaktest.Experiment{
		Name:    "KeyGen",
		Coeffs:  fullCoeffs,
		Exclude: excludeNoise,
		Trace: func(class int, rec *leaktest.Recorder) ([]float64, error) {
			var rbg io.Reader = leaktest.ClassRBG(class, 1)
			leaktest.Restart(g)
			rec.Begin()
			sk, err := GenerateKey(p, rbg, g)
			tr, rerr := rec.End()
			if err != nil {
				return nil, err
			}
			sk.Clear()
			return tr, rerr
		},
	}
}

// signExperiment: class 0 signs with one fixed key, re-masked by every
// signature as shipped (or, if reparse, parsed again from the same bytes
// every time); class 1 with a fresh random key (generated outside the
// recording). The message and the RBG are fresh for every trace.
func signExperiment(p *params.Set, g masking.Generator, reparse bool) (*leaktest.Experiment, error) {
	sk0, err := GenerateKey(p, leaktest.FixedRBG(2), masking.NewGenerator())
	if err != nil {
		return nil, err
	}
	sk0Bytes := sk0.Bytes()
	name := "Sign"
	if reparse {
		name = "Sign (key parsed from the same bytes each time)"
	}
	rng := leaktest.NewRBG()
	mu := make([]byte, p.CRHBytes())
	return &leaktest.Experiment{
		Name:   name,
		Coeffs: fullCoeffs,
		Trace: func(class int, rec *leaktest.Recorder) ([]float64, error) {
			sk := sk0
			var err error
			switch {
			case class == 1:
				sk, err = GenerateKey(p, leaktest.NewRBG(), g)
			case reparse:
				sk, err = ParsePrivateKey(p, sk0Bytes)
			}
			if err != nil {
				return nil, err
			}
			rng.Read(mu)
			leaktest.Restart(g)
			rec.Begin()
			_, err = sk.Sign(mu, leaktest.NewRBG(), g, nil)
			tr, rerr := rec.End()
			if err != nil {
				return nil, err
			}
			if sk != sk0 {
				sk.Clear()
			}
			return tr, rerr
		},
	}, nil
}

func excludeNoise(label string, _ int) bool {
	return label == leak.NoiseTerm || label == leak.NoiseShare
}

// nonceExperiment: one key (re-masked by every signature) and one message;
// class 0 replays a fixed RBG, so the nonce ⟦r⟧ (and w, c and z) are the
// same in every class-0 trace, class 1 draws a fresh one. It tests the
// masking of r, which the key experiments cannot see (z = c·s + r gives s
// away with r). The noise terms are not points: in Sign all of them come
// from the RBG seeds that fix r and w.
func nonceExperiment(p *params.Set, g masking.Generator) (*leaktest.Experiment, error) {
	sk, err := GenerateKey(p, leaktest.FixedRBG(3), masking.NewGenerator())
	if err != nil {
		return nil, err
	}
	mu := make([]byte, p.CRHBytes())
	return &leaktest.Experiment{
		Name:    "Sign, fixed vs random nonce",
		Coeffs:  fullCoeffs,
		Exclude: excludeNoise,
		Trace: func(class int, rec *leaktest.Recorder) ([]float64, error) {
			var rbg io.Reader = leaktest.ClassRBG(class, 4)
			leaktest.Restart(g)
			rec.Begin()
			_, err := sk.Sign(mu, rbg, g, nil)
			tr, rerr := rec.End()
			if err != nil {
				return nil, err
			}
			return tr, rerr
		},
	}, nil
}

type fullConfig struct {
	name     string
	d        int
	gen      func() masking.Generator
	reparse  bool
	wantLeak bool
}

func fullConfigs() []fullConfig {
	good := func() masking.Generator { return masking.NewGenerator() }
	restart := func() masking.Generator { return &leaktest.RestartingGenerator{} }
	stuck := func() masking.Generator { return leaktest.StuckGenerator{} }
	return []fullConfig{
		{"d=1", 1, good, false, true},
		{"d=2", 2, good, false, false},
		{"d=4", 4, good, false, false},
		{"d=2, restarting generator", 2, restart, false, true},
		{"d=2, stuck generator", 2, stuck, false, true},
		{"d=2, key not re-masked, restarting generator", 2, restart, true, true},
	}
}

// fullTraces returns the number of traces per experiment.
func fullTraces(wantLeak bool) int { return leaktest.Traces(100000, 2000, wantLeak) }

// TestLeakageFullSize runs the TVLA on the shipped KeyGen and Sign.
func TestLeakageFullSize(t *testing.T) {
	for _, cfg := range fullConfigs() {
		t.Run(cfg.name, func(t *testing.T) {
			if testing.Short() && cfg.d > 2 {
				t.Skip("d > 2 in the long run only")
			}
			p := leakSet(cfg.d)
			g := cfg.gen()
			traces := fullTraces(cfg.wantLeak)
			se, err := signExperiment(p, g, cfg.reparse)
			if err != nil {
				t.Fatal(err)
			}
			ne, err := nonceExperiment(p, g)
			if err != nil {
				t.Fatal(err)
			}
			var results []*leaktest.Result
			for _, e := range []*leaktest.Experiment{keyGenExperiment(p, g), se, ne} {
				res, err := leaktest.Run(e, traces, *leaktest.Sigma)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("%s %s: %d traces (%d/%d), %d points, max |t| = %.2f at %v (threshold %.2f for these points), %v, %d values of restarted attempts dropped",
					cfg.name, res.Name, res.Traces, res.N0, res.N1, res.Points, res.MaxT, res.MaxPoint, res.Threshold, res.Elapsed.Round(1e6), res.Dropped)
				results = append(results, res)
			}
			v := leaktest.Combine(results...)
			t.Logf("%s: max |t| = %.2f over %d points (%s), threshold %.2f, σ = %v: %s",
				cfg.name, v.MaxT, v.Points, v.Where, v.Threshold, *leaktest.Sigma, verdictWord(v.Leaks()))
			if v.Leaks() != cfg.wantLeak {
				for _, r := range results {
					t.Logf("%s, largest |t|:\n%s", r.Name, r.Top(10))
				}
				t.Errorf("%s: leakage detected = %v, want %v", cfg.name, v.Leaks(), cfg.wantLeak)
			}
		})
	}
}

func verdictWord(leaks bool) string {
	if leaks {
		return "LEAKS"
	}
	return "no leakage detected"
}
