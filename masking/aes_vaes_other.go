//go:build purego || !amd64

package masking

// newAESSource returns the AES-256-CTR source for NewAESGenerator and its
// startup self-test result.
func newAESSource() (source, bool) {
	return &aesSource{}, aesSelfTest()
}
