package ntt

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/raccoon-go/raccoon/internal/cryptotest"
)

// dotChain is DotMont computed as MulMont followed by MulAddMont for each
// further term, with the generic kernels.
func dotChain(x []NTTPoly, stride int, y []MontPoly) [N]uint64 {
	var z [N]uint64
	mulMontGeneric(&z, (*[N]uint64)(&x[0]), (*[N]uint64)(&y[0]))
	for j := 1; j < len(y); j++ {
		mulAddMontGeneric(&z, (*[N]uint64)(&x[j*stride]), (*[N]uint64)(&y[j]), &z)
	}
	return z
}

// dotOperands fills n terms at the given stride from the polynomials of
// pool, starting at index k; the gaps of x hold values above Q, which
// DotMont must not read.
func dotOperands(pool []*[N]uint64, k, n, stride int) ([]NTTPoly, []MontPoly) {
	x := make([]NTTPoly, (n-1)*stride+1)
	for i := range x {
		for c := range x[i] {
			x[i][c] = 1<<63 | uint64(c)
		}
	}
	y := make([]MontPoly, n)
	for j := 0; j < n; j++ {
		x[j*stride] = NTTPoly(*pool[(k+2*j)%len(pool)])
		y[j] = MontPoly(*pool[(k+2*j+1)%len(pool)])
	}
	return x, y
}

// TestDotMontMatchesChain checks DotMont against the chain of MulMont and
// MulAddMont for every number of terms, strides 1 to 3, and edge and
// random operands, with z separate and z aliasing x[0] or y[n-1].
func TestDotMontMatchesChain(t *testing.T) {
	cryptotest.TestAllImplementations(t, "ntt", func(t *testing.T) {
		names, pool := kernelInputs(boundQ, 11)
		for n := 1; n <= MaxDotTerms; n++ {
			for stride := 1; stride <= 3; stride++ {
				for k := 0; k < len(pool); k += 1 + n {
					x, y := dotOperands(pool, k, n, stride)
					want := dotChain(x, stride, y)
					name := fmt.Sprintf("%d terms, stride %d, from %q", n, stride, names[k])
					var z NTTPoly
					z.DotMont(x, stride, y)
					if i := firstDiff((*[N]uint64)(&z), &want); i >= 0 {
						t.Fatalf("%s: DotMont differs from the chain at %d: %d, want %d", name, i, z[i], want[i])
					}
					checkReduced(t, name, (*[N]uint64)(&z))
					x0 := x[0]
					x[0].DotMont(x, stride, y)
					if [N]uint64(x[0]) != want {
						t.Fatalf("%s: DotMont with z = x[0] differs", name)
					}
					x[0] = x0
					last := (*NTTPoly)(&y[n-1])
					last.DotMont(x, stride, y)
					if [N]uint64(*last) != want {
						t.Fatalf("%s: DotMont with z = y[n-1] differs", name)
					}
				}
			}
		}
	})
}

// TestDotMontLargest checks the sum of the largest number of terms with
// every operand at the top of its range and with random operands.
func TestDotMontLargest(t *testing.T) {
	cryptotest.TestAllImplementations(t, "ntt", func(t *testing.T) {
		r := rand.New(rand.NewPCG(12, 13))
		for _, fill := range []func() uint64{
			func() uint64 { return Q - 1 },
			func() uint64 { return Q / 2 },
			func() uint64 { return r.Uint64N(Q) },
		} {
			x := make([]NTTPoly, MaxDotTerms)
			y := make([]MontPoly, MaxDotTerms)
			for j := range x {
				for i := range x[j] {
					x[j][i], y[j][i] = fill(), fill()
				}
			}
			want := dotChain(x, 1, y)
			var z NTTPoly
			z.DotMont(x, 1, y)
			if i := firstDiff((*[N]uint64)(&z), &want); i >= 0 {
				t.Fatalf("DotMont differs from the chain at %d: %d, want %d", i, z[i], want[i])
			}
		}
	})
}

func TestDotMontPanics(t *testing.T) {
	x := make([]NTTPoly, 4)
	y := make([]MontPoly, MaxDotTerms+1)
	var z NTTPoly
	for _, tc := range []struct {
		name   string
		x      []NTTPoly
		stride int
		y      []MontPoly
	}{
		{"no terms", x, 1, nil},
		{"too many terms", make([]NTTPoly, MaxDotTerms+1), 1, y},
		{"stride 0", x, 0, y[:2]},
		{"x too short", x, 2, y[:3]},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: DotMont did not panic", tc.name)
				}
			}()
			z.DotMont(tc.x, tc.stride, tc.y)
		}()
	}
}

func FuzzDotMont(f *testing.F) {
	f.Add([]byte{}, uint8(0), uint8(0))
	f.Add([]byte("row"), uint8(3), uint8(1))
	f.Fuzz(func(t *testing.T, seed []byte, nSel, strideSel uint8) {
		n, stride := 1+int(nSel)%MaxDotTerms, 1+int(strideSel)%3
		var pool []*[N]uint64
		for k := 0; k < 2*n; k++ {
			pool = append(pool, polyFromSeed(append([]byte{byte(k)}, seed...), boundQ))
		}
		x, y := dotOperands(pool, 0, n, stride)
		want := dotChain(x, stride, y)
		eachImplementation(func(name string) {
			var z NTTPoly
			z.DotMont(x, stride, y)
			if i := firstDiff((*[N]uint64)(&z), &want); i >= 0 {
				t.Fatalf("%s, %d terms, stride %d: DotMont differs from the chain at %d", name, n, stride, i)
			}
		})
	})
}

// BenchmarkDotMont measures a row of four terms (Raccoon-128's ℓ), against
// the chain of MulMont and MulAddMont it replaces.
func BenchmarkDotMont(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x := make([]NTTPoly, 4)
	y := make([]MontPoly, 4)
	for j := range x {
		x[j], y[j] = NTTPoly(*randPoly(r)), MontPoly(*randPoly(r))
	}
	var z NTTPoly
	benchAllImplementations(b, func(b *testing.B) {
		b.Run("dot", func(b *testing.B) {
			for b.Loop() {
				z.DotMont(x, 1, y)
			}
		})
		b.Run("chain", func(b *testing.B) {
			for b.Loop() {
				z.MulMont(&x[0], &y[0])
				for j := 1; j < 4; j++ {
					z.MulAddMont(&x[j], &y[j], &z)
				}
			}
		})
	})
}

// ifmaSubtractionInputs returns two terms of DotMont for which every
// coefficient reaches the last step of dotMontIFMA's reduction (see
// _asm/ifma.go) with a value in [q, 2q), so that its final conditional
// subtraction is needed. That happens when the Montgomery step's result R is
// at least q and R ≡ 1 mod 2^12 (c = 2^-12 mod q has Shoup quotient
// c' = (c·2^52 - 2^40)/q, so k = hi52(R·c') falls one short of R·c/q
// exactly when R·c mod q < R/2^12). R is determined by the sum S of the
// products: R ≡ S·2^-52 mod q and S/2^52 <= R < S/2^52 + q. The first term
// is (q-1)², S/2^52 ≈ 0.12q; the second, x·1, moves S to the residue of
// the chosen R = r0 + 1 + 2^12·i for coefficient i, r0 the first multiple
// of 2^12 above q (all below 1.001q).
func ifmaSubtractionInputs() (x [2]NTTPoly, y [2]MontPoly) {
	Qb := new(big.Int).SetUint64(Q)
	s0 := new(big.Int).SetUint64(Q - 1)
	s0.Mul(s0, s0)
	r0 := uint64(Q+4095) / 4096 * 4096 // the first multiple of 2^12 above q
	for i := range N {
		R := new(big.Int).SetUint64(r0 + 1 + 4096*uint64(i))
		R.Lsh(R, 52)
		R.Sub(R, s0)
		x[0][i], y[0][i] = Q-1, Q-1
		x[1][i], y[1][i] = R.Mod(R, Qb).Uint64(), 1
	}
	return x, y
}

// TestDotMontSubtraction checks DotMont on ifmaSubtractionInputs.
func TestDotMontSubtraction(t *testing.T) {
	x, y := ifmaSubtractionInputs()
	want := dotChain(x[:], 1, y[:])
	cryptotest.TestAllImplementations(t, "ntt", func(t *testing.T) {
		var z NTTPoly
		z.DotMont(x[:], 1, y[:])
		if i := firstDiff((*[N]uint64)(&z), &want); i >= 0 {
			t.Fatalf("DotMont differs from the chain at %d: %d, want %d", i, z[i], want[i])
		}
	})
}
