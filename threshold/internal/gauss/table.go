package gauss

import (
	"math/big"
)

// Public constants of the sampler, computed once at package initialization
// with math/big at 320 bits of precision (TestConstants recomputes them by
// other formulas).
var (
	// cdt[i] = round(2^96·Σ_{m≤i} B(m)) as (high 64 bits, low 32 bits),
	// where B(m) = ρ_{s0}(m)/Σ_{j≥0} ρ_{s0}(j) is the one-sided base
	// distribution; the table stops before the first entry that would round
	// to 2^96, which is entry cdtLen (checked at initialization).
	cdt [cdtLen][2]uint64
	// ln2Hi·2^-64 + ln2Lo·2^-128 is ln 2 rounded down to 128 bits.
	ln2Hi, ln2Lo uint64
	// invLn2 = ⌊2^63/ln 2⌋.
	invLn2 uint64
	// invFact[i] = round(2^63/i!) for 0 <= i <= expDegree.
	invFact [expDegree + 1]uint64
)

const bigPrec = 320

// cdtLen is the number of entries of cdt for s0 = 4 (a multiple of 3, for
// cdtScan).
const cdtLen = 45

func init() {
	ln2 := bigLn2()
	two128 := pow2(128)
	l := new(big.Float).SetPrec(bigPrec).Mul(ln2, two128)
	li, _ := l.Int(nil) // ⌊ln 2·2^128⌋
	ln2Hi, ln2Lo = split128(li)

	inv := pow2(63)
	inv.Quo(inv, ln2)
	ii, _ := inv.Int(nil)
	invLn2 = ii.Uint64()

	fact := big.NewInt(1)
	for i := 0; i <= expDegree; i++ {
		if i > 0 {
			fact.Mul(fact, big.NewInt(int64(i)))
		}
		// round(2^63/i!) = ⌊(2^64/i! + 1)/2⌋
		v := new(big.Int).Lsh(big.NewInt(1), 64)
		v.Quo(v, fact)
		v.Add(v, big.NewInt(1))
		v.Rsh(v, 1)
		invFact[i] = v.Uint64()
	}

	if t := buildCDT(1 << baseShift); copy(cdt[:], t) != len(t) || len(t) != cdtLen {
		panic("gauss: internal error: base table length")
	}
}

// bigLn2 returns ln 2 = Σ_{k≥1} 1/(k·2^k) to bigPrec bits.
func bigLn2() *big.Float {
	sum := new(big.Float).SetPrec(bigPrec)
	term := new(big.Float).SetPrec(bigPrec)
	for k := 1; k <= bigPrec+16; k++ {
		term.Quo(pow2(-k), new(big.Float).SetPrec(bigPrec).SetInt64(int64(k)))
		sum.Add(sum, term)
	}
	return sum
}

// pow2 returns 2^e as a big.Float of precision bigPrec. (SetMantExp would
// take the precision of its argument.)
func pow2(e int) *big.Float {
	x := new(big.Float).SetMantExp(big.NewFloat(1), e)
	return x.SetPrec(bigPrec)
}

// split128 returns the high and low 64-bit words of x < 2^128.
func split128(x *big.Int) (hi, lo uint64) {
	mask := new(big.Int).SetUint64(^uint64(0))
	lo = new(big.Int).And(x, mask).Uint64()
	hi = new(big.Int).Rsh(x, 64).Uint64()
	return hi, lo
}

// buildCDT returns the 96-bit cumulative table of the base distribution
// B(m) ∝ exp(-m²/(2·s0²)), m ≥ 0.
func buildCDT(s0 int) [][2]uint64 {
	// e = exp(-1/(2·s0²)) by its Taylor series; ρ(m) = e^(m²).
	x := new(big.Float).SetPrec(bigPrec).SetFloat64(1 / float64(2*s0*s0)) // exact: power of two
	e := new(big.Float).SetPrec(bigPrec).SetInt64(1)
	term := new(big.Float).SetPrec(bigPrec).SetInt64(1)
	for k := 1; k < 120; k++ {
		term.Mul(term, x)
		term.Quo(term, new(big.Float).SetPrec(bigPrec).SetInt64(int64(k)))
		if k%2 == 1 {
			e.Sub(e, term)
		} else {
			e.Add(e, term)
		}
	}
	// Enough terms that the neglected tail is below 2^-300.
	const terms = 30 * (1 << baseShift)
	rho := make([]*big.Float, terms)
	sum := new(big.Float).SetPrec(bigPrec)
	for m := range rho {
		rho[m] = bigPow(e, uint64(m*m))
		sum.Add(sum, rho[m])
	}
	two96 := new(big.Int).Lsh(big.NewInt(1), 96)
	scale := new(big.Float).SetPrec(bigPrec).SetInt(two96)
	var out [][2]uint64
	acc := new(big.Float).SetPrec(bigPrec)
	half := new(big.Float).SetPrec(bigPrec).SetFloat64(0.5)
	for m := range rho {
		acc.Add(acc, rho[m])
		v := new(big.Float).SetPrec(bigPrec).Quo(acc, sum)
		v.Mul(v, scale)
		v.Add(v, half)
		vi, _ := v.Int(nil) // round to nearest
		if vi.Cmp(two96) >= 0 {
			break
		}
		out = append(out, [2]uint64{new(big.Int).Rsh(vi, 32).Uint64(), vi.Uint64() & 0xffffffff})
	}
	return out
}

// bigPow returns b^e by square and multiply.
func bigPow(b *big.Float, e uint64) *big.Float {
	r := new(big.Float).SetPrec(bigPrec).SetInt64(1)
	x := new(big.Float).SetPrec(bigPrec).Set(b)
	for ; e > 0; e >>= 1 {
		if e&1 == 1 {
			r.Mul(r, x)
		}
		x.Mul(x, x)
	}
	return r
}
