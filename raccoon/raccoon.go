package raccoon

import (
	"crypto"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"io"
	"sync"
	"unsafe"

	"github.com/raccoon-go/raccoon/internal/scheme"
	"github.com/raccoon-go/raccoon/masking"
)

var (
	errInvalidSignature = errors.New("raccoon: invalid signature")
	errZeroPrivateKey   = errors.New("raccoon: zero or cleared private key")
	errZeroPublicKey    = errors.New("raccoon: zero public key")
	errHash             = errors.New("raccoon: cannot sign a prehashed message (opts.HashFunc() must be 0)")
	errPersist          = errors.New("raccoon: persisting the re-masked private key failed")
)

// PrivateKey is a Raccoon private key. Its secret is stored as d additive
// shares in the NTT domain, where d = Params().Shares(); each signature
// refreshes the stored shares. It implements crypto.Signer.
//
// A PrivateKey is safe for concurrent use: signing operations on one key are
// serialized.
type PrivateKey struct {
	mu   sync.Mutex
	p    Params
	sk   *scheme.PrivateKey
	g    masking.Generator
	opts *scheme.SignOptions
}

// PublicKey is a Raccoon public (verification) key. It caches the expanded
// matrix A and the hash of its encoding, so parse it once and reuse it. It is
// safe for concurrent use.
type PublicKey struct {
	p  Params
	pk *scheme.PublicKey
}

var _ crypto.Signer = (*PrivateKey)(nil)

// KeyOptions configure a private key: its masking random generator, the
// persistence of its re-masked encoding, and its fault countermeasures. The
// zero value (or a nil *KeyOptions) selects the defaults.
type KeyOptions struct {
	// Generator is the masking random generator used by the key; nil
	// selects masking.NewGenerator(). Its failure (see masking.Generator)
	// makes Sign fail.
	Generator masking.Generator

	// Persist, if not nil, receives the re-masked encoding of the key (the
	// format of Bytes) whenever the masking of the key changes: when the key
	// is generated or loaded, and during every Sign, before the signature is
	// returned. If Persist returns an error, the operation fails and no key
	// or signature is released. The encoding is secret; Persist must not
	// retain the slice.
	Persist func(encoded []byte) error

	// Faults disables fault countermeasures; the zero value enables all.
	Faults FaultChecks
}

// FaultChecks is a set of fault countermeasures to disable. All are enabled
// by default; each costs less than 25% of the time of Sign (see SECURITY.md
// for measurements).
type FaultChecks uint8

const (
	// NoVerifyBeforeRelease skips verifying each signature before it is
	// returned. A fault that corrupts z, h or c_hash then can release an
	// invalid signature, which may leak the key.
	NoVerifyBeforeRelease FaultChecks = 1 << iota
	// NoCommitmentCheck skips checking that the commitment noise r is not
	// zero (a zeroed r reveals the key from one signature) and that the
	// random seeds of r do not repeat an earlier signature of the key.
	NoCommitmentCheck
	// NoRefreshCount skips counting the masking randomness consumed during
	// signing, which confirms that every Refresh ran to completion.
	NoRefreshCount
)

func (o *KeyOptions) generator() masking.Generator {
	if o != nil && o.Generator != nil {
		return o.Generator
	}
	return masking.NewGenerator()
}

func (o *KeyOptions) signOptions() *scheme.SignOptions {
	var f FaultChecks
	var persist func([]byte) error
	if o != nil {
		f, persist = o.Faults, o.Persist
	}
	return &scheme.SignOptions{
		VerifyBeforeRelease: f&NoVerifyBeforeRelease == 0,
		CheckCommitment:     f&NoCommitmentCheck == 0,
		CountRefreshes:      f&NoRefreshCount == 0,
		Persist:             persist,
	}
}

// GenerateKey generates a new key pair for p with randomness from
// crypto/rand, following KeyGen (Algorithm 1 of the specification), with
// the default KeyOptions.
func GenerateKey(p Params) (*PrivateKey, error) {
	return GenerateKeyWithOptions(p, nil)
}

// GenerateKeyWithOptions is GenerateKey with options.
func GenerateKeyWithOptions(p Params, opts *KeyOptions) (*PrivateKey, error) {
	s := p.set()
	if s == nil {
		return nil, errParams
	}
	g := opts.generator()
	sk, err := scheme.GenerateKey(s, rand.Reader, g)
	if err != nil {
		return nil, err
	}
	if err := g.Err(); err != nil {
		sk.Clear()
		return nil, err
	}
	k := &PrivateKey{p: p, sk: sk, g: g, opts: opts.signOptions()}
	if err := k.persist(); err != nil {
		k.Destroy()
		return nil, err
	}
	return k, nil
}

// NewPrivateKey parses a private key in the reference encoding of the
// specification (Section 2.5.3), which has p.PrivateKeySize() bytes and
// contains the public key, with the default KeyOptions. It rejects any other
// length and any non-canonical coefficient. The key is re-masked on loading:
// its shares are refreshed and compressed under new mask keys.
//
// The encoding is a d-share masking of the secret together with the keys
// that expand the shares: whoever reads all of it has the secret key.
func NewPrivateKey(p Params, b []byte) (*PrivateKey, error) {
	return LoadPrivateKey(p, b, nil)
}

// LoadPrivateKey is NewPrivateKey with options. It is meant for long-lived
// masked keys: with opts.Persist set, the re-masked encoding is persisted
// before the key is returned, and again during every signature, so that
// the stored masking changes with every use (specification Section 2.5.3:
// "a masked secret key can't be treated as a static key").
func LoadPrivateKey(p Params, b []byte, opts *KeyOptions) (*PrivateKey, error) {
	s := p.set()
	if s == nil {
		return nil, errParams
	}
	sk, err := scheme.ParsePrivateKey(s, b)
	if err != nil {
		return nil, err
	}
	g := opts.generator()
	if err := sk.Remask(rand.Reader, g); err != nil {
		sk.Clear()
		return nil, err
	}
	if err := g.Err(); err != nil {
		sk.Clear()
		return nil, err
	}
	k := &PrivateKey{p: p, sk: sk, g: g, opts: opts.signOptions()}
	if err := k.persist(); err != nil {
		k.Destroy()
		return nil, err
	}
	return k, nil
}

// persist hands the current encoding to the Persist hook, if any.
func (sk *PrivateKey) persist() error {
	if sk.opts.Persist == nil {
		return nil
	}
	enc := sk.sk.Bytes()
	defer clear(enc)
	if err := sk.opts.Persist(enc); err != nil {
		return errors.Join(errPersist, err)
	}
	return nil
}

// Params returns the parameter set of the key.
func (sk *PrivateKey) Params() Params { return sk.p }

// Public returns the public key as a *PublicKey. It implements
// crypto.Signer.
func (sk *PrivateKey) Public() crypto.PublicKey { return sk.PublicKey() }

// PublicKey returns the public key of sk, or nil for a zero key. The result
// does not keep the private key alive.
func (sk *PrivateKey) PublicKey() *PublicKey {
	if sk == nil || sk.sk == nil {
		return nil
	}
	return &PublicKey{p: sk.p, pk: sk.sk.Pub}
}

// Bytes returns the private key in the reference encoding (Section 2.5.3).
// The encoding is re-randomised on every call: each call refreshes the shares
// and draws new mask keys, so two calls return different bytes for the same
// key. It returns nil for a zero key. The result is secret.
func (sk *PrivateKey) Bytes() []byte {
	b, _ := sk.MarshalBinary()
	return b
}

// MarshalBinary returns the same encoding as Bytes. It implements
// encoding.BinaryMarshaler.
func (sk *PrivateKey) MarshalBinary() ([]byte, error) { return sk.AppendBinary(nil) }

// AppendBinary appends the encoding returned by Bytes to b. It implements
// encoding.BinaryAppender.
func (sk *PrivateKey) AppendBinary(b []byte) ([]byte, error) {
	if sk == nil || sk.sk == nil {
		return nil, errZeroPrivateKey
	}
	sk.mu.Lock()
	defer sk.mu.Unlock()
	if sk.sk == nil {
		return nil, errZeroPrivateKey
	}
	if err := sk.sk.Remask(rand.Reader, sk.g); err != nil {
		return nil, err
	}
	if err := sk.g.Err(); err != nil {
		return nil, err
	}
	return append(b, sk.sk.Bytes()...), nil
}

// Equal reports whether sk and x are private keys of the same parameter set
// with the same public key and the same secret. The shares are compared
// without recombining the secret (see masking.Equal); it is constant time
// with respect to the secrets.
func (sk *PrivateKey) Equal(x crypto.PrivateKey) bool {
	o, ok := x.(*PrivateKey)
	if !ok || sk == nil || o == nil || sk.sk == nil || o.sk == nil || sk.p != o.p {
		return false
	}
	if sk == o {
		return true
	}
	// Lock in address order so that concurrent a.Equal(b) and b.Equal(a)
	// cannot deadlock.
	first, second := sk, o
	if uintptrOf(second) < uintptrOf(first) {
		first, second = second, first
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()
	if sk.sk == nil || o.sk == nil {
		return false
	}
	samePub := sk.sk.Pub.Equal(o.sk.Pub)
	sameSecret := sk.sk.EqualSecret(o.sk, sk.g)
	return subtle.ConstantTimeByteEq(b2u(samePub)&b2u(sameSecret), 1) == 1
}

func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// Sign signs message with sk following Sign (Algorithm 2 of the
// specification) and returns a signature of Params().SignatureSize() bytes.
// The message is signed as is: opts must be nil or have HashFunc() == 0 (for
// example crypto.Hash(0)), otherwise Sign returns an error.
//
// Signing is randomized. As in the standard library since Go 1.26, the
// io.Reader is ignored and randomness always comes from crypto/rand (tests
// can make it deterministic with testing/cryptotest.SetGlobalRandom).
func (sk *PrivateKey) Sign(_ io.Reader, message []byte, opts crypto.SignerOpts) ([]byte, error) {
	if opts != nil && opts.HashFunc() != 0 {
		return nil, errHash
	}
	if sk == nil || sk.sk == nil {
		return nil, errZeroPrivateKey
	}
	sk.mu.Lock()
	defer sk.mu.Unlock()
	if sk.sk == nil {
		return nil, errZeroPrivateKey
	}
	return sk.sk.SignMessage(message, rand.Reader, sk.g, sk.opts)
}

// Destroy overwrites the secret shares of sk. Later calls to Sign and Bytes
// fail. It does not reach copies made by the Go runtime or the caller.
func (sk *PrivateKey) Destroy() {
	if sk == nil {
		return
	}
	sk.mu.Lock()
	defer sk.mu.Unlock()
	if sk.sk != nil {
		sk.sk.Clear()
		sk.sk = nil
	}
}

// NewPublicKey parses a public key in the encoding of the specification
// (Section 2.5.2), which has p.PublicKeySize() bytes. It rejects any other
// length and any coefficient of t that is out of range. Public keys are the
// same for every number of shares at a security level: p only fixes the
// level (and is what Params returns).
func NewPublicKey(p Params, b []byte) (*PublicKey, error) {
	s := p.set()
	if s == nil {
		return nil, errParams
	}
	pk, err := scheme.ParsePublicKey(s, b)
	if err != nil {
		return nil, err
	}
	return &PublicKey{p: p, pk: pk}, nil
}

// Params returns the parameter set the key was created or parsed with.
func (pk *PublicKey) Params() Params { return pk.p }

// Bytes returns the encoding of the public key (Section 2.5.2), or nil for a
// zero key.
func (pk *PublicKey) Bytes() []byte {
	if pk == nil || pk.pk == nil {
		return nil
	}
	return append([]byte(nil), pk.pk.Raw...)
}

// MarshalBinary returns the same encoding as Bytes. It implements
// encoding.BinaryMarshaler.
func (pk *PublicKey) MarshalBinary() ([]byte, error) { return pk.AppendBinary(nil) }

// AppendBinary appends the encoding of the public key to b. It implements
// encoding.BinaryAppender.
func (pk *PublicKey) AppendBinary(b []byte) ([]byte, error) {
	if pk == nil || pk.pk == nil {
		return nil, errZeroPublicKey
	}
	return append(b, pk.pk.Raw...), nil
}

// Equal reports whether pk and x are public keys with the same encoding at
// the same security level. Keys parsed with two parameter sets of one level
// are equal. It is constant time.
func (pk *PublicKey) Equal(x crypto.PublicKey) bool {
	o, ok := x.(*PublicKey)
	if !ok || pk == nil || o == nil || pk.pk == nil || o.pk == nil {
		return false
	}
	return pk.pk.Equal(o.pk)
}

// Verify reports whether sig is a valid signature of message by pk, following
// Verify (Algorithm 3 of the specification). It returns nil if it is, and an
// error otherwise; every failure returns the same uninformative error.
// Verification depends only on the security level of pk.
func Verify(pk *PublicKey, message, sig []byte) error {
	if pk == nil || pk.pk == nil {
		return errInvalidSignature
	}
	if !pk.pk.VerifyMessage(message, sig) {
		return errInvalidSignature
	}
	return nil
}

// uintptrOf returns the address of k, used only to order locks.
func uintptrOf(k *PrivateKey) uintptr { return uintptr(unsafe.Pointer(k)) }
