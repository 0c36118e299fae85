package ntt

import (
	"slices"
	"testing"

	"github.com/raccoon-go/raccoon/internal/cryptotest"
)

// vecLengths are the lengths on which AddSubVec and AddVec are checked:
// empty, shorter than one assembly block, whole blocks, and whole blocks
// with a generic tail.
var vecLengths = []int{0, 1, 3, 15, 16, 17, 31, 32, 48, 64, 100, 255, N}

// checkVec runs AddSubVec and AddVec on the first n values of a, b and r (and
// of sub-slices starting at offset off) and compares them with the generic
// code; it returns a description of the first mismatch, or "".
func checkVec(a, b, r *[N]uint64, off, n int) string {
	wantA, wantB, wantZ := slices.Clone(a[off:off+n]), slices.Clone(b[off:off+n]), make([]uint64, n)
	addSubVecGeneric(wantA, wantB, r[off:off+n])
	addVecGeneric(wantZ, a[off:off+n], b[off:off+n])

	gotA, gotB, gotZ := slices.Clone(a[off:off+n]), slices.Clone(b[off:off+n]), make([]uint64, n)
	AddSubVec(gotA, gotB, r[off:off+n])
	AddVec(gotZ, a[off:off+n], b[off:off+n])
	switch {
	case !slices.Equal(gotA, wantA):
		return "AddSubVec: a differs from addSubVecGeneric"
	case !slices.Equal(gotB, wantB):
		return "AddSubVec: b differs from addSubVecGeneric"
	case !slices.Equal(gotZ, wantZ):
		return "AddVec differs from addVecGeneric"
	}
	for i := range n {
		if gotA[i] >= Q || gotB[i] >= Q || gotZ[i] >= Q {
			return "a result is not below Q"
		}
	}
	// In place: z = x + y with z = x.
	inPlace := slices.Clone(a[off : off+n])
	AddVec(inPlace, inPlace, b[off:off+n])
	if !slices.Equal(inPlace, wantZ) {
		return "AddVec in place differs"
	}
	return ""
}

func TestVecMatchesGeneric(t *testing.T) {
	cryptotest.TestAllImplementations(t, "ntt", func(t *testing.T) {
		names, xs, ys := pairInputs(boundQ, boundQ, 11)
		for k := range xs {
			r := ys[(k+1)%len(ys)]
			for _, n := range vecLengths {
				for _, off := range []int{0, 1, 5} {
					if off+n > N {
						continue
					}
					if msg := checkVec(xs[k], ys[k], r, off, n); msg != "" {
						t.Fatalf("%s, length %d at offset %d: %s", names[k], n, off, msg)
					}
				}
			}
		}
	})
}

// TestVecKnownValues checks the butterfly against values worked out by
// hand, so that it cannot match a wrong generic twin.
func TestVecKnownValues(t *testing.T) {
	cryptotest.TestAllImplementations(t, "ntt", func(t *testing.T) {
		for _, n := range []int{1, 16, 20} {
			a, b, r, z := make([]uint64, n), make([]uint64, n), make([]uint64, n), make([]uint64, n)
			for i := range n {
				a[i], b[i], r[i] = Q-1, 0, uint64(i)+1
			}
			AddSubVec(a, b, r)
			AddVec(z, a, b)
			for i := range n {
				// (q-1) + (i+1) = i mod q; 0 - (i+1) = q-i-1; their sum is q-1.
				if a[i] != uint64(i) || b[i] != Q-uint64(i)-1 || z[i] != Q-1 {
					t.Fatalf("length %d, index %d: a=%d b=%d z=%d", n, i, a[i], b[i], z[i])
				}
			}
		}
	})
}

func TestVecPanics(t *testing.T) {
	buf := make([]uint64, 64)
	for name, f := range map[string]func(){
		"AddSubVec lengths":   func() { AddSubVec(buf[:16], buf[16:32], buf[32:47]) },
		"AddSubVec a=b":       func() { AddSubVec(buf[:16], buf[:16], buf[32:48]) },
		"AddSubVec a,r shift": func() { AddSubVec(buf[:16], buf[32:48], buf[8:24]) },
		"AddSubVec b,r shift": func() { AddSubVec(buf[:16], buf[32:48], buf[40:56]) },
		"AddVec lengths":      func() { AddVec(buf[:16], buf[16:32], buf[32:33]) },
		"AddVec inexact z, x": func() { AddVec(buf[:16], buf[1:17], buf[32:48]) },
		"AddVec inexact z, y": func() { AddVec(buf[16:32], buf[32:48], buf[8:24]) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
	// Exact aliasing of z with x or y is allowed; x and y may overlap.
	AddVec(buf[:16], buf[:16], buf[:16])
	AddVec(buf[32:48], buf[4:20], buf[4:20])
}

func FuzzVec(f *testing.F) {
	f.Add([]byte{}, []byte{}, []byte{}, uint16(N), uint8(0))
	f.Add([]byte("a"), []byte("b"), []byte("r"), uint16(17), uint8(3))
	f.Fuzz(func(t *testing.T, seedA, seedB, seedR []byte, n uint16, off uint8) {
		a, b, r := polyFromSeed(seedA, boundQ), polyFromSeed(seedB, boundQ), polyFromSeed(seedR, boundQ)
		o := int(off) % 8
		m := int(n) % (N - o + 1)
		eachImplementation(func(name string) {
			if msg := checkVec(a, b, r, o, m); msg != "" {
				t.Fatalf("%s, length %d at offset %d: %s", name, m, o, msg)
			}
		})
	})
}

func BenchmarkAddSubVec(b *testing.B) {
	x, y, r := make([]uint64, 64), make([]uint64, 64), make([]uint64, 64)
	benchAllImplementations(b, func(b *testing.B) {
		for b.Loop() {
			AddSubVec(x, y, r)
		}
	})
}

// TestOverlap checks overlap and inexactOverlap on every pair of
// subslices of one array (disjoint, adjacent, overlapping, equal, empty)
// and on slices of different arrays.
func TestOverlap(t *testing.T) {
	var buf [12]uint64
	for a0 := 0; a0 <= len(buf); a0++ {
		for a1 := a0; a1 <= len(buf); a1++ {
			for b0 := 0; b0 <= len(buf); b0++ {
				for b1 := b0; b1 <= len(buf); b1++ {
					x, y := buf[a0:a1], buf[b0:b1]
					want := a0 < a1 && b0 < b1 && a0 < b1 && b0 < a1
					if got := overlap(x, y); got != want {
						t.Fatalf("overlap([%d:%d], [%d:%d]) = %v, want %v", a0, a1, b0, b1, got, want)
					}
					wantInexact := want && a0 != b0
					if got := inexactOverlap(x, y); got != wantInexact {
						t.Fatalf("inexactOverlap([%d:%d], [%d:%d]) = %v, want %v", a0, a1, b0, b1, got, wantInexact)
					}
				}
			}
		}
	}
	other := make([]uint64, 4)
	if overlap(buf[:], other) || overlap(other, buf[:]) {
		t.Fatal("slices of different arrays overlap")
	}
}
