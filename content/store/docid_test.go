package store

import (
	"path/filepath"
	"testing"

	"safar.app/safar/content"
)

// TestDocIDs: each result's texts share one key (id >> resultShift) in its
// scope's range, with its type and stages; results never share a key; a
// later install numbers after what is stored.
func TestDocIDs(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "content.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tx, err := s.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	docs := []searchDoc{
		{typ: TypeItem, ref: "de-a", lang: "en", scope: "ccde", stages: "first-weeks settling-in"},
		{typ: TypeItem, ref: "de-a", lang: "ar", scope: "ccde", stages: "first-weeks settling-in"},
		{typ: TypeService, ref: "de-b", lang: "en", scope: "ccde"},
		{typ: TypePlace, ref: "de", lang: "en", scope: scopeAll},
		{typ: TypeHotline, ref: "se-c", lang: "en", scope: "ccse"},
	}
	var a docIDs
	ids, err := a.assign(tx, docs)
	if err != nil {
		t.Fatal(err)
	}
	key := func(i int) int64 { return ids[i] >> resultShift }
	tests := []struct {
		doc   int
		scope string
		typ   string
		stage content.Stage
		has   bool
	}{
		{0, "ccde", TypeItem, content.StageFirstWeeks, true},
		{1, "ccde", TypeItem, content.StageSettling, true},
		{0, "ccde", TypeItem, content.StageBefore, false},
		{2, "ccde", TypeService, content.StageFirstWeeks, false},
		{3, scopeAll, TypePlace, content.StageFirstWeeks, false},
		{4, "ccse", TypeHotline, content.StageOnTheWay, false},
	}
	for _, tt := range tests {
		lo, hi := scopeRange(tt.scope)
		if ids[tt.doc] < lo || ids[tt.doc] > hi {
			t.Errorf("doc %d: id %d outside %s's range %d–%d", tt.doc, ids[tt.doc], tt.scope, lo, hi)
		}
		if got := typeOf(key(tt.doc)); got != typeCodes[tt.typ] {
			t.Errorf("doc %d: type %d, want %d (%s)", tt.doc, got, typeCodes[tt.typ], tt.typ)
		}
		if got := hasStage(key(tt.doc), tt.stage); got != tt.has {
			t.Errorf("doc %d: hasStage(%s) = %v", tt.doc, tt.stage, got)
		}
	}
	if key(0) != key(1) || ids[0] == ids[1] {
		t.Errorf("the texts of one result: ids %d and %d", ids[0], ids[1])
	}
	if key(0) == key(2) {
		t.Errorf("two results share key %d", key(0))
	}

	// What is stored is numbered around: a new install's results come after.
	for i, d := range docs {
		if _, err := tx.Exec(insertSearchDoc, ids[i], d.typ, d.ref, d.lang, d.original, d.kind, d.region,
			d.stages, "", "", "", "", []byte{}); err != nil {
			t.Fatal(err)
		}
	}
	var b docIDs
	more, err := b.assign(tx, []searchDoc{{typ: TypeItem, ref: "de-d", lang: "en", scope: "ccde", stages: "first-weeks settling-in"}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range docs {
		if more[0]>>resultShift == key(i) {
			t.Errorf("a new result took the key of stored doc %d", i)
		}
	}
}
