package main

import (
	"bytes"
	"encoding/pem"
	"errors"
	"fmt"

	"github.com/raccoon-go/raccoon/raccoon"
)

// PEM block types of Raccoon keys. The "Params" header names the parameter
// set, so PEM files identify their set explicitly; raw files are
// identified by their size.
const (
	pemPrivate = "RACCOON PRIVATE KEY"
	pemPublic  = "RACCOON PUBLIC KEY"
	pemParams  = "Params"
)

func encodePEM(typ string, p raccoon.Params, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Headers: map[string]string{pemParams: p.String()}, Bytes: der})
}

// isPEM reports whether b starts (after white space) like a PEM block.
func isPEM(b []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(b, " \t\r\n"), []byte("-----BEGIN "))
}

// decodePEM parses the single PEM block of type typ in b and returns its
// parameter set and contents.
func decodePEM(b []byte, typ string) (raccoon.Params, []byte, error) {
	block, rest := pem.Decode(b)
	if block == nil {
		return raccoon.Params{}, nil, errors.New("malformed PEM")
	}
	if len(bytes.TrimSpace(rest)) != 0 {
		return raccoon.Params{}, nil, errors.New("trailing data after the PEM block")
	}
	if block.Type != typ {
		return raccoon.Params{}, nil, fmt.Errorf("PEM block is %q, want %q", block.Type, typ)
	}
	p, err := raccoon.ParamsByName(block.Headers[pemParams])
	if err != nil {
		return raccoon.Params{}, nil, fmt.Errorf("PEM %s header: %w", pemParams, err)
	}
	return p, block.Bytes, nil
}
