package threshold

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

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

// TestCombinePooledBuffers checks that CombineMu, which works in pooled
// buffers shared with verification, gives the same signature again after
// other combinations and verifications (accepting and rejecting) ran in
// them.
func TestCombinePooledBuffers(t *testing.T) {
	pk, shares := testDeal(t, 128, 2, 3, "pooled buffers")
	mu := pk.Mu([]byte("pooled"))
	tr, sig := runSession(t, pk, shares, []int{0, 1}, mu, sessionOptions{})
	tr2, sig2 := runSession(t, pk, shares, []int{1, 2}, mu, sessionOptions{})
	for range 3 {
		require.Error(t, VerifyMu(pk, mu, sig2[:len(sig2)-1]))
		again2, err := CombineMu(pk, tr2.sid, mu, tr2.r1, tr2.r2, tr2.r3)
		require.NoError(t, err)
		require.Equal(t, sig2, again2)
		// Another μ: the whole combination runs, and the norm check fails.
		_, err = CombineMu(pk, tr.sid, pk.Mu([]byte("other")), tr.r1, tr.r2, tr.r3)
		require.Error(t, err)
		again, err := CombineMu(pk, tr.sid, mu, tr.r1, tr.r2, tr.r3)
		require.NoError(t, err)
		require.Equal(t, sig, again)
		require.NoError(t, VerifyMu(pk, mu, again))
	}
}
