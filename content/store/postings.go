package store

import (
	"encoding/binary"
	"math"
	"sort"
	"strconv"
	"sync"

	"safar.app/safar/content/fold"
)

// Safar's search index is its own (see docs/decisions.md, "Search speed"):
// search_term holds, for every indexed key, the list of texts (search row
// ids, docid.go) that have it, each with a one-byte weight. A search reads
// the lists of its words in one statement and ranks in Go, with no table
// read per hit.
//
// Keys are of three kinds:
//   - a folded word as written (title, terms, summary, body);
//   - keyStem + a stem, or a concept token of the synonyms (concepts.go);
//   - keyPair + a bucket of two neighbouring words (pairKey) of the title,
//     the search terms and the summary: a query's words as a phrase rank
//     higher.
//
// Words as written sort after both prefixes, so the vocabulary of words is
// one range of the key.
const (
	keyStem = "\x01"
	keyPair = "\x02"
	// wordKeysFrom is the first key that is a word as written.
	wordKeysFrom = "\x03"
)

// A posting's weight byte: headBit says the key is in the title or the
// search terms (for stems: the stems of those); the low seven bits are the
// key's weight in the text, on a log scale (quantize).
const headBit = 0x80

// Column weights, as FTS5's bm25 had them: a word in the title or the
// search terms weighs most, then the summary, then the body; its stem half
// of that in the title, a twentieth in the rest.
var (
	wordColumns = [4]float64{10, 10, 4, 1} // title, terms, summary, body
	stemColumns = [2]float64{5, 0.5}       // head stems, the rest's stems
	// columnLength is a typical length of each column in words, for
	// bm25's normalisation by length; fixed, so that a text's weights do
	// not change when other texts are installed.
	wordLength = [4]float64{8, 8, 30, 300}
	stemLength = [2]float64{12, 150}
)

// bm25 term-frequency saturation and length normalisation.
const bm25K1, bm25B = 1.2, 0.75

func tfWeight(weight, tf, length, typical float64) float64 {
	if tf == 0 {
		return 0
	}
	return weight * tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*length/typical))
}

// quantize maps a weight (0 to about 60) onto seven bits, finer for small
// weights: 16·log2(1+w).
func quantize(w float64) uint8 {
	q := math.Round(16 * math.Log2(1+w))
	if q < 1 {
		q = 1
	}
	if q > 127 {
		q = 127
	}
	return uint8(q)
}

// weightOf undoes quantize, for each value of the low seven bits.
var weightOf = func() (t [128]float32) {
	for q := range t {
		t[q] = float32(math.Exp2(float64(q)/16) - 1)
	}
	return t
}()

// keyWeight is one key of a text and its weight byte.
type keyWeight struct {
	key string
	w   uint8
}

// postingsOf lists the keys of a folded, stemmed text with their weights.
// words are the words of title, terms, summary and body; stems those of
// the head (title and terms) and of the rest, concept
// tokens included.
func postingsOf(words [4][]string, stems [2][]string) []keyWeight {
	c := countersPool.Get().(*termCounter)
	defer countersPool.Put(c)
	c.count(words[:])
	out := make([]keyWeight, 0, len(c.keys)+len(stems[0])+len(stems[1])+len(words[0])+len(words[1])+len(words[2]))
	for i, w := range c.keys {
		var sum float64
		for col, tf := range c.tfs[i] {
			sum += tfWeight(wordColumns[col], float64(tf), float64(len(words[col])), wordLength[col])
		}
		out = append(out, keyWeight{w, weightByte(sum, c.tfs[i][0]+c.tfs[i][1] > 0)})
	}
	c.count(stems[:])
	for i, s := range c.keys {
		var sum float64
		for col := range stems {
			sum += tfWeight(stemColumns[col], float64(c.tfs[i][col]), float64(len(stems[col])), stemLength[col])
		}
		out = append(out, keyWeight{keyStem + s, weightByte(sum, c.tfs[i][0] > 0)})
	}
	// Neighbouring words of the title, the terms and the summary, each
	// bucket once, in the order first seen.
	for col := 0; col < 3; col++ {
		ws := words[col]
		for i := 0; i+1 < len(ws); i++ {
			b := pairBucket(ws[i], ws[i+1])
			switch c.pairs[b] {
			case 0:
				c.pairOrder = append(c.pairOrder, b)
				c.pairs[b] = 1
			}
			if col < 2 {
				c.pairs[b] = 2 // in the head
			}
		}
	}
	for _, b := range c.pairOrder {
		out = append(out, keyWeight{pairKeys[b], weightByte(1, c.pairs[b] == 2)})
		c.pairs[b] = 0
	}
	c.pairOrder = c.pairOrder[:0]
	return out
}

// termCounter counts the terms of one text. Its map and slices are used
// again for the next text (through countersPool), one per core: made anew
// for each of the thousands of texts of an install they were a fifth of
// what it allocated.
type termCounter struct {
	index     map[string]int32
	keys      []string
	tfs       [][4]uint32
	pairs     [pairBuckets]uint8 // 0 not seen, 1 seen, 2 seen in the head
	pairOrder []uint16
}

var countersPool = sync.Pool{New: func() any { return &termCounter{index: map[string]int32{}} }}

// count lists each distinct term of columns once in c.keys, in the order
// first seen, with how often it occurs in each column (at most four) in
// c.tfs.
func (c *termCounter) count(columns [][]string) {
	for _, k := range c.keys {
		delete(c.index, k) // only what the last text put in: a map cleared whole costs its largest size
	}
	c.keys, c.tfs = c.keys[:0], c.tfs[:0]
	for col, ws := range columns {
		for _, w := range ws {
			i, ok := c.index[w]
			if !ok {
				i = int32(len(c.keys))
				c.index[w] = i
				c.keys = append(c.keys, w)
				c.tfs = append(c.tfs, [4]uint32{})
			}
			c.tfs[i][col]++
		}
	}
}

// pairKey is the key of two neighbouring words: one of 4,096 buckets by
// their hash. Every pair a key of its own would be most of the index's
// keys, nearly all of them in one text, and writing them most of an
// install. A pair that shares a bucket by chance only lends a text that
// already has all the words the phrase's bonus (a text has some 30 pairs:
// a chance of 1 in 140).
func pairKey(a, b string) string { return pairKeys[pairBucket(a, b)] }

const pairBuckets = 4096

// pairBucket is FNV-1a of "a b", in pairBuckets.
func pairBucket(a, b string) uint16 {
	h := uint32(2166136261)
	for _, s := range [3]string{a, " ", b} {
		for i := 0; i < len(s); i++ {
			h = (h ^ uint32(s[i])) * 16777619
		}
	}
	return uint16(h % pairBuckets)
}

// pairKeys are the keys of the buckets, made once.
var pairKeys = func() (keys [pairBuckets]string) {
	for b := range keys {
		keys[b] = keyPair + strconv.FormatUint(uint64(b), 16)
	}
	return keys
}()

func weightByte(w float64, head bool) uint8 {
	q := quantize(w)
	if head {
		q |= headBit
	}
	return q
}

// indexKeys folds and stems a text's columns into its keys. Each word is
// stemmed once per text, through the install's folder; concepts the text
// names join its stems.
func indexKeys(r textRow, lang string, concepts *conceptMatcher, f *fold.Folder) []keyWeight {
	sc := keyScratchPool.Get().(*keyScratch)
	defer keyScratchPool.Put(sc)
	words := &sc.words
	var stemmed [4][]string
	has := fold.HasStemmer(lang)
	for i, col := range [4]string{r.title, r.terms, r.summary, r.body} {
		words[i] = fold.AppendTerms(words[i][:0], col)
		if !has {
			stemmed[i] = words[i] // a language without a stemmer: each word is its own
			continue
		}
		sc.stemmed[i] = sc.stemmed[i][:0]
		for _, w := range words[i] {
			sc.stemmed[i] = append(sc.stemmed[i], f.Stem(lang, w))
		}
		stemmed[i] = sc.stemmed[i]
	}
	stems := &sc.stems
	for i, cols := range [2][2]int{{0, 1}, {2, 3}} { // the head, the rest
		stems[i] = stems[i][:0]
		if has {
			// A word that is its own stem is found by its word key (see
			// newPlan): most stem keys would repeat a word's list.
			for _, c := range cols {
				for j, w := range words[c] {
					if s := stemmed[c][j]; s != w {
						stems[i] = append(stems[i], s)
					}
				}
			}
		}
		texts := [][]string{words[cols[0]], words[cols[1]]}
		stems[i] = append(stems[i], concepts.in(lang, texts, [][]string{stemmed[cols[0]], stemmed[cols[1]]})...)
	}
	return postingsOf(*words, *stems)
}

// keyScratch holds the words and stems of one text while indexKeys makes
// its keys, used again for the next text (through keyScratchPool): only
// the keys are kept.
type keyScratch struct {
	words, stemmed [4][]string
	stems          [2][]string
}

var keyScratchPool = sync.Pool{New: func() any { return new(keyScratch) }}

// postingList is a decoded list: search row ids in ascending order and
// their weight bytes.
type postingList struct {
	ids []int64
	w   []uint8
}

func (l postingList) bytes() int { return len(l.ids) * 9 }

// encodeList writes ids (ascending) and weights as the difference to the
// id before, a varint, and the weight byte.
func encodeList(l postingList) []byte {
	buf := make([]byte, 0, len(l.ids)*4)
	var prev int64
	for i, id := range l.ids {
		buf = binary.AppendUvarint(buf, uint64(id-prev))
		buf = append(buf, l.w[i])
		prev = id
	}
	return buf
}

// decodeList reads what encodeList wrote; df is the number of postings.
func decodeList(b []byte, df int) (postingList, bool) {
	l := postingList{ids: make([]int64, 0, df), w: make([]uint8, 0, df)}
	var prev int64
	for len(b) > 0 {
		d, n := binary.Uvarint(b)
		if n <= 0 || n >= len(b) {
			return l, false
		}
		prev += int64(d)
		l.ids = append(l.ids, prev)
		l.w = append(l.w, b[n])
		b = b[n+1:]
	}
	return l, true
}

// within is the part of l with ids from lo to hi.
func (l postingList) within(lo, hi int64) postingList {
	i := sort.Search(len(l.ids), func(k int) bool { return l.ids[k] >= lo })
	j := sort.Search(len(l.ids), func(k int) bool { return l.ids[k] > hi })
	return postingList{l.ids[i:j], l.w[i:j]}
}

// encodeIDs and decodeIDs write a text's term ids (ascending) for
// search_doc.terms, which an install reads to take the text out of the
// lists.
func encodeIDs(ids []int64) []byte {
	buf := make([]byte, 0, len(ids)*2)
	var prev int64
	for _, id := range ids {
		buf = binary.AppendUvarint(buf, uint64(id-prev))
		prev = id
	}
	return buf
}

func decodeIDs(b []byte) []int64 {
	var out []int64
	var prev int64
	for len(b) > 0 {
		d, n := binary.Uvarint(b)
		if n <= 0 {
			break
		}
		prev += int64(d)
		out = append(out, prev)
		b = b[n:]
	}
	return out
}
