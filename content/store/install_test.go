package store

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"safar.app/safar/content"
	"safar.app/safar/internal/migrate"
)

// dump is every content row of s, as text, with translation and search row
// ids left out: an install may number them differently and still be equal.
func dump(t *testing.T, s *Store) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, table := range contentTables {
		q := `SELECT * FROM ` + table
		if table == "translation" {
			q = `SELECT item_id, lang, title, summary, body, status, terms FROM translation`
		}
		if table == "search_doc" {
			q = `SELECT type, ref, lang, original, kind, region, stages, title, summary, detail, status FROM search_doc ORDER BY 1, 2, 3 --`
		}
		rows, err := s.db.Query(q + ` ORDER BY 1, 2`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out[table] = append(out[table], fmt.Sprint(vals...))
		}
		rows.Close()
	}
	return out
}

// searchAll is what a few searches find, by item id.
func searchAll(t *testing.T, s *Store, queries ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, q := range queries {
		res, err := s.Search(q, "", []string{"en", "ar"}, 20)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range res {
			ids = append(ids, r.ID)
		}
		out[q] = strings.Join(ids, " ")
	}
	return out
}

// postings is every list of the search index, with each text named by
// type, ref and language (its row id may differ between installs), and
// checks that every text's record of its lists (search_doc.terms) names
// exactly the lists that hold it.
func postings(t *testing.T, s *Store) map[string][]string {
	t.Helper()
	name := map[int64]string{}
	recorded := map[int64][]int64{}
	rows, err := s.db.Query(`SELECT id, type, ref, lang, terms FROM search_doc`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var typ, ref, lang string
		var terms []byte
		if err := rows.Scan(&id, &typ, &ref, &lang, &terms); err != nil {
			t.Fatal(err)
		}
		name[id] = typ + " " + ref + " " + lang
		recorded[id] = decodeIDs(terms)
	}
	rows.Close()
	out := map[string][]string{}
	holds := map[int64][]int64{}
	rows, err = s.db.Query(`SELECT id, term, df, list FROM search_term ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var tid int64
		var term string
		var df int
		var data []byte
		if err := rows.Scan(&tid, &term, &df, &data); err != nil {
			t.Fatal(err)
		}
		l, ok := decodeList(data, df)
		if !ok || len(l.ids) != df || df == 0 {
			t.Errorf("list of %q: %d postings, df %d, readable %v", term, len(l.ids), df, ok)
		}
		for i, id := range l.ids {
			if name[id] == "" {
				t.Errorf("list of %q holds text %d, which search_doc does not have", term, id)
			}
			out[term] = append(out[term], fmt.Sprintf("%s %d", name[id], l.w[i]))
			holds[id] = append(holds[id], tid)
		}
		slices.Sort(out[term])
	}
	for id, tids := range recorded {
		if !slices.Equal(tids, holds[id]) {
			t.Errorf("text %s records lists %v, is held by %v", name[id], tids, holds[id])
		}
	}
	return out
}

// TestInstallOverOldEqualsFreshInstall installs a pack over another with
// items, hotlines, countries and translations changed, added and removed,
// and compares every row and what search finds with the same pack
// installed into an empty database.
func TestInstallOverOldEqualsFreshInstall(t *testing.T) {
	next := testPack()
	next.Items[0].Translations[0].Body = "The Federal Office decides on protection claims."
	next.Items[1].Translations = next.Items[1].Translations[:1] // a translation removed
	next.Items = append(next.Items[:2], next.Items[3])          // de-housing removed
	next.Items = append(next.Items, content.Item{ID: "se-school", Country: "se", Region: "_",
		Kind: content.KindLiving, Slug: "school", Stages: []content.Stage{content.StageSettling},
		OriginalLang: "en", Provenance: testProvenance, Translations: []content.Translation{
			{Lang: "en", Title: "School for children", Summary: "Every child goes to school.", Body: "Ask the kommun.", Status: content.StatusOriginal}}})
	next.Hotlines = next.Hotlines[:1]
	next.Hotlines[0].Texts[0].Label = "Helpline for women"
	next.Countries[1].Names["fa"] = "سوئد"

	over := openTest(t) // holds testPack
	if err := over.Install(next, PackInfo{Origin: "next"}); err != nil {
		t.Fatal(err)
	}
	fresh, err := Open(filepath.Join(t.TempDir(), "content.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if err := fresh.Install(next, PackInfo{Origin: "next"}); err != nil {
		t.Fatal(err)
	}
	if got, want := dump(t, over), dump(t, fresh); !reflect.DeepEqual(got, want) {
		for table := range want {
			if !reflect.DeepEqual(got[table], want[table]) {
				t.Errorf("%s after installing over the old pack:\n%q\nafter a fresh install:\n%q", table, got[table], want[table])
			}
		}
	}
	if got, want := postings(t, over), postings(t, fresh); !reflect.DeepEqual(got, want) {
		for k := range want {
			if !reflect.DeepEqual(got[k], want[k]) {
				t.Errorf("list of %q after installing over the old pack: %q; after a fresh install: %q", k, got[k], want[k])
			}
		}
		for k := range got {
			if _, ok := want[k]; !ok {
				t.Errorf("list of %q after installing over the old pack: %q; a fresh install has none", k, got[k])
			}
		}
	}
	queries := []string{"asylum", "protection", "decides", "flat", "muellerstrasse", "school", "doctor", "مطب", "اللجوء"}
	got, want := searchAll(t, over, queries...), searchAll(t, fresh, queries...)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("search after installing over the old pack:\n%v\nafter a fresh install:\n%v", got, want)
	}
	for q, ids := range map[string]string{"protection": "de-asylum", "flat": "", "school": "se-school", "مطب": ""} {
		if got[q] != ids {
			t.Errorf("Search(%q) = %q, want %q", q, got[q], ids)
		}
	}
}

// TestInstallTouchesOnlyChangedUnits shows why installs are incremental:
// a one-item change rewrites that item and leaves the other rows alone.
func TestInstallTouchesOnlyChangedUnits(t *testing.T) {
	s := openTest(t)
	ids := func() map[string]int64 {
		out := map[string]int64{}
		rows, err := s.db.Query(`SELECT item_id || '/' || lang, id FROM translation`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			var id int64
			rows.Scan(&k, &id)
			out[k] = id
		}
		return out
	}
	before := ids()
	next := testPack()
	next.Items[2].Translations[0].Title = "Finding a flat to rent"
	if err := s.Install(next, PackInfo{Origin: "next"}); err != nil {
		t.Fatal(err)
	}
	after := ids()
	for k, id := range before {
		changed := after[k] != id
		if want := strings.HasPrefix(k, "de-housing/"); changed != want {
			t.Errorf("translation %s: row rewritten = %v, want %v", k, changed, want)
		}
	}
}

// TestUpgradeRebuildsSearchIndex opens a database written before installs
// kept digests (schema 3, with content from a sync that cannot be fetched
// again offline): its content stays, search finds it, and the next install
// replaces it whole.
func TestUpgradeRebuildsSearchIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "content.db")
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate.Apply(db, migrations[:3]); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO country (code, role) VALUES ('de', 'destination')`,
		`INSERT INTO item VALUES ('de-asylum', 'de', '_', 'entry', 'asylum', 'first-weeks', 'en', 'P', 'https://example.org', '2026-01-10', '2027-01-10')`,
		`INSERT INTO translation VALUES (7, 'de-asylum', 'en', 'Asking for asylum', 'How to ask', 'The Federal Office decides.', 'original')`,
		`INSERT INTO translation_fts (rowid, title, summary, body, scope) VALUES (7, 'asking for asylum', 'how to ask', 'the federal office decides.', 'ccde')`,
		`INSERT INTO meta (key, value) VALUES ('installed_at', '2026-11-01T10:00:00Z'), ('origin', 'https://feed.example.org'), ('sequence', '3')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := searchAll(t, s, "federal", "asylum")["federal"]; got != "de-asylum" {
		t.Errorf("after the upgrade, Search(federal) = %q, want de-asylum", got)
	}
	info, err := s.Installed()
	if err != nil || info.Origin != "https://feed.example.org" {
		t.Errorf("Installed() = %+v, %v; want the synced pack kept", info, err)
	}
	if err := s.Install(testPack(), PackInfo{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	fresh := openTest(t)
	if got, want := dump(t, s), dump(t, fresh); !reflect.DeepEqual(got, want) {
		t.Errorf("install after the upgrade left other rows:\n%v\nwant\n%v", got, want)
	}
}

// TestInstallsOfOnePackAreAlike: the same pack installed into fresh
// databases gives every search text the same row id, places included
// (their names were once indexed in a map's order).
func TestInstallsOfOnePackAreAlike(t *testing.T) {
	rows := func() []string {
		s, err := Open(filepath.Join(t.TempDir(), "content.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		p := testPack()
		// A country named in ten languages, as the shipped ones are: one
		// map's order in ten would rarely come out the same five times.
		for _, lang := range []string{"ar", "fa-AF", "fa", "ps", "ti", "so", "uk", "fr", "es"} {
			p.Countries[0].Names[lang] = "name in " + lang
		}
		if err := s.Install(p, PackInfo{Origin: "test"}); err != nil {
			t.Fatal(err)
		}
		r, err := s.db.Query(`SELECT rowid, type, ref, lang FROM search_doc ORDER BY rowid`)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		var out []string
		for r.Next() {
			var id int64
			var typ, ref, lang string
			if err := r.Scan(&id, &typ, &ref, &lang); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprint(id, typ, ref, lang))
		}
		return out
	}
	first := rows()
	for i := 0; i < 4; i++ {
		if again := rows(); !reflect.DeepEqual(again, first) {
			t.Fatalf("install %d gave other row ids:\n%q\nthe first:\n%q", i+2, again, first)
		}
	}
}
