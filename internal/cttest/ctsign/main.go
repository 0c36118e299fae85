// Command ctsign supports the constant-time check of internal/cttest: it
// signs with one of two key pairs, with identical RBG and masking-generator
// streams, so that a difference in the instructions executed per call by
// the code that handles secrets reveals a secret-dependent branch.
//
// Usage: ctsign -variant 0|1 [-params Raccoon-128-2] [-n 2]
package main

import (
	"crypto/sha3"
	"flag"
	"fmt"
	"os"
	"runtime"

	"github.com/raccoon-go/raccoon/internal/params"
	"github.com/raccoon-go/raccoon/internal/scheme"
	"github.com/raccoon-go/raccoon/masking"
)

func stream(label string) *sha3.SHAKE {
	h := sha3.NewSHAKE256()
	h.Write([]byte("raccoon ctsign " + label))
	return h
}

func main() {
	variant := flag.Int("variant", 0, "which secret: 0 or 1")
	name := flag.String("params", "Raccoon-128-2", "parameter set")
	n := flag.Int("n", 2, "signatures")
	leaky := flag.Bool("leaky", false, "negative control: also run a function that branches on the secret")
	flag.Parse()
	// exp-bbv counts per thread: keep this goroutine on the main thread.
	runtime.LockOSThread()
	// Grow the goroutine stack once, so that no function prologue has to
	// grow it during the measured code: a growth re-runs the function's
	// entry block, which would show up as a difference between the runs.
	growStack(64)
	var p *params.Set
	for i := range params.Table {
		if params.Table[i].Name == *name {
			p = &params.Table[i]
		}
	}
	if p == nil {
		fmt.Fprintln(os.Stderr, "ctsign: unknown parameter set")
		os.Exit(2)
	}
	// Two key pairs from different seeds: every secret differs.
	sk, err := scheme.GenerateKey(p, stream(fmt.Sprintf("key %d", *variant)), masking.NewReaderGenerator(stream("keygen mrg")))
	if err != nil {
		panic(err)
	}
	if *leaky {
		// The compressed share X depends on mask keys that GenerateKey
		// draws from crypto/rand: re-mask under keys from a fixed stream
		// first, so that X (the secret minus the keys' expansions) is the
		// same in every run of a variant. Otherwise the two variants' loop
		// counts would coincide in one run out of 64 and the control
		// would fail by chance.
		if err := sk.Remask(stream("leaky remask"), masking.NewReaderGenerator(stream("leaky mrg"))); err != nil {
			panic(err)
		}
		fmt.Println(leakyBranch(sk.X[0][0]))
	}
	rbg := stream("sign rbg")
	g := masking.NewReaderGenerator(stream("sign mrg"))
	opts := &scheme.SignOptions{CheckCommitment: true, CountRefreshes: true}
	for i := 0; i < *n; i++ {
		sig, err := sk.SignMessage([]byte{byte(i)}, rbg, g, opts)
		if err != nil {
			panic(err)
		}
		fmt.Printf("signature %d: %x\n", i, sig[:16])
	}
	fmt.Println(padding())
}

// leakyBranch is the negative control of the check: its control flow
// depends on a secret value, so the check must flag it.
//
//go:noinline
func leakyBranch(secret uint64) uint64 {
	acc := uint64(0)
	for i := uint64(0); i < secret%64; i++ {
		acc += i * secret
	}
	return acc
}

// growStack uses about 64 KiB of stack per level.
//
//go:noinline
func growStack(levels int) byte {
	var buf [64 << 10]byte
	buf[levels] = byte(levels)
	if levels > 0 {
		return growStack(levels-1) + buf[levels]
	}
	return buf[0]
}

// padding executes a known amount of work after the measured code, so that
// valgrind's exp-bbv, which drops the last partial interval, has written out
// every interval that contains the signing.
//
//go:noinline
func padding() uint64 {
	x := uint64(1)
	for i := 0; i < 20_000_000; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	return x
}
