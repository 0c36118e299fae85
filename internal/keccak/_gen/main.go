// Command _gen writes the unrolled Keccak-f[1600] code of package keccak:
// the pure-Go permutation (f1600_generic.go), the amd64 AVX2 and AVX-512VL
// 4-way kernels (keccak_amd64.s) and the arm64 2-way NEON kernel with the
// SHA-3 extension (keccak_arm64.s).
//
// Run it from the package directory with go generate (see keccak.go). The
// generator derives every table it needs (round constants, ρ offsets, π)
// from the definitions in FIPS 202, Section 3.2, so that the generated code
// can be checked against the standard here rather than line by line.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
)

// lane returns the index x + 5y of lane (x, y), x, y ≥ 0, taken mod 5
// (FIPS 202, Section 3.1.4).
func lane(x, y int) int { return x%5 + 5*(y%5) }

// rho holds the ρ rotation offsets of FIPS 202, Algorithm 2, by lane.
var rho [25]int

// roundConstants holds RC for the 24 rounds of Keccak-f[1600], from
// FIPS 202, Algorithms 5 (rc) and 6 (ι).
var roundConstants [24]uint64

func init() {
	// FIPS 202, Algorithm 2, step 3.
	x, y := 1, 0
	for t := 0; t < 24; t++ {
		rho[lane(x, y)] = (t + 1) * (t + 2) / 2 % 64
		x, y = y, (2*x+3*y)%5
	}
	// FIPS 202, Algorithm 5: rc(t), an LFSR over GF(2) with feedback
	// polynomial x^8 + x^6 + x^5 + x^4 + 1, transcribed step by step with
	// R[0..7] as a bit slice.
	rcBit := func(t int) uint64 {
		if t%255 == 0 {
			return 1
		}
		R := []uint8{1, 0, 0, 0, 0, 0, 0, 0}
		for i := 1; i <= t%255; i++ {
			R = append([]uint8{0}, R...)
			R[0] ^= R[8]
			R[4] ^= R[8]
			R[5] ^= R[8]
			R[6] ^= R[8]
			R = R[:8]
		}
		return uint64(R[0])
	}
	// FIPS 202, Algorithm 6: RC[2^j − 1] = rc(j + 7·ir), j = 0..6 (ℓ = 6).
	for ir := range roundConstants {
		var c uint64
		for j := 0; j <= 6; j++ {
			c |= rcBit(j+7*ir) << (1<<j - 1)
		}
		roundConstants[ir] = c
	}
}

// piSource returns the lane whose value π moves to lane (x, y):
// A′[x, y] = A[(x + 3y) mod 5, x] (FIPS 202, Algorithm 3).
func piSource(x, y int) (int, int) { return (x + 3*y) % 5, x }

func main() {
	dir := flag.String("dir", ".", "output directory")
	flag.Parse()
	write(*dir+"/f1600_generic.go", genGeneric(), true)
	write(*dir+"/keccak_amd64.s", genAMD64(), false)
	write(*dir+"/keccak_arm64.s", genARM64(), false)
}

func write(name string, src []byte, gofmt bool) {
	if gofmt {
		var err error
		if src, err = format.Source(src); err != nil {
			log.Fatalf("%s: %v", name, err)
		}
	}
	if err := os.WriteFile(name, src, 0o644); err != nil {
		log.Fatal(err)
	}
}

// buffer is a bytes.Buffer with a printf method.
type buffer struct{ bytes.Buffer }

func (b *buffer) p(format string, args ...any) {
	fmt.Fprintf(&b.Buffer, format, args...)
	b.WriteByte('\n')
}
