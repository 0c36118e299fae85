//go:build amd64 && !purego

package keccak

import (
	"errors"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/raccoon-go/raccoon/internal/x86sim"
)

// simKernels are the AVX-512 kernels checked in the software model of
// internal/x86sim, with the number of State4 each takes.
var simKernels = []struct {
	name   string
	fn     any
	states int
}{
	{"f1600x4AVX512", f1600x4AVX512, 1},
	{"f1600x8AVX512", f1600x8AVX512, 2},
}

// loadSim loads the machine code of a kernel for the model, skipping the
// test where the model cannot run.
func loadSim(tb testing.TB, fn any) *x86sim.Program {
	prog, err := x86sim.Load(fn)
	if errors.Is(err, x86sim.ErrUnavailable) {
		tb.Skip(err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return prog
}

// simulate runs prog on the states s (one argument each) in the model and
// returns the number of instructions executed.
func simulate(prog *x86sim.Program, s []State4) (int, error) {
	const base, stride = 0x1000_0000, 0x1000
	args := make([]uint64, len(s))
	for i := range s {
		args[i] = base + stride*uint64(i)
	}
	m := x86sim.NewMachine(args...)
	for i := range s {
		m.Map(args[i], unsafe.Slice((*byte)(unsafe.Pointer(&s[i])), unsafe.Sizeof(s[i])))
	}
	return m.Run(prog)
}

// TestAVX512Simulated runs the machine code of f1600x4AVX512 and
// f1600x8AVX512 in the software model of internal/x86sim and compares it
// with the generic permutation, so that the kernels are checked on
// machines without AVX-512 (the development machine and CI). Where the CPU
// has AVX-512, the other tests also run the kernels themselves
// (impl=AVX512).
func TestAVX512Simulated(t *testing.T) {
	for _, k := range simKernels {
		t.Run(k.name, func(t *testing.T) {
			prog := loadSim(t, k.fn)
			var ones State4
			for i := range ones {
				ones[i] = [4]uint64{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}
			}
			edge := []State4{ones, {}}
			inputs := [][]State4{make([]State4, k.states), edge[:k.states]}
			rng := rand.New(rand.NewPCG(1, 2))
			n := 16
			if testing.Short() {
				n = 4
			}
			for range n {
				in := make([]State4, k.states)
				for j := range in {
					for i := range in[j] {
						for l := range in[j][i] {
							in[j][i][l] = rng.Uint64()
						}
					}
				}
				inputs = append(inputs, in)
			}
			for c, in := range inputs {
				got := append([]State4(nil), in...)
				steps, err := simulate(prog, got)
				if err != nil {
					t.Fatalf("input %d: %v", c, err)
				}
				for j := range in {
					want := in[j]
					f1600x4Generic(&want, 4)
					if got[j] != want {
						t.Fatalf("input %d, State4 %d: the simulated kernel differs from the generic permutation", c, j)
					}
				}
				if c == 0 {
					t.Logf("%d instructions", steps)
				}
			}
		})
	}
}

// FuzzAVX512Simulated runs f1600x4AVX512 (kernel 0) or f1600x8AVX512
// (kernel 1) in the software model on states drawn from the fuzz input
// (each lane random, zero or all ones) and compares it with the generic
// permutation.
func FuzzAVX512Simulated(f *testing.F) {
	f.Add(uint64(1), uint8(0), false)
	f.Add(uint64(2), uint8(3), true)
	var progs [2]*x86sim.Program
	for i, k := range simKernels {
		progs[i] = loadSim(f, k.fn)
	}
	f.Fuzz(func(t *testing.T, seed uint64, edges uint8, wide bool) {
		k := 0
		if wide {
			k = 1
		}
		rng := rand.New(rand.NewPCG(seed, uint64(edges)))
		got := make([]State4, simKernels[k].states)
		for j := range got {
			for i := range got[j] {
				for l := range got[j][i] {
					switch v := rng.Uint64(); {
					case edges&1 != 0 && v%5 == 0:
					case edges&2 != 0 && v%5 == 1:
						got[j][i][l] = ^uint64(0)
					default:
						got[j][i][l] = rng.Uint64()
					}
				}
			}
		}
		want := append([]State4(nil), got...)
		for j := range want {
			f1600x4Generic(&want[j], 4)
		}
		if _, err := simulate(progs[k], got); err != nil {
			t.Fatal(err)
		}
		for j := range got {
			if got[j] != want[j] {
				t.Fatalf("%s, State4 %d: the simulated kernel differs from the generic permutation", simKernels[k].name, j)
			}
		}
	})
}
