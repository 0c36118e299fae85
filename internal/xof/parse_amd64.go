//go:build !purego

package xof

import (
	"github.com/raccoon-go/raccoon/internal/impl"
	"golang.org/x/sys/cpu"
)

// useAVX2 enables parseU1AVX2, parseU5AVX2 and parseU6AVX2, the AVX2
// kernels of SampleU's bytes-to-coefficients step for 1-, 5- and 6-byte
// values: u_t (4 to 7 bits) and u_w (39 and 40 bits for d >= 8, 41 bits
// below) of every parameter set. Tests flip it through internal/impl to
// force the generic code.
var useAVX2 = cpu.X86.HasAVX2

func init() {
	impl.Register("xof", "AVX2", &useAVX2)
}

// parseU6AVX2 works like parseUGeneric with bytesPer = 6, four values per
// step; k holds the mask 2^u-1, 2^(u-1), q-2^(u-1) and q. It reads the
// first 3076 bytes of b.
//
//go:noescape
func parseU6AVX2(e *[n]uint64, b *[uBufSize]byte, k *[4]uint64)

// parseU1AVX2 works like parseUGeneric with bytesPer = 1. It reads the
// first 512 bytes of b.
//
//go:noescape
func parseU1AVX2(e *[n]uint64, b *[uBufSize]byte, k *[4]uint64)

// parseU5AVX2 works like parseUGeneric with bytesPer = 5. It reads the
// first 2566 bytes of b.
//
//go:noescape
func parseU5AVX2(e *[n]uint64, b *[uBufSize]byte, k *[4]uint64)

func parseU(e *[n]uint64, b *[uBufSize]byte, bytesPer, u int) {
	if useAVX2 && (bytesPer == 1 || bytesPer == 5 || bytesPer == 6) {
		mid := uint64(1) << (u - 1)
		k := [4]uint64{1<<u - 1, mid, q - mid, q}
		switch bytesPer {
		case 1:
			parseU1AVX2(e, b, &k)
		case 5:
			parseU5AVX2(e, b, &k)
		default:
			parseU6AVX2(e, b, &k)
		}
		return
	}
	parseUGeneric(e, b, bytesPer, u)
}
