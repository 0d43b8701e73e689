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

// fills are the rows each schema version held, written the way that
// version's install wrote them. The schema of version v is migrations[:v]:
// migrations are only ever appended (git log -p content/store/schema.go),
// so that is exactly the schema each earlier app version created.
var fills = map[int][]string{
	// 1: the first store: no country roles, no phrasebook, a search index
	// without single-row deletes.
	1: {
		`INSERT INTO country (code) VALUES ('de')`,
		`INSERT INTO region (country, code) VALUES ('de', 'berlin')`,
		`INSERT INTO name (ref, lang, name) VALUES ('de', 'en', 'Germany'), ('de', 'ar', 'ألمانيا'), ('de/berlin', 'en', 'Berlin')`,
		`INSERT INTO item VALUES ('de-asylum', 'de', '_', 'entry', 'asylum', 'first-weeks', 'en', 'BAMF',
			'https://www.bamf.de/EN/Themen/AsylFluechtlingsschutz/asylfluechtlingsschutz-node.html', '2026-01-10', '2099-01-10')`,
		// Columns named: version 5 added translation.terms (with a default).
		`INSERT INTO translation (id, item_id, lang, title, summary, body, status) VALUES
			(7, 'de-asylum', 'en', 'Asking for asylum', 'Who decides', 'The Federal Office decides.', 'original'),
			(8, 'de-asylum', 'ar', 'طلب اللجوء', 'من يقرر', 'المكتب الاتحادي يقرر.', 'machine')`,
		`INSERT INTO hotline VALUES ('de-hl-112', 'de', '+49112', 'ambulance', '24/7', 'de en', 'EU', 'https://digital-strategy.ec.europa.eu/en/policies/112', '2026-01-10', '2099-01-10')`,
		`INSERT INTO hotline_text VALUES ('de-hl-112', 'en', 'Fire brigade and ambulance', 'Free of charge.', 'original')`,
		`INSERT INTO service VALUES ('de-svc-bamf', 'de', '_', 'service', '+4991194300', 'https://www.bamf.de', 'Frankenstraße 210, Nürnberg', '',
			'de en', 49.43, 11.09, 'BAMF', 'https://www.bamf.de/EN/Startseite/startseite_node.html', '2026-01-10', '2099-01-10')`,
		`INSERT INTO service_text VALUES ('de-svc-bamf', 'en', 'Federal Office for Migration and Refugees', 'Decides on asylum.', 'original')`,
		`INSERT INTO meta (key, value) VALUES ('installed_at', '2026-11-01T10:00:00Z'), ('origin', 'https://feed.example.org'),
			('sequence', '3'), ('hash', 'h1')`,
	},
	// 2: countries people leave beside those they go to.
	2: {
		`INSERT INTO country (code, role) VALUES ('sy', 'origin')`,
		`INSERT INTO name (ref, lang, name) VALUES ('sy', 'en', 'Syria')`,
	},
	// 3: the health phrasebook.
	3: {
		`INSERT INTO phrase_category VALUES ('pain', 1, 'Test', 'https://www.example.org/phrases', '2026-01-10', '2099-01-10')`,
		`INSERT INTO phrase_category_name VALUES ('pain', 'en', 'Pain'), ('pain', 'ar', 'الألم')`,
		`INSERT INTO phrase VALUES ('pain-where', 'pain', 1, 'yes-no', '')`,
		`INSERT INTO phrase_text VALUES ('pain-where', 'en', 'Does it hurt?', 'original', '', 'does it hurt?'),
			('pain-where', 'ar', 'هل يؤلمك؟', 'machine', '', 'هل يؤلمك؟')`,
	},
}

// translationIndex is version 1 to 4's search index of the translations
// above; version 5 replaced it with one index over everything, which Open
// builds from the stored rows.
const translationIndex = `INSERT INTO translation_fts (rowid, title, summary, body, scope) VALUES
	(7, 'asking for asylum', 'who decides', 'the federal office decides.', 'ccde'),
	(8, 'طلب اللجوء', 'من يقرر', 'المكتب الاتحادي يقرر.', 'ccde')`

// TestMigrateFromEveryEarlierVersion: a content.db written by every earlier
// app version opens with today's code, keeps its rows, and search finds
// them; the next install then works on it.
func TestMigrateFromEveryEarlierVersion(t *testing.T) {
	for v := 1; v < len(migrations); v++ {
		t.Run(fmt.Sprintf("version %d", v), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "content.db")
			db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL")
			if err != nil {
				t.Fatal(err)
			}
			// Each version's rows go in at that version: a later migration
			// adds columns the rows of an earlier one do not name.
			for fill := 1; fill <= v; fill++ {
				if err := migrate.Apply(db, migrations[:fill]); err != nil {
					t.Fatal(err)
				}
				for _, q := range fills[fill] {
					if _, err := db.Exec(q); err != nil {
						t.Fatalf("fill of version %d: %s: %v", fill, q, err)
					}
				}
			}
			if v < 5 {
				if _, err := db.Exec(translationIndex); err != nil {
					t.Fatal(err)
				}
			}
			db.Close()

			s, err := Open(path)
			if err != nil {
				t.Fatalf("today's code cannot open a version %d database: %v", v, err)
			}
			defer s.Close()
			var version int
			if err := s.db.QueryRow(`PRAGMA user_version`).Scan(&version); err != nil || version != len(migrations) {
				t.Errorf("user_version = %d, %v; want %d", version, err, len(migrations))
			}

			info, err := s.Installed()
			if err != nil || info.Origin != "https://feed.example.org" || info.Sequence != 3 || info.Hash != "h1" {
				t.Errorf("Installed() = %+v, %v; want the record kept", info, err)
			}
			a, err := s.Article("de-asylum", []string{"ar", "en"})
			if err != nil || a.Title != "طلب اللجوء" {
				t.Errorf("Article = %q, %v", a.Title, err)
			}
			places, err := s.Countries(content.RoleDestination, []string{"en"})
			if err != nil || len(places) != 1 || places[0].Name != "Germany" {
				t.Errorf("destinations = %+v, %v; want Germany (a version 1 country is a destination)", places, err)
			}
			if v >= 2 {
				origins, err := s.Countries(content.RoleOrigin, []string{"en"})
				if err != nil || len(origins) != 1 || origins[0].Code != "sy" {
					t.Errorf("origins = %+v, %v; want Syria", origins, err)
				}
			}
			hl, err := s.Hotlines("de", []string{"en"})
			if err != nil || len(hl) != 1 || hl[0].Label != "Fire brigade and ambulance" {
				t.Errorf("Hotlines = %+v, %v", hl, err)
			}
			svc, err := s.Services("de", []content.Kind{content.KindService}, []string{"en"})
			if err != nil || len(svc) != 1 || svc[0].Name != "Federal Office for Migration and Refugees" {
				t.Errorf("Services = %+v, %v", svc, err)
			}
			// Search finds the item in both languages, through the index the
			// upgrade rebuilt. (Services are indexed too: "federal" also
			// finds the Federal Office, which is right.)
			got := searchAll(t, s, "federal", "asylum", "اللجوء", "يقرر")
			for q, ids := range got {
				if !slices.Contains(strings.Fields(ids), "de-asylum") {
					t.Errorf("after the upgrade, Search(%q) = %q, want de-asylum among them", q, ids)
				}
			}
			if v >= 3 {
				cats, err := s.PhraseCategories([]string{"en"})
				if err != nil || len(cats) != 1 || cats[0].Name != "Pain" || cats[0].Count != 1 {
					t.Errorf("PhraseCategories = %+v, %v", cats, err)
				}
				p, err := s.Phrase("pain-where", []string{"en"}, []string{"ar"})
				if err != nil || p.Clinician.Text != "Does it hurt?" || p.Patient.Text != "هل يؤلمك؟" {
					t.Errorf("Phrase = %+v, %v", p, err)
				}
			}

			// The next install replaces it whole.
			if err := s.Install(testPack(), PackInfo{Origin: "test"}); err != nil {
				t.Fatal(err)
			}
			if got, want := dump(t, s), dump(t, openTest(t)); !reflect.DeepEqual(got, want) {
				t.Errorf("install after the upgrade left other rows:\n%v\nwant\n%v", got, want)
			}
		})
	}
}
