package bench

import (
	"crypto/sha256"
	"slices"
	"time"

	"github.com/raccoon-go/raccoon/raccoon"
)

// Result is the measurement of one operation on one parameter set.
type Result struct {
	Params    raccoon.Params
	Op        string        // "KeyGen", "Sign" or "Verify"
	Median    time.Duration // median time per operation
	Allocated uint64        // bytes allocated by one operation
	PeakHeap  uint64        // upper bound of the live heap during one operation (see HeapUse)
}

// Ops lists the operations Measure knows.
var Ops = []string{"KeyGen", "Sign", "Verify"}

// Measure runs op ("KeyGen", "Sign" or "Verify") n times on p and returns
// the median time, and the heap use of one more run.
func Measure(p raccoon.Params, op string, n int) (Result, error) {
	res := Result{Params: p, Op: op}
	sk, err := raccoon.GenerateKey(p)
	if err != nil {
		return res, err
	}
	msgs := make([][]byte, 16)
	for i := range msgs {
		h := sha256.Sum256([]byte{byte(i)})
		msgs[i] = h[:]
	}
	sigs := make([][]byte, len(msgs))
	for i := range sigs {
		if sigs[i], err = sk.Sign(nil, msgs[i], nil); err != nil {
			return res, err
		}
	}
	pk := sk.PublicKey()
	var run func(i int) error
	switch op {
	case "KeyGen":
		run = func(int) error { _, err := raccoon.GenerateKey(p); return err }
	case "Sign":
		run = func(i int) error { _, err := sk.Sign(nil, msgs[i%len(msgs)], nil); return err }
	case "Verify":
		run = func(i int) error { return raccoon.Verify(pk, msgs[i%len(msgs)], sigs[i%len(sigs)]) }
	default:
		return res, errUnknownOp
	}
	times := make([]time.Duration, n)
	for i := range times {
		start := time.Now()
		if err := run(i); err != nil {
			return res, err
		}
		times[i] = time.Since(start)
	}
	slices.Sort(times)
	if n > 0 {
		res.Median = times[n/2]
		if n%2 == 0 {
			res.Median = (times[n/2-1] + times[n/2]) / 2
		}
	}
	// Heap use of one operation, from a collected baseline: for Sign the
	// key (compressed shares, expanded A, signing workspace) counts, for
	// Verify the parsed public key does.
	var opErr error
	switch op {
	case "KeyGen":
		res.Allocated, res.PeakHeap = HeapUse(func() int { return 0 }, func(int) {
			_, opErr = raccoon.GenerateKey(p)
		})
	case "Sign":
		skb := sk.Bytes()
		res.Allocated, res.PeakHeap = HeapUse(func() *raccoon.PrivateKey {
			k, err := raccoon.NewPrivateKey(p, skb)
			if err == nil {
				_, err = k.Sign(nil, msgs[1], nil) // allocates the workspace
			}
			opErr = err
			return k
		}, func(k *raccoon.PrivateKey) {
			if k != nil {
				_, opErr = k.Sign(nil, msgs[0], nil)
			}
		})
	case "Verify":
		pkb := pk.Bytes()
		res.Allocated, res.PeakHeap = HeapUse(func() *raccoon.PublicKey {
			k, err := raccoon.NewPublicKey(p, pkb)
			opErr = err
			return k
		}, func(k *raccoon.PublicKey) {
			if k != nil {
				opErr = raccoon.Verify(k, msgs[0], sigs[0])
			}
		})
	}
	return res, opErr
}

type benchError string

func (e benchError) Error() string { return string(e) }

const errUnknownOp = benchError("bench: unknown operation")
