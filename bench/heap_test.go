package bench

import (
	"flag"
	"fmt"
	"testing"

	"github.com/raccoon-go/raccoon/internal/cryptotest"
	"github.com/raccoon-go/raccoon/raccoon"
)

var heapReport = flag.Bool("bench.heap", false, "print the heap use of KeyGen and Sign for every parameter set")

func keygenHeap(p raccoon.Params) (uint64, uint64) {
	return HeapUse(func() raccoon.Params { return p }, func(p raccoon.Params) {
		if _, err := raccoon.GenerateKey(p); err != nil {
			panic(err)
		}
	})
}

func signHeap(p raccoon.Params) (uint64, uint64) {
	return HeapUse(func() *raccoon.PrivateKey {
		sk, err := raccoon.GenerateKey(p)
		if err != nil {
			panic(err)
		}
		// Warm up: the first signature allocates the key's workspace.
		if _, err := sk.Sign(nil, []byte("warm up"), nil); err != nil {
			panic(err)
		}
		return sk
	}, func(sk *raccoon.PrivateKey) {
		if _, err := sk.Sign(nil, []byte("message"), nil); err != nil {
			panic(err)
		}
	})
}

// TestSignHeap checks the memory goal of the masked sets: Raccoon-128-32
// signing, key included, stays under 1 MiB of live heap.
func TestSignHeap(t *testing.T) {
	// Under the race detector sync.Pool drops a quarter of the objects put
	// back, so Refresh's pooled mask buffer is reallocated during a
	// signature and the figures say nothing about a normal build.
	cryptotest.SkipTestAllocations(t)
	p, _ := raccoon.ParamsByName("Raccoon-128-32")
	alloc, peak := signHeap(p)
	t.Logf("Raccoon-128-32 Sign: %d B allocated, peak live heap ≤ %d B (key, workspace and allocations)", alloc, peak)
	if peak >= 1<<20 {
		t.Errorf("Raccoon-128-32 Sign: peak live heap %d B, want < 1 MiB", peak)
	}
}

// TestHeapReport prints the table of heap use (-bench.heap).
func TestHeapReport(t *testing.T) {
	if !*heapReport {
		t.Skip("run with -bench.heap")
	}
	fmt.Printf("%-16s %14s %14s %14s %14s\n", "set", "KeyGen alloc", "KeyGen peak", "Sign alloc", "Sign peak")
	for _, p := range raccoon.AllParams() {
		ka, kp := keygenHeap(p)
		sa, sp := signHeap(p)
		fmt.Printf("%-16s %14d %14d %14d %14d\n", p, ka, kp, sa, sp)
	}
}
