package keccak_test

import (
	"crypto/sha3"
	"fmt"

	"github.com/raccoon-go/raccoon/internal/keccak"
)

// Four SampleQ-style streams: each absorbs an 8-byte header and a seed, then
// squeezes 28 blocks (3808 bytes), and more blocks on demand.
func ExampleShake4() {
	seed := []byte("0123456789abcdef0123456789abcdef")
	var in [4][]byte
	for j := range in {
		hdr := []byte{'A', 0, byte(j), 0, 0, 0, 0, 0}
		in[j] = append(hdr, seed...)
	}

	var s keccak.Shake4
	s.Init(in[0], in[1], in[2], in[3])
	var out [4][28 * keccak.Rate]byte
	s.SqueezeBlocks(out[0][:], out[1][:], out[2][:], out[3][:])
	var more [4][keccak.Rate]byte
	s.SqueezeBlocks(more[0][:], more[1][:], more[2][:], more[3][:])

	for j := range in {
		want := sha3.SumSHAKE256(in[j], len(out[j])+len(more[j]))
		same := string(want) == string(out[j][:])+string(more[j][:])
		fmt.Printf("stream %d: %x… matches crypto/sha3: %v\n", j, out[j][:4], same)
	}
	// Output:
	// stream 0: 9d7525e4… matches crypto/sha3: true
	// stream 1: 5d0df995… matches crypto/sha3: true
	// stream 2: 50fb1dfb… matches crypto/sha3: true
	// stream 3: 75ce6370… matches crypto/sha3: true
}
