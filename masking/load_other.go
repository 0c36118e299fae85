//go:build purego || !amd64

package masking

func loadChunk(raw *chunkWords, vals *[chunkGroups]uint64) (n int, eq, or, and uint64) {
	return loadGeneric(raw, vals)
}
