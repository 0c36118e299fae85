// Package kat reproduces the NIST known-answer tests of Raccoon: the AES-256
// CTR DRBG of the NIST PQC test harness and the exact text of the
// PQCsignKAT_<sk bytes>.rsp files that PQCgenKAT_sign.c writes.
//
// The randomness of key generation and signing is injected here through the
// module's internal packages; package raccoon has no deterministic API.
package kat
