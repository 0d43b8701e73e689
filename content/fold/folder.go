package fold

import (
	"hash/maphash"
	"sync"
)

// Folder folds text as Fold does and stems words as Stem does, remembering
// every word it has folded or stemmed: an install folds and stems the same
// words hundreds of thousands of times, and the Unicode passes of Fold and
// the stemmers are most of an install's work.
// Text is folded a word at a time between ASCII spaces, tabs and line
// breaks. That gives Fold's result exactly: Fold leaves those characters as
// they are, and none of its rules looks across them (normalisation does
// not compose a space with what follows, a mark after a space is dropped
// either way, and the Arabic prefixes and German digraphs are rules within
// a word). TestFolderFoldsAsFold holds this over the whole shipped pack.
// A Folder is safe for concurrent use; it lives as long as one install.
// Its memory is split into shards by the word's hash, each with its own
// lock: an install looks up every word of every text, on every core, and
// with one lock the cores took turns (two cores folded no faster than one).
type Folder struct {
	seed   maphash.Seed
	shards [folderShards]folderShard
}

const folderShards = 64

type folderShard struct {
	mu    sync.Mutex
	words map[string]string
	stems map[stemOf]string
	_     [64]byte // keeps neighbouring shards' locks off one cache line
}

type stemOf struct{ lang, word string }

// NewFolder returns an empty Folder.
func NewFolder() *Folder {
	f := &Folder{seed: maphash.MakeSeed()}
	for i := range f.shards {
		f.shards[i].words, f.shards[i].stems = map[string]string{}, map[stemOf]string{}
	}
	return f
}

func (f *Folder) shard(word string) *folderShard {
	return &f.shards[maphash.String(f.seed, word)%folderShards]
}

// Stem returns Stem(lang, word).
func (f *Folder) Stem(lang, word string) string {
	k := stemOf{lang, word}
	sh := f.shard(word)
	sh.mu.Lock()
	s, ok := sh.stems[k]
	sh.mu.Unlock()
	if ok {
		return s
	}
	s = Stem(lang, word)
	sh.mu.Lock()
	sh.stems[k] = s
	sh.mu.Unlock()
	return s
}

// Fold returns Fold(s).
func (f *Folder) Fold(s string) string {
	if isASCII(s) {
		return Fold(s) // already the fast path
	}
	out := make([]byte, 0, len(s))
	start := -1
	for i := 0; i <= len(s); i++ {
		if i < len(s) && !asciiSpace(s[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, f.word(s[start:i])...)
			start = -1
		}
		if i < len(s) {
			out = append(out, s[i])
		}
	}
	return string(out)
}

func (f *Folder) word(w string) string {
	sh := f.shard(w)
	sh.mu.Lock()
	folded, ok := sh.words[w]
	sh.mu.Unlock()
	if ok {
		return folded
	}
	folded = Fold(w)
	sh.mu.Lock()
	sh.words[w] = folded
	sh.mu.Unlock()
	return folded
}

func asciiSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }
