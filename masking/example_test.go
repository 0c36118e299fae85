package masking_test

import (
	"fmt"

	"github.com/raccoon-go/raccoon/masking"
	"github.com/raccoon-go/raccoon/ntt"
)

// Example shares a polynomial among four shares, refreshes the sharing and
// decodes it.
func Example() {
	g := masking.NewGenerator()
	var secret ntt.Poly
	secret[0], secret[1] = 42, ntt.Q-1 // 42 - x

	// A 4-sharing of the secret: a sharing of zero plus the secret in
	// share 0.
	shares := make([]ntt.Poly, 4)
	masking.ZeroEncoding(shares, g)
	ntt.Add(&shares[0], &shares[0], &secret)

	masking.Refresh(shares, g) // new shares, same value
	var out ntt.Poly
	masking.Decode(&out, shares)
	fmt.Println(out == secret, g.Err())
	// Output: true <nil>
}
