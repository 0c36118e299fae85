// Package params holds the table of the 18 Raccoon parameter sets and the
// constants shared by every set.
//
// It is a leaf package so that every other package of the module, including
// code generators, can import it.
package params

// Ring and modulus constants shared by all parameter sets (specification,
// Section 2.1 and 2.7.2).
const (
	N     = 512               // ring degree n
	LogN  = 9                 // log2(n)
	Q     = 549824583172097   // q = Q1*Q2
	Q1    = 1<<24 - 1<<18 + 1 // 16515073
	Q2    = 1<<25 - 1<<18 + 1 // 33292289
	QBits = 49                // ceil(log2(q))
	QMask = 1<<QBits - 1      // mask of the low 49 bits
	NuT   = 42                // public key low-bit truncation νt
	NuW   = 44                // commitment low-bit truncation νw
	QT    = Q >> NuT          // q_t = floor(q / 2^νt) = 125
	QW    = Q >> NuW          // q_w = floor(q / 2^νw) = 31
	TBits = QBits - NuT       // bits per coefficient of t in the public key
	WBits = QBits - NuW       // bits per coefficient of w
	ZLow  = 40                // low bits of a z coefficient stored verbatim
)

// Set is one Raccoon parameter set, as listed in Tables 2–4 of the
// specification. All fields are read-only.
type Set struct {
	Name  string // "Raccoon-128-1"
	ID    int    // 1-based index into Table, in specification order
	Kappa int    // security level κ in bits: 128, 192 or 256
	D     int    // number of shares d (masking order d-1)
	K     int    // rows of A, length of t
	L     int    // columns of A, length of s (ℓ)
	Rep   int    // repetitions in AddRepNoise
	UT    int    // u_t, distribution parameter of s and t
	UW    int    // u_w, distribution parameter of r and w
	Omega int    // ω, number of nonzero challenge coefficients
	B22   uint64 // 2^-64·B2², scaled squared Euclidean bound
	BInf  uint64 // B∞, infinity-norm bound of z

	PublicKeySize  int
	PrivateKeySize int
	SignatureSize  int
}

// SecBytes is κ/8, the size of seeds and mask keys.
func (p *Set) SecBytes() int { return p.Kappa / 8 }

// CRHBytes is 2κ/8, the size of tr, μ and c_hash.
func (p *Set) CRHBytes() int { return p.Kappa / 4 }

// BInfH is round(B∞ / 2^νw), the infinity-norm bound of the hint h.
func (p *Set) BInfH() uint64 { return (p.BInf + 1<<(NuW-1)) >> NuW }

// Table lists the 18 parameter sets in specification order
// (Raccoon-128-1 … Raccoon-256-32). Values are from Tables 2–4 of
// "Raccoon — A Side-Channel Secure Signature Scheme" v1.0 and agree with
// ref-c/param_list.h of the reference implementation (masksign/raccoon).
var Table = [18]Set{
	{"Raccoon-128-1", 1, 128, 1, 5, 4, 8, 6, 41, 19, 14656575897, 41954689765971, 2256, 14800, 11524},
	{"Raccoon-128-2", 2, 128, 2, 5, 4, 4, 6, 41, 19, 14656575897, 41954689765971, 2256, 14816, 11524},
	{"Raccoon-128-4", 3, 128, 4, 5, 4, 2, 6, 41, 19, 14656575897, 41954689765971, 2256, 14848, 11524},
	{"Raccoon-128-8", 4, 128, 8, 5, 4, 4, 5, 40, 19, 14656575897, 41954689765971, 2256, 14912, 11524},
	{"Raccoon-128-16", 5, 128, 16, 5, 4, 2, 5, 40, 19, 14656575897, 41954689765971, 2256, 15040, 11524},
	{"Raccoon-128-32", 6, 128, 32, 5, 4, 4, 4, 39, 19, 14656575897, 41954689765971, 2256, 15296, 11524},
	{"Raccoon-192-1", 7, 192, 1, 7, 5, 8, 7, 41, 31, 24964497408, 47419426657048, 3160, 18840, 14544},
	{"Raccoon-192-2", 8, 192, 2, 7, 5, 4, 7, 41, 31, 24964497408, 47419426657048, 3160, 18864, 14544},
	{"Raccoon-192-4", 9, 192, 4, 7, 5, 2, 7, 41, 31, 24964497408, 47419426657048, 3160, 18912, 14544},
	{"Raccoon-192-8", 10, 192, 8, 7, 5, 4, 6, 40, 31, 24964497408, 47419426657048, 3160, 19008, 14544},
	{"Raccoon-192-16", 11, 192, 16, 7, 5, 2, 6, 40, 31, 24964497408, 47419426657048, 3160, 19200, 14544},
	{"Raccoon-192-32", 12, 192, 32, 7, 5, 4, 5, 39, 31, 24964497408, 47419426657048, 3160, 19584, 14544},
	{"Raccoon-256-1", 13, 256, 1, 9, 7, 8, 6, 41, 44, 38439957299, 50958538642039, 4064, 26016, 20330},
	{"Raccoon-256-2", 14, 256, 2, 9, 7, 4, 6, 41, 44, 38439957299, 50958538642039, 4064, 26048, 20330},
	{"Raccoon-256-4", 15, 256, 4, 9, 7, 2, 6, 41, 44, 38439957299, 50958538642039, 4064, 26112, 20330},
	{"Raccoon-256-8", 16, 256, 8, 9, 7, 4, 5, 40, 44, 38439957299, 50958538642039, 4064, 26240, 20330},
	{"Raccoon-256-16", 17, 256, 16, 9, 7, 2, 5, 40, 44, 38439957299, 50958538642039, 4064, 26496, 20330},
	{"Raccoon-256-32", 18, 256, 32, 9, 7, 4, 4, 39, 44, 38439957299, 50958538642039, 4064, 27008, 20330},
}

// ByID returns the set with the given 1-based ID, or nil.
func ByID(id int) *Set {
	if id < 1 || id > len(Table) {
		return nil
	}
	return &Table[id-1]
}
