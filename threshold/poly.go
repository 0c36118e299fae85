package threshold

import (
	"runtime"
	"sync"

	"github.com/raccoon-go/raccoon/ntt"
)

// csub returns x-m if x >= m and x otherwise, for x < 2m <= 2^63, without
// branches.
func csub(x, m uint64) uint64 {
	t := x - m
	return t + (uint64(int64(t)>>63) & m)
}

// roundShift replaces each coefficient x ∈ [0, q) of f by ⌊x⌉_ν = ((x +
// 2^(ν-1)) >> ν) mod (q >> ν) (round_shift_r, poly_rshift). It is constant
// time.
func roundShift(f *ntt.Poly, nu int) {
	m := uint64(q) >> nu
	half := uint64(1) << (nu - 1)
	for i, x := range f {
		f[i] = csub((x+half)>>nu, m)
	}
}

// center returns the representative of x ∈ [0, m) in [-⌊m/2⌋, m-⌊m/2⌋)
// (polyr_center, poly_center).
func center(x, m uint64) int64 {
	c := m >> 1
	return int64(csub(x+c, m)) - int64(c)
}

// mulScalar sets z = x·c mod q (pointwise by the constant c), for x and c
// in [0, q). It is constant time.
func mulScalar(z, x *ntt.NTTPoly, c uint64) {
	var cp ntt.NTTPoly
	for i := range cp {
		cp[i] = c
	}
	z.Mul(x, &cp)
}

// clearPolys zeroes a vector of polynomials.
func clearPolys[P ~[n]uint64](v []P) {
	for i := range v {
		clear(v[i][:])
	}
}

// parallelFor calls f(i) for i in [0, count), spread over up to GOMAXPROCS
// goroutines when count is at least minPar; f must be safe for concurrent
// use on distinct i. It returns when every call has returned.
func parallelFor(count, minPar int, f func(worker, i int)) {
	workers := min(runtime.GOMAXPROCS(0), count)
	if count < minPar || workers <= 1 {
		for i := 0; i < count; i++ {
			f(0, i)
		}
		return
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < count; i += workers {
				f(w, i)
			}
		}(w)
	}
	wg.Wait()
}

// workers returns the number of workers parallelFor uses for count items.
func workers(count, minPar int) int {
	if count < minPar {
		return 1
	}
	return max(1, min(runtime.GOMAXPROCS(0), count))
}
