package xof

import (
	"encoding/binary"
	"fmt"
	mrand "math/rand/v2"
	"testing"

	"github.com/raccoon-go/raccoon/internal/cryptotest"
)

// parseUCases returns named squeeze buffers: random, all zeros, all ones,
// and values at the extremes of the u-bit range with random high bits.
func parseUCases(bytesPer int) (names []string, bufs []*[uBufSize]byte) {
	r := mrand.New(mrand.NewPCG(3, 4))
	add := func(name string, fill func(j int) uint64) {
		var b [uBufSize]byte
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		if fill != nil {
			for j := 0; j < n; j++ {
				var w [8]byte
				binary.LittleEndian.PutUint64(w[:], fill(j))
				copy(b[bytesPer*j:bytesPer*j+bytesPer], w[:bytesPer])
			}
		}
		names = append(names, name)
		bufs = append(bufs, &b)
	}
	for k := 0; k < 10; k++ {
		add(fmt.Sprint("random ", k), nil)
	}
	add("zeros", func(int) uint64 { return 0 })
	add("ones", func(int) uint64 { return 1<<48 - 1 })
	add("extremes", func(j int) uint64 {
		hi := r.Uint64() << 41 // above bit 41: must be ignored
		return hi | [...]uint64{0, 1, 1<<38 - 1, 1 << 38, 1<<39 - 1, 1 << 39, 1<<40 - 1, 1 << 40, 1<<41 - 1}[j%9]
	})
	return names, bufs
}

func TestParseUMatchesGeneric(t *testing.T) {
	cryptotest.TestAllImplementations(t, "xof", func(t *testing.T) {
		for _, u := range []int{4, 7, 39, 40, 41} {
			bytesPer := (u + 7) / 8
			names, bufs := parseUCases(bytesPer)
			for k, b := range bufs {
				var got, want [n]uint64
				parseUGeneric(&want, b, bytesPer, u)
				parseU(&got, b, bytesPer, u)
				if got != want {
					t.Fatalf("%s, u = %d: parseU differs from parseUGeneric", names[k], u)
				}
			}
		}
	})
}

// TestParseUKnownValues checks parseUGeneric (and so the kernels) on values
// worked out by hand.
func TestParseUKnownValues(t *testing.T) {
	cryptotest.TestAllImplementations(t, "xof", func(t *testing.T) {
		var b [uBufSize]byte
		vals := []uint64{0, 1, 1<<39 - 1, 1 << 39, 1<<40 - 1, 0xff<<40 | 5}
		for j, v := range vals {
			var w [8]byte
			binary.LittleEndian.PutUint64(w[:], v)
			copy(b[6*j:6*j+6], w[:6])
		}
		var e [n]uint64
		parseU(&e, &b, 6, 40) // 40-bit two's complement in 6 bytes
		want := []uint64{0, 1, 1<<39 - 1, q - 1<<39, q - 1, 5}
		for j, w := range want {
			if e[j] != w {
				t.Fatalf("value %d: %d, want %d", j, e[j], w)
			}
		}
		// The same values in 5 bytes each (u = 39: 2^39-1 is then -1).
		b = [uBufSize]byte{}
		for j, v := range vals {
			var w [8]byte
			binary.LittleEndian.PutUint64(w[:], v)
			copy(b[5*j:5*j+5], w[:5])
		}
		parseU(&e, &b, 5, 39)
		want = []uint64{0, 1, q - 1, 0, q - 1, 5}
		for j, w := range want {
			if e[j] != w {
				t.Fatalf("5 bytes, value %d: %d, want %d", j, e[j], w)
			}
		}
		// One byte each, u = 4: the high nibble is ignored.
		b = [uBufSize]byte{0x0f, 0x08, 0x07, 0xf3, 0x80}
		parseU(&e, &b, 1, 4)
		want = []uint64{q - 1, q - 8, 7, 3, 0}
		for j, w := range want {
			if e[j] != w {
				t.Fatalf("1 byte, value %d: %d, want %d", j, e[j], w)
			}
		}
	})
}

func FuzzParseU(f *testing.F) {
	f.Add([]byte{}, uint8(40))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, uint8(39))
	f.Fuzz(func(t *testing.T, data []byte, uSel uint8) {
		u := []int{4, 5, 6, 7, 39, 40, 41}[int(uSel)%7]
		bytesPer := (u + 7) / 8
		var b [uBufSize]byte
		for i := range b {
			if len(data) > 0 {
				b[i] = data[i%len(data)] ^ byte(i/len(data))
			}
		}
		var want [n]uint64
		parseUGeneric(&want, &b, bytesPer, u)
		cryptotest.ForEachImplementation("xof", func(name string) {
			var got [n]uint64
			parseU(&got, &b, bytesPer, u)
			if got != want {
				t.Fatalf("%s, u = %d: parseU differs from parseUGeneric", name, u)
			}
		})
	})
}

func BenchmarkParseU(b *testing.B) {
	_, bufs := parseUCases(6)
	var e [n]uint64
	cryptotest.BenchAllImplementations(b, "xof", func(b *testing.B) {
		for b.Loop() {
			parseU(&e, bufs[0], 6, 40)
		}
	})
}
