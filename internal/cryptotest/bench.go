package cryptotest

import "testing"

// BenchLoop runs f in a b.Loop and reports, next to the wall-clock ns/op,
// the process's CPU time per operation, cpu-ns/op: user plus system time of
// all its threads (the garbage collector's included; for an operation that
// runs goroutines in parallel it exceeds ns/op). It leaves out the time the
// process waits for a CPU while other processes run, and it is what C
// benchmarks based on clock() (the reference implementation's) report.
// Where the CPU time is not available only ns/op is reported.
func BenchLoop(b *testing.B, f func()) {
	count := 0
	start, ok := processCPUTime()
	for b.Loop() {
		f()
		count++
	}
	end, _ := processCPUTime()
	if ok && count > 0 {
		b.ReportMetric(float64(end-start)/float64(count), "cpu-ns/op")
	}
}
