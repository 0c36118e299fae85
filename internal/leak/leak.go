// Package leak is the instrumentation point of the simulated-leakage
// harness: masking gadgets and the signing code report their masked
// intermediate values to it.
//
// Without the raccoonleak build tag, Enabled is the constant false and every
// guarded call (if leak.Enabled { leak.Observe(…) }) compiles to nothing.
// With the tag, a test installs a Recorder with SetRecorder.
package leak

// A Recorder receives intermediate values: label names the program point,
// share the share index (or -1 when the value is not a share), offset the
// index of the first coefficient in vals.
type Recorder interface {
	Observe(label string, share, offset int, vals []uint64)
}

// Program points reported by the instrumented code.
const (
	RefreshMask   = "refresh.mask"   // fresh mask r of a ZeroEncoding pair, share = stream
	RefreshOut    = "refresh.out"    // a share after Refresh
	DecodePartial = "decode.partial" // a partial sum of Decode (share = number of shares summed - 1)
	NoiseTerm     = "addrepnoise.e"  // a SampleU noise polynomial added to a share
	NoiseShare    = "addrepnoise.v"  // a share right after a noise term was added
	ExpandShare   = "maskdecompress" // a share expanded by MaskDecompress
	CompressAcc   = "maskcompress"   // the running value x of MaskCompress
	SignR         = "sign.r"         // a share of r in the NTT domain
	SignZ         = "sign.z"         // a share of c·s + r before Refresh
	KeyGenS       = "keygen.s"       // a share of s in the NTT domain
	KeyGenT       = "keygen.t"       // a share of A·s before AddRepNoise
)
