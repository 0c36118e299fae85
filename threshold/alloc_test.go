package threshold

import (
	"fmt"
	"testing"

	"github.com/raccoon-go/raccoon/internal/cryptotest"
)

// TestVerifyAllocations checks that, in steady state, Verify and VerifyMu
// allocate nothing, at every level, and that a rejected signature does not
// disturb the pooled buffers of the next verification.
func TestVerifyAllocations(t *testing.T) {
	cryptotest.SkipTestAllocations(t)
	for _, level := range []int{128, 192, 256} {
		t.Run(fmt.Sprint(level), func(t *testing.T) {
			pk, shares := testDeal(t, level, 2, 3, "allocations")
			msg := []byte("allocations")
			_, sig := runSession(t, pk, shares, []int{0, 2}, pk.Mu(msg), sessionOptions{})
			mu := pk.Mu(msg)
			bad := append([]byte(nil), sig...)
			bad[len(bad)/2] ^= 1
			if n := testing.AllocsPerRun(10, func() {
				if err := Verify(pk, msg, sig); err != nil {
					t.Fatal(err)
				}
				if VerifyMu(pk, mu, bad) == nil {
					t.Fatal("a corrupted signature verifies")
				}
				if err := VerifyMu(pk, mu, sig); err != nil {
					t.Fatal(err)
				}
			}); n != 0 {
				t.Errorf("Verify and VerifyMu allocate %v times, want 0", n)
			}
		})
	}
}
