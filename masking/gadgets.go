package masking

import (
	"errors"
	"io"
	"sync"

	"github.com/raccoon-go/raccoon/internal/leak"
	"github.com/raccoon-go/raccoon/internal/params"
	"github.com/raccoon-go/raccoon/internal/xof"
	"github.com/raccoon-go/raccoon/ntt"
)

const (
	n = params.N
	q = params.Q

	// block is the number of mask values Refresh draws per Generator call
	// at d = 32 (and the request size BenchmarkUniform measures).
	block = 64
	// zeroWords is the size of Refresh's buffer for the zero encoding of a
	// block of coefficients (16 KB, within the L1 cache with the masks):
	// a block has zeroWords/d coefficients, up to n, so that small d get
	// long blocks and few Generator calls.
	zeroWords = MaxShares * block
	// MaxShares is the largest supported number of shares d.
	MaxShares = 32
)

// ValidShares reports whether d is a supported number of shares: a power
// of two between 1 and MaxShares.
func ValidShares(d int) bool { return d >= 1 && d <= MaxShares && d&(d-1) == 0 }

func checkShares(d int) {
	if !ValidShares(d) {
		panic("masking: internal error: invalid number of shares")
	}
}

// ZeroEncoding implements ZeroEncoding (Algorithm 12): it sets the d =
// len(z) shares in z to a uniformly random d-sharing of zero. It uses the
// iterative butterfly form of the recursive algorithm: for strides h = 1, 2,
// …, d/2 and every pair (k, k+h) in each block of 2h shares, a fresh uniform
// r is added to share k and subtracted from share k+h; (d/2)·log2(d)
// uniform polynomials in all.
//
// d must be a power of two, at most MaxShares. It works in either domain.
func ZeroEncoding[P ~[n]uint64](z []P, g Generator) {
	d := len(z)
	checkShares(d)
	for i := range z {
		clear(z[i][:])
	}
	Refresh(z, g)
}

// Refresh implements Refresh (Algorithm 11): it adds a fresh
// ZeroEncoding(d) to the d = len(x) shares of x, share by share, leaving the
// encoded value unchanged. The zero encoding is computed in blocks of
// coefficients (all shares of one block at a time) and then added, so that
// no intermediate value combines shares of x.
//
// Refresh is t-SNI for t = d-1 (specification Section 4.2). It works in
// either domain. Shares must be in [0, q); so are the results.
func Refresh[P ~[n]uint64](x []P, g Generator) {
	d := len(x)
	checkShares(d)
	if d == 1 {
		return
	}
	if d == 2 {
		refresh2(x, g)
		return
	}
	// z holds the zero encoding of one block of blk coefficients, share i
	// at z[i*blk:]; the shares k and k+h of the butterflies of one stride h
	// and one group base are then two contiguous runs of h blocks. It stays
	// on the stack (a heap buffer would count against the 1 MiB signing
	// budget of Raccoon-128-32). r holds the masks of one group (h <= d/2
	// blocks). It is handed to the Generator through an interface call, so
	// it would escape to the heap: it comes from a pool instead.
	blk := min(n, zeroWords/d)
	var zbuf [zeroWords]uint64
	rp := maskPool.Get().(*[zeroWords / 2]uint64)
	defer maskPool.Put(rp)
	z, r := zbuf[:d*blk], rp[:d/2*blk]
	for c := 0; c < n; c += blk {
		if c > 0 {
			clear(z) // zbuf starts zeroed
		}
		for h := 1; h < d; h <<= 1 {
			for base := 0; base < d; base += 2 * h {
				for k := base; k < base+h; k++ {
					rk := r[(k-base)*blk : (k-base+1)*blk]
					g.Uniform(k, rk) // stream k, as the reference's per-index generators
					if leak.Enabled {
						leak.Observe(leak.RefreshMask, k, c, rk)
					}
				}
				// Mask k-base is added to share k and subtracted from
				// share k+h, for all k of the group in one call.
				ntt.AddSubVec(z[base*blk:(base+h)*blk], z[(base+h)*blk:(base+2*h)*blk], r[:h*blk])
			}
		}
		for i := 0; i < d; i++ {
			xi := x[i][c : c+blk]
			ntt.AddVec(xi, xi, z[i*blk:(i+1)*blk])
			if leak.Enabled {
				leak.Observe(leak.RefreshOut, i, c, xi)
			}
		}
	}
	clear(z)
	clear(r)
}

// refresh2 is Refresh for two shares. The zero encoding of two shares is
// (r, -r) for one fresh mask r (stream 0): it is added directly, share 0 +
// r and share 1 - r, the same outputs as the general path computes, from
// the same draw, without the zero-encoding buffer (whose zeroing and
// clearing cost more than the addition).
func refresh2[P ~[n]uint64](x []P, g Generator) {
	rp := maskPool.Get().(*[zeroWords / 2]uint64)
	defer maskPool.Put(rp)
	r := rp[:n]
	g.Uniform(0, r)
	if leak.Enabled {
		leak.Observe(leak.RefreshMask, 0, 0, r)
	}
	ntt.AddSubVec(x[0][:], x[1][:], r)
	if leak.Enabled {
		leak.Observe(leak.RefreshOut, 0, 0, x[0][:])
		leak.Observe(leak.RefreshOut, 1, 0, x[1][:])
	}
	clear(r)
}

// maskPool holds Refresh's mask buffers, cleared before they go back.
var maskPool = sync.Pool{New: func() any { return new([zeroWords / 2]uint64) }}

// Decode implements Decode (Algorithm 13): it sets dst to the sum of the
// shares in x and returns dst. It is the only function that recombines
// shares; callers must Refresh x immediately before.
//
// Decode is constant time. Shares must be in [0, q); so is the result.
func Decode[P ~[n]uint64](dst *P, x []P) *P {
	checkShares(len(x))
	*dst = x[0]
	for i := 1; i < len(x); i++ {
		if leak.Enabled {
			leak.Observe(leak.DecodePartial, i-1, 0, (*dst)[:])
		}
		ntt.Add(dst, dst, &x[i])
	}
	return dst
}

// errRBG is returned when the random bit generator fails.
var errRBG = errors.New("masking: random bit generator failed")

// AddRepNoise implements AddRepNoise (Algorithm 8) for polynomial number
// index of a vector: for each repetition i_rep < rep and each share j < d =
// len(v) it draws a κ-bit seed σ (len(sigma) bytes) from rbg and adds
// SampleU(hdr_u(i_rep, index, j), σ, u) to share j, then refreshes all d
// shares. The caller loops over the vector index, so the RBG draws come in
// the reference order (index, repetition, share).
//
// The SampleU expansions run xof.Width() at a time: the seeds of the next
// (repetition, share) pairs are drawn before the current repetition's
// Refresh, which changes nothing since Refresh does not use rbg; each noise
// term is still added to its share in the algorithm's order.
//
// v is in the coefficient domain with shares in [0, q); so are the results.
// sigma only gives the seed length (at most 32 bytes) and is cleared. It
// returns an error only if rbg fails; seeds are cleared on return.
func AddRepNoise(v []ntt.Poly, index, u, rep int, rbg io.Reader, g Generator, sigma []byte) error {
	d := len(v)
	checkShares(d)
	seedLen := len(sigma)
	defer clear(sigma)
	if seedLen < 1 || seedLen > 32 {
		panic("masking: internal error: seed length")
	}
	w := xof.Width()
	var seeds [xof.MaxLanes][32]byte
	defer clear(seeds[:])
	var hdr [xof.MaxLanes]xof.Header
	var sig [xof.MaxLanes][]byte
	total := rep * d
	for start := 0; start < total; start += w {
		cnt := min(w, total-start)
		for t := 0; t < cnt; t++ {
			ir, j := (start+t)/d, (start+t)%d
			// Read through sigma (the caller's buffer): a stack buffer
			// handed to the io.Reader would escape to the heap.
			if _, err := io.ReadFull(rbg, sigma); err != nil {
				return errRBG
			}
			copy(seeds[t][:], sigma)
			hdr[t] = xof.HeaderU(ir, index, j)
			sig[t] = seeds[t][:seedLen]
		}
		xof.SampleULanes(hdr[:cnt], sig[:cnt], u, func(t int, e *[n]uint64) {
			j := (start + t) % d
			if leak.Enabled {
				leak.Observe(leak.NoiseTerm, j, 0, e[:])
			}
			ntt.Add(&v[j], &v[j], (*ntt.Poly)(e))
			if leak.Enabled {
				leak.Observe(leak.NoiseShare, j, 0, v[j][:])
			}
			if j == d-1 {
				Refresh(v, g)
			}
		})
	}
	return nil
}
