package kat

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/raccoon-go/raccoon/internal/impl"

	"github.com/raccoon-go/raccoon/masking"
	"github.com/raccoon-go/raccoon/raccoon"
)

var (
	full    = flag.Bool("kat.full", false, "check the 100-vector files (slow) as well as the 10-vector ones")
	dumpDir = flag.String("kat.dump", "", "write the generated .rsp files to this directory")
	impls   = flag.String("kat.impl", "", "comma-separated `pkg/name` implementations to select before the KATs (internal/impl; name \"generic\" for the pure-Go code), as .ci/avx512-bochs does")
)

// selectImpls applies -kat.impl, failing the test if an implementation is
// unknown or not available on this CPU, and restores the default selection
// when the test ends.
func selectImpls(t *testing.T) {
	if *impls == "" {
		return
	}
	for _, id := range strings.Split(*impls, ",") {
		pkg, name, ok := strings.Cut(strings.TrimSpace(id), "/")
		if name == "generic" {
			name = ""
		}
		if !ok || !impl.Select(pkg, name) {
			t.Fatalf("-kat.impl: %q is not an implementation available on this CPU", id)
		}
		t.Cleanup(func() { impl.Reset(pkg) })
	}
}

func TestKAT(t *testing.T) {
	selectImpls(t)
	for _, tc := range digests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := raccoon.ParamsByName(tc.name)
			if err != nil {
				t.Fatal(err)
			}
			check := func(count int, want string) {
				h := sha256.New()
				if err := writeRSP(h, p, count, masking.NewGenerator); err != nil {
					t.Fatal(err)
				}
				got := hex.EncodeToString(h.Sum(nil))
				if got != want {
					t.Errorf("%s, %d vectors: SHA-256 %s, want %s (rerun with -kat.dump=DIR to compare)", FileName(p), count, got, want)
					if *dumpDir != "" {
						f, err := os.Create(filepath.Join(*dumpDir, FileName(p)))
						if err == nil {
							writeRSP(f, p, count, masking.NewGenerator)
							f.Close()
						}
					}
				}
			}
			check(10, tc.sum10)
			if *full {
				check(100, tc.sum100)
			}
		})
	}
}
