package raccoon_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/raccoon-go/raccoon/raccoon"
)

func Example() {
	p, err := raccoon.ParamsByName("Raccoon-128-4")
	if err != nil {
		log.Fatal(err)
	}
	sk, err := raccoon.GenerateKey(p)
	if err != nil {
		log.Fatal(err)
	}
	msg := []byte("The quick brown fox")
	sig, err := sk.Sign(nil, msg, nil)
	if err != nil {
		log.Fatal(err)
	}

	// The verifier gets the public key as bytes.
	pk, err := raccoon.NewPublicKey(p, sk.PublicKey().Bytes())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("valid:", raccoon.Verify(pk, msg, sig) == nil)
	fmt.Println("tampered:", raccoon.Verify(pk, []byte("The quick brown fax"), sig) == nil)
	fmt.Println(len(sig) == p.SignatureSize(), len(pk.Bytes()) == p.PublicKeySize())
	// Output:
	// valid: true
	// tampered: false
	// true true
}

func ExampleParams() {
	for _, level := range []int{128, 192, 256} {
		p, _ := raccoon.NewParams(level, 8)
		fmt.Printf("%s: public key %d B, private key %d B, signature %d B\n",
			p, p.PublicKeySize(), p.PrivateKeySize(), p.SignatureSize())
	}
	// Output:
	// Raccoon-128-8: public key 2256 B, private key 14912 B, signature 11524 B
	// Raccoon-192-8: public key 3160 B, private key 19008 B, signature 14544 B
	// Raccoon-256-8: public key 4064 B, private key 26240 B, signature 20330 B
}

// ExampleLoadPrivateKey keeps a long-lived masked key in storage: every use
// re-masks it, and the new encoding is stored before a signature is
// released.
func ExampleLoadPrivateKey() {
	p, _ := raccoon.ParamsByName("Raccoon-128-8")
	generated, _ := raccoon.GenerateKey(p)
	stored := generated.Bytes() // stands for a file or a secure element

	persist := func(enc []byte) error {
		stored = append(stored[:0], enc...)
		return nil
	}
	before := string(stored)
	sk, err := raccoon.LoadPrivateKey(p, stored, &raccoon.KeyOptions{Persist: persist})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("re-masked on load:", string(stored) != before)

	before = string(stored)
	if _, err := sk.Sign(nil, []byte("message"), nil); err != nil {
		log.Fatal(err)
	}
	fmt.Println("re-masked by Sign:", string(stored) != before)
	fmt.Println("same key:", generated.Equal(sk))

	// If the new encoding cannot be stored, no signature is released.
	failing, _ := raccoon.LoadPrivateKey(p, stored, nil)
	failing, _ = raccoon.LoadPrivateKey(p, failing.Bytes(), &raccoon.KeyOptions{
		Persist: func([]byte) error { return errors.New("disk full") },
	})
	fmt.Println("load with a failing store:", failing == nil)
	// Output:
	// re-masked on load: true
	// re-masked by Sign: true
	// same key: true
	// load with a failing store: true
}
