//go:build purego || !amd64

package masking

func loadChunk(raw *[chunk/8 + 1]uint64, vals *[chunkGroups]uint64) (n int, eq, or, and uint64) {
	return loadGeneric(raw, vals)
}
