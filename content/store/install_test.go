package store

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
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
