//go:build amd64 && !purego

package keccak

import (
	"errors"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/raccoon-go/raccoon/internal/x86sim"
)

// TestF1600x4AVX512Simulated runs the machine code of f1600x4AVX512 in the
// software model of internal/x86sim and compares it with the generic
// permutation, so that the kernel is checked on machines without AVX-512
// (the development machine and CI). Where the CPU has AVX-512, the other
// tests also run the kernel itself (impl=AVX512).
func TestF1600x4AVX512Simulated(t *testing.T) {
	prog, err := x86sim.Load(f1600x4AVX512)
	if errors.Is(err, x86sim.ErrUnavailable) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	const base = 0x1000_0000
	inputs := []State4{{}, {}}
	for i := range inputs[1] {
		inputs[1][i] = [4]uint64{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	n := 16
	if testing.Short() {
		n = 4
	}
	for range n {
		var s State4
		for i := range s {
			for j := range s[i] {
				s[i][j] = rng.Uint64()
			}
		}
		inputs = append(inputs, s)
	}
	for k, in := range inputs {
		got, want := in, in
		m := x86sim.NewMachine(base)
		m.Map(base, unsafe.Slice((*byte)(unsafe.Pointer(&got)), unsafe.Sizeof(got)))
		steps, err := m.Run(prog)
		if err != nil {
			t.Fatalf("input %d: %v", k, err)
		}
		f1600x4Generic(&want, 4)
		if got != want {
			t.Fatalf("input %d: the simulated kernel differs from the generic permutation", k)
		}
		if k == 0 {
			t.Logf("%d instructions", steps)
		}
	}
}

// FuzzF1600x4AVX512Simulated runs f1600x4AVX512 in the software model on
// states drawn from the fuzz input (each lane random, zero or all ones) and
// compares it with the generic permutation.
func FuzzF1600x4AVX512Simulated(f *testing.F) {
	f.Add(uint64(1), uint8(0))
	f.Add(uint64(2), uint8(3))
	prog, err := x86sim.Load(f1600x4AVX512)
	if errors.Is(err, x86sim.ErrUnavailable) {
		f.Skip(err)
	}
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, seed uint64, edges uint8) {
		rng := rand.New(rand.NewPCG(seed, uint64(edges)))
		var got State4
		for i := range got {
			for j := range got[i] {
				switch v := rng.Uint64(); {
				case edges&1 != 0 && v%5 == 0:
				case edges&2 != 0 && v%5 == 1:
					got[i][j] = ^uint64(0)
				default:
					got[i][j] = rng.Uint64()
				}
			}
		}
		want := got
		f1600x4Generic(&want, 4)
		const base = 0x1000_0000
		m := x86sim.NewMachine(base)
		m.Map(base, unsafe.Slice((*byte)(unsafe.Pointer(&got)), unsafe.Sizeof(got)))
		if _, err := m.Run(prog); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatal("the simulated kernel differs from the generic permutation")
		}
	})
}
