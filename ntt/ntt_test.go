package ntt

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/raccoon-go/raccoon/internal/cryptotest"
	"github.com/stretchr/testify/require"
)

var bigQ = big.NewInt(Q)

func brv9(i int) int {
	r := 0
	for j := 0; j < 9; j++ {
		r |= (i >> j & 1) << (8 - j)
	}
	return r
}

// TestConstants recomputes the root of unity, the Montgomery constants and
// every twiddle table with math/big.
func TestConstants(t *testing.T) {
	q1, q2 := big.NewInt(1<<24-1<<18+1), big.NewInt(1<<25-1<<18+1)
	require.Zero(t, new(big.Int).Mul(q1, q2).Cmp(bigQ), "q = q1·q2")
	require.True(t, q1.ProbablyPrime(20) && q2.ProbablyPrime(20))

	// 15 generates both multiplicative groups, root = 15^(lcm/1024).
	one := big.NewInt(1)
	a, b := new(big.Int).Sub(q1, one), new(big.Int).Sub(q2, one)
	lcm := new(big.Int).Div(new(big.Int).Mul(a, b), new(big.Int).GCD(nil, nil, a, b))
	require.Equal(t, "2097414144", lcm.String())
	h := new(big.Int).Exp(big.NewInt(15), new(big.Int).Div(lcm, big.NewInt(1024)), bigQ)
	require.Equal(t, "358453792785495", h.String(), "specification, Section 2.7.2")
	require.Equal(t, h.Uint64(), uint64(root))
	// h^512 = -1 modulo both primes, so h has order exactly 1024.
	h512 := new(big.Int).Exp(h, big.NewInt(512), bigQ)
	require.Equal(t, uint64(Q-1), h512.Uint64())

	two64 := new(big.Int).Lsh(one, 64)
	hInv := new(big.Int).ModInverse(h, bigQ)
	nInvBig := new(big.Int).ModInverse(big.NewInt(N), bigQ)
	shoup := func(w *big.Int) uint64 { return new(big.Int).Div(new(big.Int).Lsh(w, 64), bigQ).Uint64() }
	for i := 1; i < N; i++ {
		z := new(big.Int).Exp(h, big.NewInt(int64(brv9(i))), bigQ)
		require.Equal(t, z.Uint64(), zetas[i], "zetas[%d]", i)
		require.Equal(t, shoup(z), zetasShoup[i], "zetasShoup[%d]", i)
		zi := new(big.Int).Exp(hInv, big.NewInt(int64(brv9(i))), bigQ)
		if i == 1 {
			zi.Mul(zi, nInvBig).Mod(zi, bigQ)
		}
		require.Equal(t, zi.Uint64(), zetasInv[i], "zetasInv[%d]", i)
		require.Equal(t, shoup(zi), zetasInvShoup[i], "zetasInvShoup[%d]", i)
	}
	require.Equal(t, nInvBig.Uint64(), uint64(nInv))
	require.Equal(t, shoup(nInvBig), uint64(nInvShoup))
	qi := new(big.Int).ModInverse(bigQ, two64)
	require.Equal(t, new(big.Int).Sub(two64, qi).Uint64(), uint64(qNegInv))
	require.Equal(t, new(big.Int).Exp(two64, big.NewInt(2), bigQ).Uint64(), uint64(r2))
	// The reference's first Montgomery-scaled twiddle (ref-c/ntt64.c) is
	// 2^64·h^brv9(1) mod q.
	w1 := new(big.Int).Mul(two64, big.NewInt(int64(zetas[1])))
	require.Equal(t, "209408931609897", w1.Mod(w1, bigQ).String())
}

// evalNTT is the definition of the forward transform: the polynomial f
// evaluated at root^(2·brv9(i)+1), computed with math/big.
func evalNTT(f *Poly) *NTTPoly {
	var out NTTPoly
	h := big.NewInt(root)
	for i := 0; i < N; i++ {
		x := new(big.Int).Exp(h, big.NewInt(int64(2*brv9(i)+1)), bigQ)
		acc := new(big.Int)
		for j := N - 1; j >= 0; j-- { // Horner
			acc.Mul(acc, x)
			acc.Add(acc, new(big.Int).SetUint64(f[j]))
			acc.Mod(acc, bigQ)
		}
		out[i] = acc.Uint64()
	}
	return &out
}

// schoolbook returns f·g mod (x^N+1, q).
func schoolbook(f, g *Poly) *Poly {
	var acc [2 * N]*big.Int
	for i := range acc {
		acc[i] = new(big.Int)
	}
	tmp := new(big.Int)
	for i := 0; i < N; i++ {
		for j := 0; j < N; j++ {
			tmp.SetUint64(f[i])
			tmp.Mul(tmp, new(big.Int).SetUint64(g[j]))
			acc[i+j].Add(acc[i+j], tmp)
		}
	}
	var out Poly
	for i := 0; i < N; i++ {
		v := new(big.Int).Sub(acc[i], acc[i+N])
		out[i] = v.Mod(v, bigQ).Uint64()
	}
	return &out
}

func randPoly(r *rand.Rand) *Poly {
	var p Poly
	for i := range p {
		p[i] = r.Uint64N(Q)
	}
	return &p
}

// edgePolys returns polynomials with extreme coefficients.
func edgePolys() []*Poly {
	var zero, max, alt, one, mono Poly
	for i := range max {
		max[i] = Q - 1
		if i%2 == 0 {
			alt[i] = Q - 1
		}
	}
	one[0] = 1
	mono[N-1] = 1
	return []*Poly{&zero, &max, &alt, &one, &mono}
}

func TestForwardMatchesDefinition(t *testing.T) {
	cryptotest.TestAllImplementations(t, "ntt", func(t *testing.T) {
		r := rand.New(rand.NewPCG(1, 2))
		polys := append(edgePolys(), randPoly(r))
		if !testing.Short() {
			polys = append(polys, randPoly(r), randPoly(r))
		}
		for i, f := range polys {
			var got NTTPoly
			got.Forward(f)
			require.Equal(t, *evalNTT(f), got, "input %d", i)
		}
	})
}

func TestMultiplicationMatchesSchoolbook(t *testing.T) {
	cryptotest.TestAllImplementations(t, "ntt", func(t *testing.T) {
		r := rand.New(rand.NewPCG(3, 4))
		n := 4
		if testing.Short() {
			n = 1
		}
		cases := [][2]*Poly{{edgePolys()[1], edgePolys()[1]}, {edgePolys()[4], edgePolys()[4]}}
		for i := 0; i < n; i++ {
			cases = append(cases, [2]*Poly{randPoly(r), randPoly(r)})
		}
		for i, c := range cases {
			var fh, gh NTTPoly
			var gm MontPoly
			fh.Forward(c[0])
			gh.Forward(c[1])
			gm.FromNTT(&gh)

			var p1, p2 NTTPoly
			p1.Mul(&fh, &gh)
			p2.MulMont(&fh, &gm)
			require.Equal(t, p1, p2)
			var got Poly
			got.Inverse(&p1)
			require.Equal(t, *schoolbook(c[0], c[1]), got, "case %d", i)

			// MulAddMont adds a third operand.
			var a NTTPoly
			a.Forward(c[1])
			var s1, s2 NTTPoly
			s1.MulAddMont(&fh, &gm, &a)
			Add(&s2, &p1, &a)
			require.Equal(t, s2, s1)
		}
	})
}

func TestInverseRoundTrip(t *testing.T) {
	cryptotest.TestAllImplementations(t, "ntt", func(t *testing.T) {
		r := rand.New(rand.NewPCG(5, 6))
		for i := 0; i < 100; i++ {
			f := randPoly(r)
			var fh NTTPoly
			var back Poly
			back.Inverse(fh.Forward(f))
			require.Equal(t, *f, back)
			// And the other way round.
			g := NTTPoly(*randPoly(r))
			var gc Poly
			var gh NTTPoly
			gh.Forward(gc.Inverse(&g))
			require.Equal(t, g, gh)
		}
		for _, f := range edgePolys() {
			var fh NTTPoly
			var back Poly
			back.Inverse(fh.Forward(f))
			require.Equal(t, *f, back)
		}
	})
}

// TestLazyInputs checks that inputs up to the documented bound 4Q are
// reduced correctly.
func TestLazyInputs(t *testing.T) {
	cryptotest.TestAllImplementations(t, "ntt", func(t *testing.T) {
		r := rand.New(rand.NewPCG(7, 8))
		for i := 0; i < 20; i++ {
			f := randPoly(r)
			var big Poly
			for j := range f {
				k := r.Uint64N((4*Q-1-f[j])/Q + 1)
				big[j] = f[j] + k*Q
			}
			if i == 0 {
				for j := range big {
					big[j] = f[j] + ((4*Q-1-f[j])/Q)*Q
				}
			}
			var a, b NTTPoly
			a.Forward(f)
			b.Forward(&big)
			require.Equal(t, a, b)
			var c, d Poly
			c.Inverse((*NTTPoly)(f))
			d.Inverse((*NTTPoly)(&big))
			require.Equal(t, c, d)
		}
	})
}

func TestAddSubNeg(t *testing.T) {
	cryptotest.TestAllImplementations(t, "ntt", func(t *testing.T) {
		r := rand.New(rand.NewPCG(9, 10))
		for i := 0; i < 50; i++ {
			x, y := randPoly(r), randPoly(r)
			if i == 0 {
				x, y = edgePolys()[1], edgePolys()[1]
			}
			var s, d, n, z Poly
			Add(&s, x, y)
			Sub(&d, x, y)
			Neg(&n, y)
			for j := range s {
				require.Equal(t, (x[j]+y[j])%Q, s[j])
				require.Equal(t, (x[j]+Q-y[j])%Q, d[j])
				require.Equal(t, (Q-y[j])%Q, n[j])
			}
			Add(&z, &d, y)
			require.Equal(t, *x, z)
		}
	})
}

func BenchmarkForward(b *testing.B) {
	p := randPoly(rand.New(rand.NewPCG(1, 1)))
	benchAllImplementations(b, func(b *testing.B) {
		for b.Loop() {
			ForwardInPlace(p)
		}
	})
}

func BenchmarkInverse(b *testing.B) {
	p := NTTPoly(*randPoly(rand.New(rand.NewPCG(1, 1))))
	benchAllImplementations(b, func(b *testing.B) {
		for b.Loop() {
			InverseInPlace(&p)
		}
	})
}

func BenchmarkMulMont(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x, y := NTTPoly(*randPoly(r)), MontPoly(*randPoly(r))
	benchAllImplementations(b, func(b *testing.B) {
		for b.Loop() {
			x.MulMont(&x, &y)
		}
	})
}

func BenchmarkMulAddMont(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x, y, a := NTTPoly(*randPoly(r)), MontPoly(*randPoly(r)), NTTPoly(*randPoly(r))
	benchAllImplementations(b, func(b *testing.B) {
		for b.Loop() {
			a.MulAddMont(&x, &y, &a)
		}
	})
}

func BenchmarkFromNTT(b *testing.B) {
	x := NTTPoly(*randPoly(rand.New(rand.NewPCG(1, 1))))
	var y MontPoly
	benchAllImplementations(b, func(b *testing.B) {
		for b.Loop() {
			y.FromNTT(&x)
		}
	})
}

func BenchmarkAdd(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x, y := randPoly(r), randPoly(r)
	benchAllImplementations(b, func(b *testing.B) {
		for b.Loop() {
			Add(x, x, y)
		}
	})
}

func BenchmarkSub(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x, y := randPoly(r), randPoly(r)
	benchAllImplementations(b, func(b *testing.B) {
		for b.Loop() {
			Sub(x, x, y)
		}
	})
}
