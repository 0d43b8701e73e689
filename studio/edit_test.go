package studio

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func read(t *testing.T, dir, p string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, p))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// lineDiff is the lines of b that a lacks and of a that b lacks.
func lineDiff(a, b string) (gone, added []string) {
	count := map[string]int{}
	for _, l := range strings.Split(a, "\n") {
		count[l]++
	}
	for _, l := range strings.Split(b, "\n") {
		if count[l] > 0 {
			count[l]--
		} else {
			added = append(added, l)
		}
	}
	for l, n := range count {
		for ; n > 0; n-- {
			gone = append(gone, l)
		}
	}
	return gone, added
}

func TestSavingChangesOnlyTheEditedLine(t *testing.T) {
	_, ts, c, dir := studioOn(t)
	before := read(t, dir, "de/berlin/services.toml")
	resp, err := c.PostForm(ts.URL+"/item", url.Values{"kind": {"service"}, "id": {"de-berlin-svc-arrival"},
		"r.hours": {"Mo-Fr 08:00-15:00"}, "r.address": {"Oranienburger Straße 285 (Haus 2), 13437 Berlin"},
		"t.en.name": {"Arrival centre of the State Office for Refugee Affairs (LAF Ankunftszentrum)"}})
	if err != nil {
		t.Fatal(err)
	}
	if b := body(t, resp); resp.StatusCode != http.StatusOK || !strings.Contains(b, "Saved.") {
		t.Fatalf("save: %s", resp.Status)
	}
	after := read(t, dir, "de/berlin/services.toml")
	gone, added := lineDiff(before, after)
	if len(gone) != 0 || len(added) != 1 || added[0] != `hours = "Mo-Fr 08:00-15:00"` {
		t.Fatalf("gone %q, added %q", gone, added)
	}
	// With the record's keys: after its id, before its first text table.
	rec := strings.Index(after, `id = "de-berlin-svc-arrival"`)
	texts := rec + strings.Index(after[rec:], "[[service.text]]")
	at := strings.Index(after, `hours = "Mo-Fr 08:00-15:00"`)
	if rec < 0 || texts < rec || at < rec || at > texts {
		t.Errorf("the new key is not with the record's keys:\n%.900s", after[max(rec, 0):])
	}
}

func TestAnInvalidNumberIsNotSaved(t *testing.T) {
	_, ts, c, dir := studioOn(t)
	before := read(t, dir, "de/hotlines.toml")
	resp, _ := c.PostForm(ts.URL+"/item", url.Values{"kind": {"hotline"}, "id": {"de-hl-112"}, "r.number": {"113"}})
	b := body(t, resp)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, "Not saved") || !strings.Contains(b, "113") {
		t.Fatalf("invalid short number: %s\n%.500s", resp.Status, b)
	}
	if read(t, dir, "de/hotlines.toml") != before {
		t.Fatal("the file changed")
	}
	// The field shows what was typed, marked.
	if !strings.Contains(b, `value="113"`) || !strings.Contains(b, "field-error") {
		t.Error("the refused value is not shown back")
	}
	// As typed: the check endpoint says the same.
	resp, _ = c.PostForm(ts.URL+"/api/phone", url.Values{"number": {"113"}, "country": {"de"}})
	if b := body(t, resp); !strings.Contains(b, `"ok":false`) {
		t.Errorf("api/phone 113: %s", b)
	}
	resp, _ = c.PostForm(ts.URL+"/api/phone", url.Values{"number": {"030 90127 0"}, "country": {"de"}})
	if b := body(t, resp); !strings.Contains(b, `"stored":"+49309012`) {
		t.Errorf("api/phone Berlin number: %s", b)
	}
	resp, _ = c.PostForm(ts.URL+"/api/hours", url.Values{"hours": {"Mo-Fr 09:00-17:00"}})
	if b := body(t, resp); !strings.Contains(b, `"open":true`) { // Sunday 2026-12-06? no: the clock is a Sunday
		if !strings.Contains(b, `"open":false`) {
			t.Errorf("api/hours: %s", b)
		}
	}
	resp, _ = c.PostForm(ts.URL+"/api/hours", url.Values{"hours": {"Mo-Fr 9-17"}})
	if b := body(t, resp); !strings.Contains(b, `"ok":false`) {
		t.Errorf("api/hours bad: %s", b)
	}
}

func TestOpenNowFollowsTheClock(t *testing.T) {
	_, ts, c, _ := studioOn(t) // Sunday 2026-12-06, 10:00
	for hours, open := range map[string]bool{"Mo-Fr 09:00-17:00": false, "Su 09:00-12:00": true, "24/7": true} {
		resp, _ := c.PostForm(ts.URL+"/api/hours", url.Values{"hours": {hours}})
		b := body(t, resp)
		want := `"open":false`
		if open {
			want = `"open":true`
		}
		if !strings.Contains(b, want) {
			t.Errorf("%s: %s", hours, b)
		}
	}
}

func TestAddATranslationAndMarkItReviewed(t *testing.T) {
	_, ts, c, dir := studioOn(t)
	const p = "de/berlin/service/first-contact.it.md"
	resp, _ := c.Get(ts.URL + "/item?kind=article&id=de-berlin-first-contact&lang=it")
	if b := body(t, resp); !strings.Contains(b, "new translation") || !strings.Contains(b, `name="t.it.title"`) {
		t.Fatalf("the new language's column is missing: %s", resp.Status)
	}
	resp, _ = c.PostForm(ts.URL+"/item", url.Values{"kind": {"article"}, "id": {"de-berlin-first-contact"}, "lang": {"it"},
		"t.it.status": {"machine"}, "t.it.title": {"Primi punti di contatto a Berlino"},
		"t.it.summary": {"Quali uffici di Berlino incontrano per primi i nuovi arrivati."},
		"t.it.body":    {"A Berlino due uffici statali sono importanti.\r\n\r\n- **LAF**\r\n- **LEA**\r\n"}})
	if b := body(t, resp); resp.StatusCode != http.StatusOK {
		t.Fatalf("save: %s %.400s", resp.Status, b)
	}
	got := read(t, dir, p)
	want := "+++\nid = \"de-berlin-first-contact\"\n# changed 2026-12-06\nstatus = \"machine\"\ntranslation_of = \"en\"\ntitle = \"Primi punti di contatto a Berlino\"\nsummary = \"Quali uffici di Berlino incontrano per primi i nuovi arrivati.\"\n+++\nA Berlino due uffici statali sono importanti.\n\n- **LAF**\n- **LEA**\n"
	if got != want {
		t.Fatalf("%s:\n%s\nwant\n%s", p, got, want)
	}
	// An empty name is refused; a name is written with the date.
	resp, _ = c.PostForm(ts.URL+"/review", url.Values{"kind": {"article"}, "id": {"de-berlin-first-contact"}, "lang": {"it"}, "reviewer": {" "}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("review without a name: %s", resp.Status)
	}
	resp, _ = c.PostForm(ts.URL+"/review", url.Values{"kind": {"article"}, "id": {"de-berlin-first-contact"}, "lang": {"it"}, "reviewer": {"Giulia Rossi"}})
	if b := body(t, resp); resp.StatusCode != http.StatusOK || !strings.Contains(b, "reviewed by") || !strings.Contains(b, "Giulia Rossi, 2026-12-06") {
		t.Fatalf("review: %s", resp.Status)
	}
	got = read(t, dir, p)
	if !strings.Contains(got, "# reviewed by Giulia Rossi, 2026-12-06\nstatus = \"reviewed\"\n") {
		t.Fatalf("after review:\n%s", got)
	}
	ix := load(mustTree(t, dir), today())
	if e := ix.byKey["article/de-berlin-first-contact"]; e.Status("it") != "reviewed" || e.Errors() != 0 {
		t.Fatalf("the loader reads it as %q with %v", e.Status("it"), e.Problems)
	}
	// The original changes later: the translation is flagged stale.
	orig := read(t, dir, "de/berlin/service/first-contact.en.md")
	os.WriteFile(filepath.Join(dir, "de/berlin/service/first-contact.en.md"), []byte(strings.Replace(orig, "reviewed_on = 2026-11-23", "reviewed_on = 2026-12-07", 1)), 0o644)
	resp, _ = c.Get(ts.URL + "/item?kind=article&id=de-berlin-first-contact&lang=it")
	if b := body(t, resp); !strings.Contains(b, `id="stale-it"`) {
		t.Error("a translation reviewed before the original changed is not flagged")
	}
	// The original is not a translation.
	resp, _ = c.PostForm(ts.URL+"/review", url.Values{"kind": {"article"}, "id": {"de-berlin-first-contact"}, "lang": {"en"}, "reviewer": {"X"}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("review of the original: %s", resp.Status)
	}
}

func TestRecordTranslationIsAddedBelowItsRecord(t *testing.T) {
	_, ts, c, dir := studioOn(t)
	resp, _ := c.PostForm(ts.URL+"/item", url.Values{"kind": {"hotline"}, "id": {"de-hl-112"}, "lang": {"it"},
		"t.it.status": {"machine"}, "t.it.label": {"Vigili del fuoco e ambulanza"}, "t.it.note": {""}})
	if b := body(t, resp); resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %.300s", resp.Status, b)
	}
	got := read(t, dir, "de/hotlines.toml")
	block := "\n\n  [[hotline.text]]\n  lang = \"it\"\n  # changed 2026-12-06\n  status = \"machine\"\n  label = \"Vigili del fuoco e ambulanza\"\n\n[[hotline]]\nid = \"de-hl-110\""
	if !strings.Contains(got, block) {
		i := strings.Index(got, "lang = \"it\"")
		t.Fatalf("the Italian text is not at the end of de-hl-112:\n%s", got[max(0, i-300):min(len(got), i+300)])
	}
	ix := load(mustTree(t, dir), today())
	if e := ix.byKey["hotline/de-hl-112"]; e.Status("it") != "machine" || e.Errors() != 0 {
		t.Fatalf("loaded as %q, %v", e.Status("it"), e.Problems)
	}
}

func TestNewItemsFromTemplates(t *testing.T) {
	_, ts, c, dir := studioOn(t, "de/berlin/")
	cases := []struct {
		kind, sub, slug, file, id string
	}{
		{"article", "health", "clinic-hours", "de/berlin/health/clinic-hours.en.md", "de-berlin-clinic-hours"},
		{"service", "", "food-bank", "de/berlin/services.toml", "de-berlin-svc-food-bank"},
		{"programme", "", "language-cafe", "de/berlin/services.toml", "de-berlin-svc-language-cafe"},
		{"checklist", "settling-in", "first-month", "de/berlin/checklist/first-month.en.toml", "de-berlin-checklist-first-month"},
	}
	for _, tc := range cases {
		resp, _ := c.PostForm(ts.URL+"/new", url.Values{"kind": {tc.kind}, "sub": {tc.sub}, "stage": {tc.sub}, "folder": {"de/berlin/"}, "slug": {tc.slug}, "lang": {"en"}})
		b := body(t, resp)
		if resp.StatusCode != http.StatusOK || !strings.Contains(b, tc.id) {
			t.Fatalf("new %s: %s %.300s", tc.kind, resp.Status, b)
		}
		if !strings.Contains(read(t, dir, tc.file), tc.id) {
			t.Errorf("%s lacks %s", tc.file, tc.id)
		}
		if tc.kind == "checklist" && !strings.Contains(read(t, dir, tc.file), `stage = "settling-in"`) {
			t.Errorf("%s is not of the stage chosen", tc.file)
		}
		ix := load(mustTree(t, dir), today())
		e := ix.byKey[key(tc.kind, tc.id)]
		if e == nil {
			t.Fatalf("the loader does not see %s", tc.id)
		}
		// The checker names what the editor must still fill in, no more.
		for _, p := range e.Problems {
			if !strings.Contains(p.Message, "publisher") && !strings.Contains(p.Message, "source") && !strings.Contains(p.Message, "title") &&
				!strings.Contains(p.Message, "summary") && !strings.Contains(p.Message, "name") && !strings.Contains(p.Message, "body") &&
				!strings.Contains(p.Message, "text") && !strings.Contains(p.Message, "empty") {
				t.Errorf("%s: unexpected problem %s", tc.id, p)
			}
		}
	}
	// Twice the same name is refused.
	resp, _ := c.PostForm(ts.URL+"/new", url.Values{"kind": {"service"}, "folder": {"de/berlin/"}, "slug": {"food-bank"}, "lang": {"en"}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a second food-bank: %s", resp.Status)
	}
}

func TestPhraseCategoryTranslation(t *testing.T) {
	_, ts, c, dir := studioOn(t)
	resp, _ := c.Get(ts.URL + "/item?kind=phrases&id=pain&lang=de")
	page := body(t, resp)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, `name="p.de.pain-kind/dull"`) || !strings.Contains(page, "Dumpf, ziehend") {
		t.Fatalf("the phrase form: %s", resp.Status)
	}
	before := read(t, dir, "phrases/pain.de.toml")
	v := formValues(t, page)
	v.Set("p.de.pain-kind/dull", "Dumpf, drückend")
	v.Set("p.de.pain-since-when", "Seit wann haben Sie diese Schmerzen?")
	resp, _ = c.PostForm(ts.URL+"/item", v)
	if b := body(t, resp); resp.StatusCode != http.StatusOK || !strings.Contains(b, "Saved.") {
		t.Fatalf("save: %s", resp.Status)
	}
	gone, added := lineDiff(before, read(t, dir, "phrases/pain.de.toml"))
	want := []string{`  { id = "dull", text = "Dumpf, drückend" },`, `text = "Seit wann haben Sie diese Schmerzen?"`, "# changed 2026-12-06"}
	if len(gone) != 2 || len(added) != 3 {
		t.Fatalf("gone %q\nadded %q", gone, added)
	}
	for _, w := range want {
		if !strings.Contains(strings.Join(added, "\n"), w) {
			t.Errorf("added lines lack %q: %q", w, added)
		}
	}
	if e := load(mustTree(t, dir), today()).byKey["phrases/pain"]; e.Errors() != 0 {
		t.Errorf("after saving: %v", e.Problems)
	}
}

func TestRemittanceCorridorFromTemplate(t *testing.T) {
	_, ts, c, dir := studioOn(t, "de/")
	resp, _ := c.PostForm(ts.URL+"/new", url.Values{"kind": {"remittance"}, "folder": {"de/"}, "slug": {"eur-php"}, "lang": {"en"}})
	if b := body(t, resp); resp.StatusCode != http.StatusOK || !strings.Contains(b, "de-remit-eur-php") {
		t.Fatalf("new corridor: %s", resp.Status)
	}
	v := url.Values{"kind": {"remittance"}, "id": {"de-remit-eur-php"}, "r.send_currency": {"EUR"}, "r.receive_country": {"ph"},
		"r.receive_currency": {"PHP"}, "r.publisher": {"Safar editorial team"},
		"r.source":      {"https://remittanceprices.worldbank.org/corridor/Germany/Philippines"},
		"r.reviewed_on": {"2026-12-06"}, "r.review_by": {"2027-03-06"},
		// A test tree's figures, not content: the checker's rules are what is tested.
		"r.mid_rate": {"60.50"}, "r.mid_rate_date": {"2026-12-01"},
		"r.mid_rate_source": {"https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/html/eurofxref-graph-php.en.html"}}
	resp, _ = c.PostForm(ts.URL+"/item", v)
	if b := body(t, resp); resp.StatusCode != http.StatusOK {
		t.Fatalf("save: %s %.400s", resp.Status, b)
	}
	got := read(t, dir, "de/remittance.toml")
	for _, want := range []string{"[[corridor]]\nid = \"de-remit-eur-php\"", "receive_country = \"ph\"", "mid_rate = 60.50\n", "publisher = \"Safar editorial team\""} {
		if !strings.Contains(got, want) {
			t.Errorf("de/remittance.toml lacks %q:\n%s", want, got)
		}
	}
	if e := load(mustTree(t, dir), today()).byKey["remittance/de-remit-eur-php"]; e == nil || e.Errors() != 0 {
		t.Fatalf("the corridor loads as %+v", e)
	}
}
