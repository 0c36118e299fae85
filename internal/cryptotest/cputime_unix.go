//go:build unix

package cryptotest

import (
	"syscall"
	"time"
)

// processCPUTime returns the user plus system CPU time of the process.
func processCPUTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
