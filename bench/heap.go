package bench

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// heapObjects returns the bytes of heap memory occupied by objects, live or
// not yet swept (runtime/metrics /memory/classes/heap/objects:bytes).
// runtime.ReadMemStats flushes the per-processor caches first, so that the
// figure includes the latest small allocations.
func heapObjects() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// totalAllocated returns the cumulative bytes allocated on the heap.
func totalAllocated() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.TotalAlloc
}

// HeapUse measures the heap use of one operation. setup runs first (for
// example creating a key and warming it up) and its result is kept alive;
// then op runs once with the garbage collector off.
//
// It returns the bytes op allocated, and peak: the live heap held by the
// setup result plus everything op allocated, measured from a collected
// baseline. Nothing is freed while the collector is off, so peak is an upper
// bound of the live heap during op that the operation is responsible for.
func HeapUse[T any](setup func() T, op func(T)) (allocated, peak uint64) {
	// One processor: sync.Pool keeps a cache per processor, and an object
	// put back on one is not always found from another (a collection
	// moves it to a per-processor victim cache), so that with several the
	// measured operation may allocate a second copy of a pooled buffer
	// that concurrent operations would each need anyway.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	// Two collections empty the sync.Pool caches (primary and victim), so
	// that pooled buffers count for the operation that uses them.
	runtime.GC()
	runtime.GC()
	base := heapObjects()
	v := setup()
	runtime.GC()
	old := debug.SetGCPercent(-1)
	defer debug.SetGCPercent(old)
	a0 := totalAllocated()
	op(v)
	allocated = totalAllocated() - a0
	if h := heapObjects(); h > base {
		peak = h - base
	}
	runtime.KeepAlive(v)
	return allocated, peak
}
