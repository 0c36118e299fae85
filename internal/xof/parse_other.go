//go:build purego || !amd64

package xof

func parseU(e *[n]uint64, b *[uBufSize]byte, bytesPer, u int) {
	parseUGeneric(e, b, bytesPer, u)
}
