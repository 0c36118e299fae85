package bench

import (
	"testing"

	"github.com/raccoon-go/raccoon/raccoon"
)

// BenchmarkSignFaultChecks measures the cost of the fault countermeasures:
// Sign with all of them (the default), with each one disabled, and with none.
func BenchmarkSignFaultChecks(b *testing.B) {
	configs := []struct {
		name string
		f    raccoon.FaultChecks
	}{
		{"all", 0},
		{"noVerify", raccoon.NoVerifyBeforeRelease},
		{"noCommitment", raccoon.NoCommitmentCheck},
		{"noRefreshCount", raccoon.NoRefreshCount},
		{"none", raccoon.NoVerifyBeforeRelease | raccoon.NoCommitmentCheck | raccoon.NoRefreshCount},
	}
	msgs := messages(16)
	for _, name := range []string{"Raccoon-128-1", "Raccoon-128-8", "Raccoon-128-32", "Raccoon-256-1"} {
		p, _ := raccoon.ParamsByName(name)
		for _, c := range configs {
			b.Run(name+"/checks="+c.name, func(b *testing.B) {
				sk, err := raccoon.GenerateKeyWithOptions(p, &raccoon.KeyOptions{Faults: c.f})
				if err != nil {
					b.Fatal(err)
				}
				i := 0
				for b.Loop() {
					if _, err := sk.Sign(nil, msgs[i%len(msgs)], nil); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
		}
	}
}
