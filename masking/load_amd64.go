//go:build !purego

package masking

import (
	"github.com/raccoon-go/raccoon/internal/impl"
	"golang.org/x/sys/cpu"
)

// useAVX2 enables loadAVX2, the AVX2 kernel of the generator's chunk
// processing (parse, rejection, health tests). Tests flip it through
// internal/impl to force the generic code.
var useAVX2 = cpu.X86.HasAVX2

func init() {
	impl.Register("masking", "AVX2", &useAVX2)
}

// loadAVX2 works like loadGeneric, parsing two groups of four candidates
// and testing their words per step, and clears the chunk with 32-byte
// stores. eq is nonzero (not necessarily 1) when two consecutive words are
// equal.
//
//go:noescape
func loadAVX2(raw *chunkWords, vals *[chunkGroups]uint64) (n int, eq, or, and uint64)

func loadChunk(raw *chunkWords, vals *[chunkGroups]uint64) (n int, eq, or, and uint64) {
	if useAVX2 {
		return loadAVX2(raw, vals)
	}
	return loadGeneric(raw, vals)
}
