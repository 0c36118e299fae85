//go:build linux

package ntt

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/raccoon-go/raccoon/internal/impl"
)

var cpuTime = flag.Bool("cputime", false, "measure the kernels in thread CPU time (TestCPUTime)")

// threadCPUTime returns the CPU time of the calling thread.
func threadCPUTime() time.Duration {
	var ts syscall.Timespec
	const clockThreadCPUTimeID = 3
	syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTimeID, uintptr(unsafe.Pointer(&ts)), 0)
	return time.Duration(ts.Nano())
}

// TestCPUTime prints the cost of each kernel under each implementation in
// thread CPU time (minimum and median over interleaved batches), which is
// far less sensitive than the benchmarks to other processes on a shared
// machine. Run it with go test -run CPUTime -cputime -v.
func TestCPUTime(t *testing.T) {
	if !*cpuTime {
		t.Skip("-cputime not set")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	defer impl.Reset("ntt")
	r := rand.New(rand.NewPCG(1, 2))
	var x, y, z, a [N]uint64
	for i := range x {
		x[i], y[i], a[i] = r.Uint64N(Q), r.Uint64N(Q), r.Uint64N(Q)
	}
	kernels := []struct {
		name string
		f    func()
	}{
		{"Forward", func() { z = x; forward(&z) }},
		{"Inverse", func() { z = x; inverse(&z) }},
		{"MulMont", func() { mulMont(&z, &x, &y) }},
		{"MulAddMont", func() { mulAddMont(&z, &x, &y, &a) }},
		{"FromNTT", func() { toMont(&z, &x) }},
		{"Add", func() { add(&z, &x, &y) }},
		{"Sub", func() { sub(&z, &x, &y) }},
		{"copy", func() { z = x }},
	}
	impls := append(slices.Clone(impl.List("ntt")), "generic")
	const batch, rounds = 1000, 40
	res := map[string][]float64{}
	for range rounds {
		for _, name := range impls {
			if name == "generic" {
				impl.Select("ntt", "")
			} else if !impl.Select("ntt", name) {
				continue
			}
			for _, k := range kernels {
				t0 := threadCPUTime()
				for range batch {
					k.f()
				}
				key := k.name + "/impl=" + name
				res[key] = append(res[key], float64(threadCPUTime()-t0)/batch)
			}
		}
	}
	for _, k := range kernels {
		for _, name := range impls {
			v := res[k.name+"/impl="+name]
			if v == nil {
				continue
			}
			slices.Sort(v)
			fmt.Printf("%-28s min %8.1f ns  median %8.1f ns\n", k.name+"/impl="+name, v[0], v[len(v)/2])
		}
	}
}
