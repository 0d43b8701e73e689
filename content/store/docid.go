package store

import (
	"database/sql"
	"fmt"

	"safar.app/safar/content"
)

// Search rows are numbered so that a search reads ranges and groups its
// hits without reading a table:
//
//	bits 40 and up  the scope: 1 for what every reader may find (scopeAll),
//	                2 and up for a country (see scopeBlock)
//	bits 37–39      the result's type (see typeCodes)
//	bits 31–36      the stages of the journey it is for
//	bits 7–30       the result (one type and ref) within its scope
//	bits 0–6        the text (one a language) within the result
//
// A country's search is then a rowid range of the index, which FTS5 seeks
// to instead of intersecting a scope token with every word; hits group
// into results by id >> resultShift; and the type and stage weights of a
// hit are in its id. The result's number sits low so that neighbouring
// results differ by little: FTS5 stores each row id as the difference to
// the one before, in as few bytes as it needs.
const (
	scopeShift  = 40
	typeShift   = 37
	stageShift  = 31
	resultShift = 7
	maxSeq      = 1<<(stageShift-resultShift) - 1
	maxTexts    = 1 << resultShift
)

// typeCodes number the result types within an id.
var typeCodes = map[string]int64{TypeItem: 0, TypeHotline: 1, TypeService: 2, TypePhrase: 3, TypePlace: 4}

// typeWeight multiplies a hit's bm25 rank (negative: more is better) by
// its type: short texts (services, places, phrases) would otherwise
// outrank the articles that bm25 finds long. Indexed by type code.
var typeWeight = [8]float64{1, 1, 0.7, 0.25, 0.8, 1, 1, 1}

// scopeBlock is the block of ids of a scope ("ccde" or scopeAll).
// Country codes are two lower-case letters (content.Validate).
func scopeBlock(scope string) int64 {
	if scope == scopeAll {
		return 1
	}
	if len(scope) == 4 && scope[2] >= 'a' && scope[2] <= 'z' && scope[3] >= 'a' && scope[3] <= 'z' {
		return 2 + int64(scope[2]-'a')*26 + int64(scope[3]-'a')
	}
	return 0
}

// scopeRange is the first and last id of a scope's block.
func scopeRange(scope string) (int64, int64) {
	b := scopeBlock(scope)
	return b << scopeShift, (b+1)<<scopeShift - 1
}

// stageMask has a bit for each of stages, in the order of content.Stages.
func stageMask(stages []string) int64 {
	var m int64
	for _, s := range stages {
		for i, st := range content.Stages {
			if string(st) == s && i < 6 {
				m |= 1 << i
			}
		}
	}
	return m
}

// hasStage reports whether a result key (id >> resultShift) is for stage.
func hasStage(key int64, stage content.Stage) bool {
	for i, st := range content.Stages {
		if st == stage && i < 6 {
			return key>>(stageShift-resultShift)&(1<<i) != 0
		}
	}
	return false
}

// typeOf is the type code of a result key.
func typeOf(key int64) int64 { return key >> (typeShift - resultShift) & 7 }

// docIDs hands out search row ids during an install: each result gets the
// next number of its scope, each of its texts the next of the result.
type docIDs struct {
	next map[int64]int64 // scope block → the next result number in it
}

// assign numbers a unit's documents.
func (a *docIDs) assign(tx *sql.Tx, docs []searchDoc) ([]int64, error) {
	if a.next == nil {
		a.next = map[int64]int64{}
	}
	type result struct{ scope, typ, ref string }
	base := map[result]int64{}
	texts := map[result]int64{}
	ids := make([]int64, len(docs))
	for i, d := range docs {
		r := result{d.scope, d.typ, d.ref}
		b, ok := base[r]
		if !ok {
			block := scopeBlock(d.scope)
			seq, ok := a.next[block]
			if !ok {
				lo, hi := block<<scopeShift, (block+1)<<scopeShift-1
				var last sql.NullInt64
				if err := tx.QueryRow(`SELECT max((id >> ?) & ?) FROM search_doc WHERE id BETWEEN ? AND ?`,
					resultShift, maxSeq, lo, hi).Scan(&last); err != nil {
					return nil, err
				}
				seq = last.Int64 + 1
			}
			if seq > maxSeq {
				return nil, fmt.Errorf("%s %s: more than %d search results in scope %s", d.typ, d.ref, maxSeq, d.scope)
			}
			a.next[block] = seq + 1
			b = block<<scopeShift | typeCodes[d.typ]<<typeShift | stageMask(splitList(d.stages))<<stageShift | seq<<resultShift
			base[r] = b
		}
		if texts[r] >= maxTexts {
			return nil, fmt.Errorf("%s %s: more than %d texts", d.typ, d.ref, maxTexts)
		}
		ids[i] = b + texts[r]
		texts[r]++
	}
	return ids, nil
}
