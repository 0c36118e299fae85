//go:build purego || !(amd64 || arm64)

package ntt

import "math/bits"

// The dispatch points of the package when no assembly is built: one function
// per kernel, calling the pure-Go code. 32-bit targets use the transforms
// with 32-bit arithmetic (see ntt_generic32.go); the condition is a
// constant, so the other branch is not compiled in.

func forward(p *[N]uint64) {
	if bits.UintSize == 32 {
		forwardGeneric32(p)
		return
	}
	forwardGeneric(p)
}

func inverse(p *[N]uint64) {
	if bits.UintSize == 32 {
		inverseGeneric32(p)
		return
	}
	inverseGeneric(p)
}

func mulMont(z, x, y *[N]uint64)       { mulMontGeneric(z, x, y) }
func mulAddMont(z, x, y, a *[N]uint64) { mulAddMontGeneric(z, x, y, a) }
func toMont(z, x *[N]uint64)           { toMontGeneric(z, x) }
func add(z, x, y *[N]uint64)           { addGeneric(z, x, y) }
func sub(z, x, y *[N]uint64)           { subGeneric(z, x, y) }
func addSubVec(a, b, r []uint64)       { addSubVecGeneric(a, b, r) }
func addVec(z, x, y []uint64)          { addVecGeneric(z, x, y) }

func dotMont(z *[N]uint64, x []NTTPoly, stride int, y []MontPoly) {
	dotMontGeneric(z, x, stride, y)
}
