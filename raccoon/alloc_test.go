package raccoon

import (
	"testing"

	"github.com/raccoon-go/raccoon/internal/cryptotest"
)

// TestAllocations checks that, in steady state, Verify allocates nothing
// and Sign allocates only the returned signature.
func TestAllocations(t *testing.T) {
	cryptotest.SkipTestAllocations(t)
	for _, p := range testParams(t) {
		sk, err := GenerateKey(p)
		if err != nil {
			t.Fatal(err)
		}
		pk := sk.PublicKey()
		msg := []byte("allocations")
		sig, err := sk.Sign(nil, msg, nil)
		if err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(10, func() {
			if err := Verify(pk, msg, sig); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("%s: Verify allocates %v times, want 0", p, n)
		}
		if n := testing.AllocsPerRun(5, func() {
			if _, err := sk.Sign(nil, msg, nil); err != nil {
				t.Fatal(err)
			}
		}); n > 1 {
			t.Errorf("%s: Sign allocates %v times, want 1 (the signature)", p, n)
		}
	}
}
