//go:build !unix

package threshold

import "time"

// cpuTime is not available here: cpu-ns/op reports 0.
func cpuTime() time.Duration { return 0 }
