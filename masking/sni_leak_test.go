//go:build raccoonleak

package masking

// With the instrumentation on, the SNI checker's wire models can be checked
// against the values the shipped gadgets report: the masks of Refresh come
// in the schedule's order and blocks, and the running values of
// MaskCompress are exactly the internal wires of maskCompressGadget in the
// specification's order.

import (
	"math/rand/v2"
	"testing"

	"github.com/raccoon-go/raccoon/internal/leak"
	"github.com/raccoon-go/raccoon/internal/xof"
	"github.com/raccoon-go/raccoon/ntt"
	"github.com/stretchr/testify/require"
)

type report struct {
	label         string
	share, offset int
	vals          []uint64
}

type listRecorder struct{ reports []report }

func (r *listRecorder) Observe(label string, share, offset int, vals []uint64) {
	r.reports = append(r.reports, report{label, share, offset, append([]uint64(nil), vals...)})
}

func recordReports(f func()) []report {
	rec := &listRecorder{}
	leak.SetRecorder(rec)
	defer leak.SetRecorder(nil)
	f()
	return rec.reports
}

// TestRefreshScheduleReports checks the reported masks of Refresh against
// the generator's calls: same order, stream and values, one report per
// call, at the offset of the call's block.
func TestRefreshScheduleReports(t *testing.T) {
	for _, d := range []int{2, 4, 8, 16, 32} {
		sched, err := refreshSchedule(d)
		require.NoError(t, err)
		gen := &markGenerator{rng: rand.New(rand.NewPCG(uint64(d), 31))}
		x := make([]ntt.Poly, d)
		reps := recordReports(func() { Refresh(x, gen) })
		var masks []report
		for _, r := range reps {
			if r.label == leak.RefreshMask {
				masks = append(masks, r)
			}
		}
		require.Len(t, masks, len(gen.streams), "d=%d", d)
		for m, r := range masks {
			require.Equal(t, gen.streams[m], r.share, "d=%d call %d: stream", d, m)
			require.Equal(t, gen.vals[m], r.vals, "d=%d call %d: values", d, m)
		}
		// Coefficient c of the block at offset o uses lane c - o of the
		// call, as the schedule read from the outputs says.
		for c := 0; c < n; c++ {
			for _, ld := range sched[c] {
				require.Equal(t, c-masks[ld.call].offset, ld.lane, "d=%d coefficient %d", d, c)
			}
		}
	}
}

// TestMaskCompressWires checks the reported running values of MaskCompress
// against the internal wires of the checker's model, evaluated on the
// actual shares and expanded masks.
func TestMaskCompressWires(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 32))
	for _, d := range []int{2, 4, 8, 32} {
		s := make([]ntt.NTTPoly, d)
		for i := range s {
			for c := range s[i] {
				s[i][c] = rng.Uint64N(q)
			}
		}
		keys := make([]byte, (d-1)*16)
		for i := range keys {
			keys[i] = byte(rng.Uint32())
		}
		const index = 3
		var x ntt.NTTPoly
		reps := recordReports(func() { MaskCompress(&x, s, index, keys) })
		// The masks MaskCompress expands.
		r := make([]ntt.NTTPoly, d-1)
		for j := 1; j < d; j++ {
			xof.SampleQ((*[n]uint64)(&r[j-1]), xof.HeaderK(index, j), keys[(j-1)*16:j*16])
		}
		g := maskCompressGadget(d, false)
		var accs [][]uint64
		for _, rp := range reps {
			if rp.label == leak.CompressAcc {
				accs = append(accs, rp.vals)
			}
		}
		// The model's accumulator wires, in order.
		var wires []linForm
		var labels []string
		for i, lbl := range g.labels[:g.nInt] {
			if len(lbl) > 2 && lbl[0] == 'x' && (lbl[1] == '-' || lbl[1] == '+') {
				wires = append(wires, g.wires[i])
				labels = append(labels, lbl)
			}
		}
		require.Len(t, accs, len(wires), "d=%d", d)
		for k, f := range wires {
			for c := 0; c < n; c++ {
				var want uint64
				for col, a := range f {
					var v uint64
					if col < g.nr {
						v = r[col][c]
					} else {
						v = s[col-g.nr][c]
					}
					switch a {
					case 1:
						want = ntt.ReduceCoeff(want + v)
					case -1:
						want = ntt.ReduceCoeff(want + q - v)
					}
				}
				require.Equal(t, want, accs[k][c], "d=%d wire %s coefficient %d", d, labels[k], c)
			}
		}
		// The output wire is the result.
		out := g.wires[g.nInt]
		var want ntt.NTTPoly
		for col, a := range out {
			if a == 0 {
				continue
			}
			var src *ntt.NTTPoly
			if col < g.nr {
				src = &r[col]
			} else {
				src = &s[col-g.nr]
			}
			if a == 1 {
				ntt.Add(&want, &want, src)
			} else {
				ntt.Sub(&want, &want, src)
			}
		}
		require.Equal(t, want, x, "d=%d output", d)
	}
}
