package kat

import "github.com/raccoon-go/raccoon/raccoon"

// digests are the SHA-256 digests of the reference's response files.
//
// sum10: the 10-vector files, from ref-data/rsp-hashes10.txt of the reference
// implementation (github.com/masksign/raccoon, commit e789b4b).
// sum100: the 100-vector files, from the specification v1.0, Section 2.9,
// and the README.md of the same repository.
var digests = []struct {
	name, sum10, sum100 string
}{
	{"Raccoon-128-1", "91cb0f6dde5dbfdf6f4b3c53a99fe8859d61353a2f7d40e48c47fc9efdea187b", "039383b9d9b29c5a9cda63cb93666771c7c09791afaadc941341e0df670229e0"},
	{"Raccoon-128-2", "4decf74a46aab72920df1eac268f37ffa71acf2340b1783a23954028cd50320b", "71586c2fd1ae47f17cb5c44c2b5351ab48531344041a76357ffc695098d2506c"},
	{"Raccoon-128-4", "85297a8685553be2ca74773778a339f44c9d043f4eac185246ded3509e0789c5", "ae6e775feaf9d26eac5d10bec3c742fb7ab8f6716ee96a2ce3cf2c3aa23b8ef0"},
	{"Raccoon-128-8", "e3f7b3c6a4e134870444b49cc249428da8b95ebb9b29d754e8554ce132e6aeaa", "ffbd4df642d15da96624e2b8489b5303a97a7f6a5d60416c72108880746394ea"},
	{"Raccoon-128-16", "61baf358aec8ddeadb0b2a2f81af7d2b231046065a403118cdce31939fb9a999", "579fbaafde26049c4f4993b28568abfb657da76e5cd0c7a83239e37d4cc43325"},
	{"Raccoon-128-32", "6c78a4419e046d4ca58e9801e6423f6b42ac299c9fe6b8310564b21d82f2997d", "dff454bf03e9c027d70d4443bb394cae3c5af23ed81179889a62bf98a8a916d8"},
	{"Raccoon-192-1", "900470845964cdcbaaf7363b55d6a18ec601aab52183249cfac268d3f3d2a20b", "bb577467a15ff20d6ac88c3eb7ba3fd6b3a3e7bf8e5bc627890bb027bba8bda5"},
	{"Raccoon-192-2", "a669ad9afee54e1186d06f9e31026abe503d2fc6c84cd306d846d208b974bd34", "1543992c77e4a3ee08cd93daf1044e2d7816efbb6c572f167e500ee5b6e68d02"},
	{"Raccoon-192-4", "7ffe51a5fa99c33d5380476c1df9715c4d76ea7085a8a214b6cb27d8c68e3582", "82f2b834889bacdbcbb48d51f99c15639a235a764714ba858b415fdf546c9dbc"},
	{"Raccoon-192-8", "d00ad8042b93296aafffea481c4c234ce15cc24a83bb3507182735796fc0d3f4", "b21ecba12cafa88a8337a813e9dac131a50f043f860241f7cd36f8b502233971"},
	{"Raccoon-192-16", "d482939bb952f79dfcc3982f51f2fb45c8055a1bb6625187df08e9aa36bf6b58", "57e3c6d014c7283806f4cd3d9c83737c6d381202a1649042c499c5c354f7606b"},
	{"Raccoon-192-32", "26f84091dbe9c2f722f71c4a1f3c1c16f570627af0934b9620d2b14a5b671822", "49a552559d6a68175996de373232e0863496834c16b4d2772781f0e01469b621"},
	{"Raccoon-256-1", "3dcebbde9c0555c7cba178a9cc845d56bd1b161d7870f9ec36416e4eaaeca866", "031d4976f4c09b90ecec5c535b5ab3bcb020b9cb4f95e17dfdcedb10de1425fc"},
	{"Raccoon-256-2", "184d9bdb021f965f30f25cb9c9b3f0547132b5eca259fb691e09e821612b8d4c", "8936afaf3fd6cf5b43716e006977e1c14a2624913bfd23adb850aa141ef2ae91"},
	{"Raccoon-256-4", "62c22d543ab9c4788e1605922ea0971c41fced3e101372fd28e71f2bddc4b3c6", "2e3ae8a29435ce8621a98390874fa2193756c87741f02934018650163c57e369"},
	{"Raccoon-256-8", "87316fe3621ffaaa4c027251431edc096e830a9c28143422b0de27a9d010664e", "893bf614327740610c29781db7973bbfa7069010039bfa9b2ba02a9a675a78ab"},
	{"Raccoon-256-16", "3413e4c6c5e0b795420177a5f194862e6d70847949f29e14eb6edf5d18b64a1e", "663ce05beb35184b0012e638ed8c918f945b379a9bd35a97e37141798c320acf"},
	{"Raccoon-256-32", "10f0e68a50201fab882204b62c61a0d9e5f99e7703ae5e01d737c8673b62baf4", "594169ee1ddc6238fbbfae0178d0ed8fab9eb0205066fe382f6ff788c775bd58"},
}

// Digest returns the published SHA-256 digest (hexadecimal) of the response
// file of count vectors for p, for count 10 and 100, and false otherwise.
func Digest(p raccoon.Params, count int) (string, bool) {
	for _, d := range digests {
		if d.name == p.String() {
			switch count {
			case 10:
				return d.sum10, true
			case 100:
				return d.sum100, true
			}
		}
	}
	return "", false
}
