package bundled

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"safar.app/safar/content"
	"safar.app/safar/userdata"
)

// TestEmbeddedPackIsValid keeps the shipped content free of errors: an error
// here would leave a new reader with nothing.
func TestEmbeddedPackIsValid(t *testing.T) {
	_, problems := Pack()
	for _, p := range content.Errors(problems) {
		t.Error(p)
	}
}

// The default pack's promise to readers, as the content issue sets it out.
var (
	destinations = []string{"at", "de", "es", "fr", "gb", "gr", "it", "nl", "pt", "se"}
	origins      = []string{"af", "er", "ma", "ph", "sy", "ua"}
	cities       = []string{"nl/amsterdam", "gr/athens", "es/barcelona", "de/berlin", "gb/glasgow",
		"se/gothenburg", "fr/paris", "it/rome", "at/vienna", "de/altena"}
	destinationKinds = []content.Kind{content.KindEntry, content.KindRisk, content.KindProgramme,
		content.KindRights, content.KindHealth, content.KindEmergency, content.KindLiving}
	everywhereLangs = []string{"en", "ar", "fa-AF", "uk", "fr", "es"}
	urgentLangs     = []string{"ps", "ti", "so"} // at least for emergency, health and rights
	urgentKinds     = map[content.Kind]bool{content.KindEmergency: true, content.KindHealth: true, content.KindRights: true}
)

func TestEmbeddedPackCoversItsReaders(t *testing.T) {
	pack, _ := Pack()
	roles := map[string]content.Role{}
	regions := map[string]bool{}
	for _, c := range pack.Countries {
		roles[c.Code] = c.Role
		for _, r := range c.Regions {
			regions[c.Code+"/"+r.Code] = true
		}
	}
	kinds := map[string]map[content.Kind]bool{}
	for _, it := range pack.Items {
		if kinds[it.Country] == nil {
			kinds[it.Country] = map[content.Kind]bool{}
		}
		kinds[it.Country][it.Kind] = true
	}
	for _, cc := range destinations {
		if roles[cc] != content.RoleDestination {
			t.Errorf("%s: role %q, want destination", cc, roles[cc])
		}
		for _, k := range destinationKinds {
			if !kinds[cc][k] {
				t.Errorf("%s has no %s item", cc, k)
			}
		}
	}
	for _, cc := range origins {
		if roles[cc] != content.RoleOrigin {
			t.Errorf("%s: role %q, want origin", cc, roles[cc])
		}
		if !kinds[cc][content.KindRisk] || !kinds[cc][content.KindEntry] {
			t.Errorf("%s lacks a travel-risk or a what-to-prepare item: %v", cc, kinds[cc])
		}
	}
	services := map[string]int{}
	for _, s := range pack.Services {
		services[s.Country+"/"+s.Region]++
	}
	for _, city := range cities {
		if !regions[city] {
			t.Errorf("%s is not a declared region", city)
		}
		if services[city] < 3 {
			t.Errorf("%s has %d services, want a welcome office, language courses and legal advice", city, services[city])
		}
	}
	emergencyNumber := map[string]bool{}
	for _, h := range pack.Hotlines {
		if h.Number == "112" || h.Number == "999" {
			emergencyNumber[h.Country] = true
		}
	}
	for _, cc := range destinations {
		if !emergencyNumber[cc] {
			t.Errorf("%s has no emergency number among its hotlines", cc)
		}
	}
}

func TestEmbeddedPackLanguages(t *testing.T) {
	pack, _ := Pack()
	has := func(id string, langs map[string]content.Status, want []string) {
		for _, l := range want {
			if _, ok := langs[l]; !ok {
				t.Errorf("%s has no %s text", id, l)
			}
		}
		for l, st := range langs {
			if st == content.StatusReviewed {
				t.Errorf("%s %s is marked reviewed: only a person who checked it may say so", id, l)
			}
			if l != "en" && st == content.StatusOriginal {
				t.Errorf("%s %s is marked original: the pack's originals are English", id, l)
			}
		}
	}
	for _, it := range pack.Items {
		langs := map[string]content.Status{}
		for _, tr := range it.Translations {
			langs[tr.Lang] = tr.Status
		}
		want := everywhereLangs
		if urgentKinds[it.Kind] {
			want = append(append([]string{}, everywhereLangs...), urgentLangs...)
		}
		has(it.ID, langs, want)
	}
	for _, h := range pack.Hotlines {
		langs := map[string]content.Status{}
		for _, tx := range h.Texts {
			langs[tx.Lang] = tx.Status
		}
		has(h.ID, langs, append(append([]string{}, everywhereLangs...), urgentLangs...))
	}
	for _, s := range pack.Services {
		langs := map[string]content.Status{}
		for _, tx := range s.Texts {
			langs[tx.Lang] = tx.Status
		}
		has(s.ID, langs, everywhereLangs)
	}
}

// TestDamagedContentIsRebuiltAndUserDataUntouched: a corrupt content.db
// is set aside and rebuilt; user.db stays byte for byte as it was.
func TestDamagedContentIsRebuiltAndUserDataUntouched(t *testing.T) {
	dir := t.TempDir()
	contentPath, userPath := filepath.Join(dir, "content.db"), filepath.Join(dir, "user.db")

	cs, r, err := Open(contentPath)
	if err != nil || r.Damaged() || !r.Installed {
		t.Fatalf("first run: %+v, %v", r, err)
	}
	cs.Close()
	us, err := userdata.Open(userPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := us.SaveSettings(userdata.Settings{Lang: "ti", Country: "se", TextScale: 1.5, Onboarded: true}); err != nil {
		t.Fatal(err)
	}
	us.Close()
	userBefore := readAll(t, userPath)

	if err := os.WriteFile(contentPath, bytes.Repeat([]byte{0x5a}, 64*1024), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Remove(contentPath + "-wal")
	os.Remove(contentPath + "-shm")

	cs, r, err = Open(contentPath)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	if !r.Damaged() || r.Reason == "" {
		t.Errorf("damage not reported: %+v", r)
	}
	if kept := readAll(t, r.MovedTo); !bytes.Equal(kept, bytes.Repeat([]byte{0x5a}, 64*1024)) {
		t.Error("the damaged file was not kept as it was")
	}
	if lines, err := cs.Hotlines("se", []string{"en"}); err != nil || len(lines) == 0 {
		t.Errorf("content not restored: %v, %v", lines, err)
	}
	if !bytes.Equal(readAll(t, userPath), userBefore) {
		t.Error("user.db changed while content was rebuilt")
	}
}

func readAll(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// BenchmarkFirstRunInstall: target under 300 ms to read the embedded tree
// and install it into a new content.db.
func BenchmarkFirstRunInstall(b *testing.B) {
	for i := 0; i < b.N; i++ {
		path := filepath.Join(b.TempDir(), "content.db")
		cs, _, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		cs.Close()
	}
}
