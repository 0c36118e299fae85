//go:build !raccoonleak

package leak

// Enabled reports whether the build records intermediate values.
const Enabled = false

// Observe does nothing in this build.
func Observe(label string, share, offset int, vals []uint64) {}

// SetRecorder does nothing in this build.
func SetRecorder(r Recorder) {}
