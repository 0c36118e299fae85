//go:build amd64 && !purego

package ntt

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/raccoon-go/raccoon/internal/x86sim"
)

// simBytes returns the memory of s as bytes, for mapping into the model.
func simBytes[E any](s []E) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), uintptr(len(s))*unsafe.Sizeof(s[0]))
}

// TestDotMontIFMASimulated runs the machine code of dotMontIFMA in the
// software model of internal/x86sim and compares it with the chain of
// generic MulMont and MulAddMont, for edge and random operands, several
// numbers of terms and strides, and z aliasing x[0]. Where the CPU has
// AVX-512 IFMA, the other tests also run the kernel itself (impl=IFMA).
func TestDotMontIFMASimulated(t *testing.T) {
	prog, err := x86sim.Load(dotMontIFMA)
	if errors.Is(err, x86sim.ErrUnavailable) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	names, pool := kernelInputs(boundQ, 11)
	// The two terms of ifmaSubtractionInputs, whose reductions all end in
	// the final conditional subtraction: pool[k], pool[k+2] for x and
	// pool[k+1], pool[k+3] for y (dotOperands' order).
	sx, sy := ifmaSubtractionInputs()
	names = append(names, "subtraction", "", "", "")
	pool = append(pool, (*[N]uint64)(&sx[0]), (*[N]uint64)(&sy[0]), (*[N]uint64)(&sx[1]), (*[N]uint64)(&sy[1]))
	terms := []int{1, 2, 3, 4, 5, 7, 16}
	if testing.Short() {
		terms = []int{1, 2, 16}
	}
	const xBase, yBase, zBase = 0x1000_0000, 0x2000_0000, 0x3000_0000
	for _, n := range terms {
		for _, stride := range []int{1, 3} {
			var ks []int
			if n == 2 {
				ks = append(ks, len(pool)-4) // the subtraction inputs
			}
			for k := 0; k < len(pool)-4; k += 2 + n {
				ks = append(ks, k)
			}
			for _, k := range ks {
				x, y := dotOperands(pool, k, n, stride)
				want := dotChain(x, stride, y)
				name := fmt.Sprintf("%d terms, stride %d, from %q", n, stride, names[k])
				for _, alias := range []bool{false, true} {
					var z NTTPoly
					zAddr := uint64(zBase)
					if alias {
						zAddr = xBase
					}
					m := x86sim.NewMachine(zAddr, xBase, uint64(8*N*stride), yBase, uint64(n))
					m.Map(xBase, simBytes(x))
					m.Map(yBase, simBytes(y))
					m.Map(zBase, simBytes(z[:]))
					if _, err := m.Run(prog); err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					got := [N]uint64(z)
					if alias {
						got = [N]uint64(x[0])
					}
					if i := firstDiff(&got, &want); i >= 0 {
						t.Fatalf("%s (z aliasing x[0]: %v): coefficient %d is %d, want %d", name, alias, i, got[i], want[i])
					}
				}
			}
		}
	}
}

// TestTransformsIFMASimulated runs the machine code of forwardIFMA and
// inverseIFMA in the software model against forwardGeneric and
// inverseGeneric on the edge and random inputs of the other transform tests
// (all below 4q).
func TestTransformsIFMASimulated(t *testing.T) {
	for _, tc := range []struct {
		name    string
		kernel  func(*[N]uint64)
		generic func(*[N]uint64)
	}{
		{"forward", forwardIFMA, forwardGeneric},
		{"inverse", inverseIFMA, inverseGeneric},
	} {
		prog, err := x86sim.Load(tc.kernel)
		if errors.Is(err, x86sim.ErrUnavailable) {
			t.Skip(err)
		}
		if err != nil {
			t.Fatal(err)
		}
		names, pool := kernelInputs(boundNTT, 21)
		if testing.Short() {
			names, pool = names[:len(names)/2], pool[:len(pool)/2]
		}
		const base = 0x1000_0000
		for k, in := range pool {
			got, want := *in, *in
			tc.generic(&want)
			m := x86sim.NewMachine(base)
			m.Map(base, simBytes(got[:]))
			if _, err := m.Run(prog); err != nil {
				t.Fatalf("%s, %s: %v", tc.name, names[k], err)
			}
			if i := firstDiff(&got, &want); i >= 0 {
				t.Fatalf("%s, %s: coefficient %d is %d, want %d", tc.name, names[k], i, got[i], want[i])
			}
		}
	}
}

// FuzzIFMASimulated runs the IFMA kernels in the software model on
// polynomials drawn from the fuzz input (each coefficient random, 0 or the
// largest allowed value) and compares them with the generic code: the
// forward and inverse transforms, and DotMont with 1–16 terms. The model is
// slow (about 30 ms a transform), so CI runs few executions.
func FuzzIFMASimulated(f *testing.F) {
	f.Add(uint64(1), uint8(4), uint8(0))
	f.Add(uint64(2), uint8(16), uint8(0xff))
	fwd, err := x86sim.Load(forwardIFMA)
	if errors.Is(err, x86sim.ErrUnavailable) {
		f.Skip(err)
	}
	if err != nil {
		f.Fatal(err)
	}
	inv, err := x86sim.Load(inverseIFMA)
	if err != nil {
		f.Fatal(err)
	}
	dot, err := x86sim.Load(dotMontIFMA)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, seed uint64, terms, edges uint8) {
		rng := rand.New(rand.NewPCG(seed, uint64(edges)))
		poly := func(p *[N]uint64, bound uint64) {
			for i := range p {
				switch rng.Uint32() % 8 {
				case 0:
					if edges&1 != 0 {
						p[i] = 0
						continue
					}
				case 1:
					if edges&2 != 0 {
						p[i] = bound - 1
						continue
					}
				}
				p[i] = rng.Uint64N(bound)
			}
		}
		const base, xBase, yBase = 0x1000_0000, 0x2000_0000, 0x3000_0000
		for _, tc := range []struct {
			prog    *x86sim.Program
			generic func(*[N]uint64)
		}{{fwd, forwardGeneric}, {inv, inverseGeneric}} {
			var got [N]uint64
			poly(&got, 4*Q)
			want := got
			tc.generic(&want)
			m := x86sim.NewMachine(base)
			m.Map(base, simBytes(got[:]))
			if _, err := m.Run(tc.prog); err != nil {
				t.Fatal(err)
			}
			if i := firstDiff(&got, &want); i >= 0 {
				t.Fatalf("coefficient %d is %d, want %d", i, got[i], want[i])
			}
		}
		n := 1 + int(terms)%MaxDotTerms
		x, y := make([]NTTPoly, n), make([]MontPoly, n)
		for j := range x {
			poly((*[N]uint64)(&x[j]), Q)
			poly((*[N]uint64)(&y[j]), Q)
		}
		want := dotChain(x, 1, y)
		var z NTTPoly
		m := x86sim.NewMachine(base, xBase, 8*N, yBase, uint64(n))
		m.Map(xBase, simBytes(x))
		m.Map(yBase, simBytes(y))
		m.Map(base, simBytes(z[:]))
		if _, err := m.Run(dot); err != nil {
			t.Fatal(err)
		}
		if i := firstDiff((*[N]uint64)(&z), &want); i >= 0 {
			t.Fatalf("DotMont, %d terms: coefficient %d is %d, want %d", n, i, z[i], want[i])
		}
	})
}
