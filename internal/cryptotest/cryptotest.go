// Package cryptotest holds test helpers shared by the module's packages.
package cryptotest

import (
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/raccoon-go/raccoon/internal/impl"
)

// TestAllImplementations runs f once for each implementation of pkg that the
// CPU supports, with that implementation selected, and once more with the
// base (generic) implementation, as subtests named after them. Unsupported
// implementations are skipped, unless the environment variable
// RACCOON_REQUIRE_IMPL lists "pkg/name" (comma separated), in which case the
// test fails: CI machines use it so that a missing CPU feature cannot turn
// into silently untested assembly.
//
// Selecting an implementation changes global state: tests using it must not
// run in parallel with other tests of the same package that use pkg.
func TestAllImplementations(t *testing.T, pkg string, f func(t *testing.T)) {
	t.Helper()
	names := impl.List(pkg)
	t.Cleanup(func() { impl.Reset(pkg) })
	for _, name := range names {
		if impl.Select(pkg, name) {
			t.Run(name, f)
			continue
		}
		t.Run(name, func(t *testing.T) {
			if required(pkg + "/" + name) {
				t.Fatalf("RACCOON_REQUIRE_IMPL requires %s/%s, which this CPU (%s) does not support", pkg, name, runtime.GOARCH)
			}
			t.Skipf("%s/%s is not supported on this CPU", pkg, name)
		})
	}
	impl.Select(pkg, "")
	t.Run("generic", f)
	impl.Reset(pkg)
}

func required(id string) bool {
	for _, r := range strings.Split(os.Getenv("RACCOON_REQUIRE_IMPL"), ",") {
		if strings.TrimSpace(r) == id {
			return true
		}
	}
	return false
}

// SkipTestAllocations skips allocation-counting and heap-measuring tests
// where the figures are not meaningful: under the race detector, which
// allocates on its own and whose sync.Pool drops objects at random.
func SkipTestAllocations(t testing.TB) {
	t.Helper()
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
}

// ForEachImplementation calls f once for each implementation of pkg that
// the CPU supports, with it selected, and then with the base (generic)
// implementation as "generic", and restores the default selection. It is
// for fuzz targets, which cannot use t.Run; the same caveat about global
// state as for TestAllImplementations applies.
func ForEachImplementation(pkg string, f func(name string)) {
	defer impl.Reset(pkg)
	for _, name := range impl.List(pkg) {
		if impl.Select(pkg, name) {
			f(name)
		}
	}
	impl.Select(pkg, "")
	f("generic")
}

// BenchAllImplementations runs f as sub-benchmarks impl=<name> for each
// implementation of pkg the CPU supports, then impl=generic.
func BenchAllImplementations(b *testing.B, pkg string, f func(b *testing.B)) {
	ForEachImplementation(pkg, func(name string) {
		b.Run("impl="+name, f)
	})
}
