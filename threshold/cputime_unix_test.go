//go:build unix

package threshold

import (
	"syscall"
	"time"
)

// cpuTime returns the user plus system CPU time of the process. Benchmarks
// report it per operation (cpu-ns/op) next to the wall-clock time, which
// other processes on a shared machine inflate.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
