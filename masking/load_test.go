package masking

import (
	"encoding/binary"
	"fmt"
	mrand "math/rand/v2"
	"slices"
	"testing"

	"github.com/raccoon-go/raccoon/internal/cryptotest"
	"github.com/raccoon-go/raccoon/internal/params"
)

// Differential tests of the chunk kernel (loadChunk, under every
// implementation) against loadGeneric, and of loadGeneric against a
// literal reading of the chunk.

// chunkFromBytes returns the raw words of a 1792-byte chunk.
func chunkFromBytes(b []byte) *chunkWords {
	var raw chunkWords
	for i := range chunk / 8 {
		raw[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	return &raw
}

// setCandidate sets candidate j of the chunk to v (below 2^56).
func setCandidate(b []byte, j int, v uint64) {
	var w [8]byte
	binary.LittleEndian.PutUint64(w[:], v)
	copy(b[7*j:7*j+7], w[:7])
}

// literalLoad is the specification of loadGeneric, written for clarity:
// groups of four candidates are kept when all four are below q.
func literalLoad(b []byte) (vals []uint64, eq bool, or, and uint64) {
	and = ^uint64(0)
	for g := 0; g < chunkGroups; g += 4 {
		var group []uint64
		for j := g; j < g+4; j++ {
			var w [8]byte
			copy(w[:], b[7*j:7*j+7])
			if v := binary.LittleEndian.Uint64(w[:]) % (1 << 49); v < params.Q {
				group = append(group, v)
			}
		}
		if len(group) == 4 { // a group is kept only whole
			vals = append(vals, group...)
		}
	}
	for i := 0; i < chunk/8; i++ {
		x := binary.LittleEndian.Uint64(b[8*i:])
		if i > 0 && x == binary.LittleEndian.Uint64(b[8*i-8:]) {
			eq = true
		}
		or |= x
		and &= x
	}
	return vals, eq, or, and
}

// chunkCases returns named chunks: random ones, every 4-bit accept pattern
// in every group of four, all rejected, all accepted, boundary values, and
// chunks failing each health test.
func chunkCases() (names []string, chunks [][]byte) {
	r := mrand.New(mrand.NewPCG(1, 2))
	random := func() []byte {
		b := make([]byte, chunk)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return b
	}
	add := func(name string, b []byte) {
		names = append(names, name)
		chunks = append(chunks, b)
	}
	for k := 0; k < 20; k++ {
		add(fmt.Sprint("random ", k), random())
	}
	for shift := 0; shift < 16; shift++ {
		b := random()
		for g := 0; g < chunkGroups/4; g++ {
			m := (g + shift) % 16
			for l := 0; l < 4; l++ {
				v := r.Uint64N(params.Q)
				if m>>l&1 == 0 {
					v = params.Q + r.Uint64N(1<<49-params.Q)
				}
				setCandidate(b, 4*g+l, v|r.Uint64N(128)<<49)
			}
		}
		add(fmt.Sprint("patterns ", shift), b)
	}
	for _, v := range []uint64{0, 1, params.Q - 1, params.Q, params.Q + 1, 1<<49 - 1, 1<<56 - 1} {
		b := random()
		for j := 0; j < chunkGroups; j++ {
			if j%3 != 1 { // keep the words distinct
				setCandidate(b, j, v)
			}
		}
		add(fmt.Sprint("value ", v), b)
	}
	allReject := random()
	allAccept := random()
	for j := 0; j < chunkGroups; j++ {
		setCandidate(allReject, j, params.Q+uint64(j)<<20)
		setCandidate(allAccept, j, uint64(j)<<20|uint64(j))
	}
	add("all rejected", allReject)
	add("all accepted", allAccept)
	for _, i := range []int{1, 2, 3, 4, 5, 100, 219, 220, 221, 222, 223} {
		b := random()
		copy(b[8*i:8*i+8], b[8*i-8:8*i])
		add(fmt.Sprint("words equal at ", i), b)
	}
	stuck := random()
	for i := 0; i < chunk; i += 8 {
		stuck[i+5] |= 0x10
	}
	add("bit 44 stuck at 1", stuck)
	return names, chunks
}

func TestLoadMatchesGeneric(t *testing.T) {
	names, chunks := chunkCases()
	for k, b := range chunks {
		raw := chunkFromBytes(b)
		var vals [chunkGroups]uint64
		n, eq, or, and := loadGeneric(raw, &vals)
		wantVals, wantEq, wantOr, wantAnd := literalLoad(b)
		if n != len(wantVals) || !slices.Equal(vals[:n], wantVals) || (eq != 0) != wantEq || or != wantOr || and != wantAnd {
			t.Fatalf("%s: loadGeneric differs from the literal reading", names[k])
		}
	}
	cryptotest.TestAllImplementations(t, "masking", func(t *testing.T) {
		for k, b := range chunks {
			if msg := compareLoad(b); msg != "" {
				t.Fatalf("%s: %s", names[k], msg)
			}
		}
	})
}

// compareLoad runs loadChunk and loadGeneric on copies of the chunk b and
// describes the first difference, or returns "". Both must clear the
// chunk.
func compareLoad(b []byte) string {
	raw, raw2 := chunkFromBytes(b), chunkFromBytes(b)
	var got, want [chunkGroups]uint64
	n, eq, or, and := loadChunk(raw, &got)
	wn, weq, wor, wand := loadGeneric(raw2, &want)
	for _, r := range []*chunkWords{raw, raw2} {
		var left uint64
		for _, w := range r {
			left |= w
		}
		if left != 0 {
			return "the chunk is not cleared"
		}
	}
	switch {
	case n != wn:
		return fmt.Sprintf("%d values accepted, want %d", n, wn)
	case !slices.Equal(got[:n], want[:n]):
		return "accepted values differ"
	case (eq != 0) != (weq != 0):
		return fmt.Sprintf("repetition %d, want %d", eq, weq)
	case or != wor || and != wand:
		return "stuck-bit accumulators differ"
	}
	return ""
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte{}, uint64(0))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, uint64(params.Q))
	f.Fuzz(func(t *testing.T, prefix []byte, fill uint64) {
		// The chunk: prefix, then candidates derived from fill, which
		// favours values next to q.
		b := make([]byte, chunk)
		r := mrand.New(mrand.NewPCG(fill, uint64(len(prefix))))
		for j := 0; j < chunkGroups; j++ {
			v := r.Uint64()
			switch v % 4 {
			case 0:
				v = params.Q + v>>62 - 2
			case 1:
				v = fill
			}
			setCandidate(b, j, v%(1<<56))
		}
		copy(b, prefix)
		cryptotest.ForEachImplementation("masking", func(name string) {
			if msg := compareLoad(b); msg != "" {
				t.Fatalf("%s: %s", name, msg)
			}
		})
	})
}

func BenchmarkLoad(b *testing.B) {
	raw := chunkFromBytes(randomChunks(1))
	var vals [chunkGroups]uint64
	cryptotest.BenchAllImplementations(b, "masking", func(b *testing.B) {
		b.SetBytes(chunk)
		for b.Loop() {
			loadChunk(raw, &vals)
		}
	})
}
