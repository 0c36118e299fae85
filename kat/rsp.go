package kat

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"github.com/raccoon-go/raccoon/internal/params"
	"github.com/raccoon-go/raccoon/internal/scheme"
	"github.com/raccoon-go/raccoon/masking"
	"github.com/raccoon-go/raccoon/raccoon"
)

// FileName returns the name the NIST harness gives the response file of p:
// PQCsignKAT_<private key size>.rsp.
func FileName(p raccoon.Params) string {
	return fmt.Sprintf("PQCsignKAT_%d.rsp", p.PrivateKeySize())
}

// WriteRSP writes the response file of count test vectors for p to w, in
// the format of PQCgenKAT_sign.c: the header "# <name>", then for each
// vector count, seed, mlen, msg, pk, sk, smlen and sm (the signature followed
// by the message) in upper-case hexadecimal. Like the harness, it verifies
// each signature and fails if verification does not return the message.
//
// Vector i uses a 48-byte seed and a message of 33·(i+1) bytes drawn from a
// DRBG instantiated with the bytes 0, 1, …, 47; key generation and signing
// then draw from a DRBG instantiated with that seed.
func WriteRSP(w io.Writer, p raccoon.Params, count int) error {
	return writeRSP(w, p, count, masking.NewGenerator)
}

// writeRSP is WriteRSP with a choice of masking random generator, which
// must not change any output byte.
func writeRSP(w io.Writer, p raccoon.Params, count int, newGen func() masking.Generator) error {
	set := lookup(p)
	if set == nil {
		return errors.New("kat: invalid parameter set")
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	var entropy [48]byte
	for i := range entropy {
		entropy[i] = byte(i)
	}
	top := NewDRBG(&entropy)
	fmt.Fprintf(bw, "# %s\n\n", set.Name)
	for i := 0; i < count; i++ {
		var seed [48]byte
		top.Read(seed[:])
		msg := make([]byte, 33*(i+1))
		top.Read(msg)

		rbg := NewDRBG(&seed)
		sk, err := scheme.GenerateKey(set, rbg, newGen())
		if err != nil {
			return err
		}
		skb, err := sk.Encode(rbg, newGen())
		if err != nil {
			return err
		}
		pkb := sk.Pub.Raw
		// crypto_sign decodes the private key from its bytes.
		sk2, err := scheme.ParsePrivateKey(set, skb)
		if err != nil {
			return fmt.Errorf("kat: vector %d: %w", i, err)
		}
		sig, err := sk2.Sign(sk2.Pub.Mu(msg), rbg, newGen(), nil)
		if err != nil {
			return err
		}
		// crypto_sign_open with a freshly parsed public key.
		pk, err := scheme.ParsePublicKey(set, pkb)
		if err != nil || !pk.Verify(pk.Mu(msg), sig) {
			return fmt.Errorf("kat: vector %d: signature does not verify", i)
		}
		fmt.Fprintf(bw, "count = %d\n", i)
		fmt.Fprintf(bw, "seed = %X\n", seed[:])
		fmt.Fprintf(bw, "mlen = %d\n", len(msg))
		fmt.Fprintf(bw, "msg = %X\n", msg)
		fmt.Fprintf(bw, "pk = %X\n", pkb)
		fmt.Fprintf(bw, "sk = %X\n", skb)
		fmt.Fprintf(bw, "smlen = %d\n", len(sig)+len(msg))
		fmt.Fprintf(bw, "sm = %X%X\n\n", sig, msg)
		sk.Clear()
		sk2.Clear()
		clear(skb)
	}
	return bw.Flush()
}

func lookup(p raccoon.Params) *params.Set {
	for i := range params.Table {
		if params.Table[i].Name == p.String() {
			return &params.Table[i]
		}
	}
	return nil
}
