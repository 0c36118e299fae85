package ntt_test

import (
	"fmt"

	"github.com/raccoon-go/raccoon/ntt"
)

// Multiplying (1 + x) by x^511 in R_q: x^512 = -1, so the product is
// x^511 - 1, whose constant coefficient is q - 1.
func Example() {
	var a, b ntt.Poly
	a[0], a[1] = 1, 1
	b[511] = 1

	var ah, bh, ch ntt.NTTPoly
	ah.Forward(&a)
	bh.Forward(&b)
	ch.Mul(&ah, &bh)

	var c ntt.Poly
	c.Inverse(&ch)
	fmt.Println(c[0] == ntt.Q-1, c[511], c[1])
	// Output: true 1 0
}

// Multiply-accumulate with one operand in Montgomery form, the shape of
// the inner loop of A·s: z = x·y + a.
func ExampleNTTPoly_MulAddMont() {
	var x, y, a ntt.Poly
	x[0], y[0], a[0] = 3, 5, 7 // constants: 3·5 + 7 = 22

	var xh, yh, ah, zh ntt.NTTPoly
	xh.Forward(&x)
	yh.Forward(&y)
	ah.Forward(&a)
	var ym ntt.MontPoly
	ym.FromNTT(&yh)
	zh.MulAddMont(&xh, &ym, &ah)

	var z ntt.Poly
	z.Inverse(&zh)
	fmt.Println(z[0], z[1])
	// Output: 22 0
}
