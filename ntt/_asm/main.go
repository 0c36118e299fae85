// Command _asm writes the assembly of package ntt: ntt_amd64.s (AVX2 and
// FMA kernels), ntt_arm64.s (NEON kernels) and the tables of the latter,
// tables_arm64.go.
//
// Run it from the package directory with go generate (see ntt.go). The
// kernels are documented next to their Go stubs (ntt_amd64.go,
// ntt_arm64.go); the comments here explain how each instruction sequence
// implements them.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
)

func main() {
	amd64Out := flag.String("amd64", "ntt_amd64.s", "output file for the amd64 kernels")
	arm64Out := flag.String("arm64", "ntt_arm64.s", "output file for the arm64 kernels")
	arm64Tables := flag.String("arm64tables", "tables_arm64.go", "output file for the arm64 tables")
	flag.Parse()
	write(*amd64Out, amd64())
	s, t := arm64()
	write(*arm64Out, s)
	write(*arm64Tables, t)
}

func write(name string, b []byte) {
	if b == nil {
		return
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		log.Fatal(err)
	}
}

// asm accumulates assembly text.
type asm struct{ bytes.Buffer }

// i writes one indented instruction.
func (a *asm) i(format string, args ...any) {
	fmt.Fprintf(a, "\t"+format+"\n", args...)
}

// l writes a line without indentation (labels, directives, comments).
func (a *asm) l(format string, args ...any) {
	fmt.Fprintf(a, format+"\n", args...)
}
