package xof

import (
	"encoding/binary"
	"fmt"
	mrand "math/rand/v2"
	"slices"
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

// parseQLiteral is ParseQ written out candidate by candidate, with
// a branch on each rejection.
func parseQLiteral(f *[n]uint64, k int, b []byte) (int, int) {
	off := 0
	for off+32 <= len(b) && k <= n-4 {
		for j := 0; j < 4; j++ {
			var x uint64
			for i := 6; i >= 0; i-- {
				x = x<<8 | uint64(b[off+7*j+i])
			}
			if x &= 1<<49 - 1; x < q {
				f[k] = x
				k++
			}
		}
		off += 28
	}
	return k, off
}

// checkParseQ compares ParseQ with parseQLiteral on b, starting at k.
func checkParseQ(t *testing.T, name string, k int, b []byte) {
	t.Helper()
	var got, want [n]uint64
	wk, woff := parseQLiteral(&want, k, b)
	gk, goff := ParseQ(&got, k, b)
	if gk != wk || goff != woff || !slices.Equal(got[:gk], want[:wk]) {
		t.Fatalf("%s, k = %d, len(b) = %d: ParseQ returned k = %d, off = %d, want %d, %d (or different values)",
			name, k, len(b), gk, goff, wk, woff)
	}
}

// TestParseQ checks SampleQ's rejection step against the literal reading:
// random buffers of every length around the 32-byte group reads, starting
// indices near the end of f, every accept pattern of a group of four, and
// candidates at q-1, q and the 49- and 56-bit limits.
func TestParseQ(t *testing.T) {
	r := mrand.New(mrand.NewPCG(5, 6))
	random := make([]byte, 27*168)
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	for l := 0; l <= 120; l++ {
		checkParseQ(t, "random", 0, random[:l])
	}
	for _, k := range []int{0, 1, 300, 503, 504, 505, 507, 508, 509, 511, 512} {
		checkParseQ(t, "random", k, random)
	}
	put := func(b []byte, j int, x uint64) {
		for i := 0; i < 7; i++ {
			b[7*j+i] = byte(x >> (8 * i))
		}
	}
	low, high := []uint64{0, 1, q - 1, 1<<56 - 1 - (1<<49 - 1) + (q - 1)}, []uint64{q, 1<<49 - 1, 1<<56 - 1, q | 0x7f<<49}
	for m := 0; m < 16; m++ {
		b := make([]byte, 28*40+4)
		for j := 0; j < 4*40; j++ {
			if m>>(j%4)&1 == 1 {
				put(b, j, low[r.IntN(len(low))])
			} else {
				put(b, j, high[r.IntN(len(high))])
			}
		}
		checkParseQ(t, fmt.Sprint("pattern ", m), 0, b)
		checkParseQ(t, fmt.Sprint("pattern ", m), 490, b)
	}
	checkParseQ(t, "zeros", 0, make([]byte, 27*168))
	ones := make([]byte, 27*168)
	for i := range ones {
		ones[i] = 0xff
	}
	checkParseQ(t, "ones", 0, ones)
}

func FuzzParseQ(f *testing.F) {
	f.Add([]byte{}, uint16(0))
	f.Add(make([]byte, 100), uint16(507))
	f.Fuzz(func(t *testing.T, data []byte, k uint16) {
		checkParseQ(t, "fuzz", int(k)%(n+1), data)
	})
}

func BenchmarkParseQ(b *testing.B) {
	r := mrand.New(mrand.NewPCG(7, 8))
	buf := make([]byte, 27*168)
	for i := range buf {
		buf[i] = byte(r.Uint32())
	}
	var f [n]uint64
	for b.Loop() {
		ParseQ(&f, 0, buf)
	}
}
