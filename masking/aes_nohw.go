//go:build purego || !(amd64 || arm64 || s390x || ppc64le)

package masking

// hardwareAES is false: without AES instructions crypto/aes uses lookup
// tables, which are not constant time, so the generator uses ChaCha8.
const hardwareAES = false
