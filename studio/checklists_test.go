package studio

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// shippedSteps is the number of steps of the shipped af-checklist-before;
// the form's blank block for a new step comes after them.
var shippedSteps = func() int {
	data, err := os.ReadFile(filepath.Join("..", "assets", "content", "af", "_", "checklist", "before.en.toml"))
	if err != nil {
		panic(err)
	}
	return strings.Count(string(data), "[[step]]")
}()

// newStep is the field prefix of the form's block for a new step.
var newStep = "st." + strconv.Itoa(shippedSteps) + "."

// checklistStudio is a Studio over a copy of the tree, delegated af/,
// and the page of the shipped checklist af-checklist-before with its
// Arabic translation beside the English original.
func checklistStudio(t *testing.T) (ts, dir string, c *http.Client) {
	t.Helper()
	dir = copyTree(t)
	s, err := New(Config{Dir: dir, Scopes: []string{"af/"}, Now: testClock})
	if err != nil {
		t.Fatal(err)
	}
	srv, c := serve(t, s)
	return srv.URL, dir, c
}

func checklistForm(t *testing.T, ts string, c *http.Client) url.Values {
	t.Helper()
	resp, err := c.Get(ts + "/item?kind=checklist&id=af-checklist-before&lang=ar")
	if err != nil {
		t.Fatal(err)
	}
	page := body(t, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the checklist's page: %s %.300s", resp.Status, page)
	}
	for _, want := range []string{`id="steps"`, `name="st.0.id" value="originals" dir="ltr" readonly`, `name="st.0.text.ar"`,
		`name="st.0.link" value="af-prepare"`, `id="step-` + strconv.Itoa(shippedSteps) + `"`, `name="` + newStep + `new"`, `name="r.stage"`, `name="t.ar.title"`} {
		if !strings.Contains(page, want) {
			t.Fatalf("the checklist's page lacks %q", want)
		}
	}
	return formValues(t, page)
}

func TestChecklistFormEdits(t *testing.T) {
	ts, dir, c := checklistStudio(t)
	folder := filepath.Join(dir, "af", "_", "checklist")
	en, ar := filepath.Join(folder, "before.en.toml"), filepath.Join(folder, "before.ar.toml")
	snapshot := func() map[string]string {
		out := map[string]string{}
		entries, _ := os.ReadDir(folder)
		for _, e := range entries {
			data, _ := os.ReadFile(filepath.Join(folder, e.Name()))
			out[e.Name()] = string(data)
		}
		return out
	}
	orig := snapshot()
	restore := func() {
		for name, data := range orig {
			os.WriteFile(filepath.Join(folder, name), []byte(data), 0o644)
		}
	}
	// Unchanged: not one byte.
	if code, b := postCorridor(t, ts, c, checklistForm(t, ts, c)); code != http.StatusOK || !strings.Contains(b, "Nothing changed") {
		t.Fatalf("unchanged save: %d %.300s", code, b)
	}
	for name, data := range snapshot() {
		if data != orig[name] {
			t.Fatalf("an unchanged save rewrote %s", name)
		}
	}

	changed := "# changed 2026-12-06"
	edits := []struct {
		name       string
		set        map[string]string
		file       string // the file whose lines are compared
		removed    []string
		added      []string
		otherFiles int // files changed besides file
	}{
		{"a step's text", map[string]string{"st.5.text.en": "Write the numbers you need on paper."}, en,
			[]string{`text = "Write important phone numbers on paper, and learn the most important ones by heart."`},
			[]string{changed, `text = "Write the numbers you need on paper."`}, 0},
		{"a translation's text", map[string]string{"st.6.text.ar": "لا تحمل كل مالك في مكان واحد."}, ar,
			[]string{`text = "لا تحمل كل نقودك في مكان واحد."`},
			[]string{changed, `text = "لا تحمل كل مالك في مكان واحد."`}, 0},
		{"a reason removed", map[string]string{"st.4.reason.en": ""}, en,
			[]string{`reason = "Send copies to a person you trust."`}, []string{changed}, 0},
		{"a new step", map[string]string{newStep + "id": "charger", newStep + "text.en": "Take a phone charger and a power bank.",
			newStep + "text.ar": "خذ شاحن هاتف وبطارية متنقلة.", newStep + "link": "af-prepare"}, en,
			nil, []string{changed, "", "[[step]]", `id = "charger"`, `text = "Take a phone charger and a power bank."`, `link = "af-prepare"`}, 1},
		{"a step removed", map[string]string{"st.6.remove": "1"}, en,
			[]string{"[[step]]", `id = "money"`, `text = "Do not carry all your cash in one place."`, `link = "af-prepare"`, ""},
			[]string{changed}, len(orig) - 1}, // every translation has the step
	}
	for _, tt := range edits {
		t.Run(tt.name, func(t *testing.T) {
			restore()
			v := checklistForm(t, ts, c)
			for k, val := range tt.set {
				v.Set(k, val)
			}
			if code, b := postCorridor(t, ts, c, v); code != http.StatusOK || !strings.Contains(b, "Saved") {
				t.Fatalf("save: %d %.900s", code, b[strings.Index(b, "<main>"):])
			}
			now, _ := os.ReadFile(tt.file)
			removed, added := diffLines(orig[filepath.Base(tt.file)], string(now))
			if !sameLines(removed, tt.removed) || !sameLines(added, tt.added) {
				t.Errorf("lines removed %q, want %q; added %q, want %q", removed, tt.removed, added, tt.added)
			}
			others := 0
			for name, data := range snapshot() {
				if name != filepath.Base(tt.file) && data != orig[name] {
					others++
				}
			}
			if others != tt.otherFiles {
				t.Errorf("%d other files changed, want %d", others, tt.otherFiles)
			}
			if tt.name == "a new step" {
				now, _ := os.ReadFile(ar)
				if _, added := diffLines(orig["before.ar.toml"], string(now)); !sameLines(added, []string{changed, "", "[[step]]", `id = "charger"`, `text = "خذ شاحن هاتف وبطارية متنقلة."`}) {
					t.Errorf("Arabic lines added %q", added)
				}
			}
			if tt.name == "a step removed" {
				for name, data := range snapshot() {
					if strings.Contains(data, `id = "money"`) {
						t.Errorf("%s still has the removed step", name)
					}
				}
			}
			// What was saved passes the checker: the page shows no error.
			resp, err := c.Get(ts + "/item?kind=checklist&id=af-checklist-before")
			if err != nil {
				t.Fatal(err)
			}
			if page := body(t, resp); strings.Contains(page, `id="item-problems"`) && strings.Contains(page, "class=\"error") {
				t.Errorf("the saved checklist has checker errors")
			}
		})
	}

	refusals := []struct {
		name, field, message string
		set                  map[string]string
	}{
		{"a link to no item", "st.2.link", `step 3 (&#34;school-work&#34;): link to &#34;af-no-such-item&#34;: no item has that id`,
			map[string]string{"st.2.link": "af-no-such-item"}},
		{"a bad deadline", "st.0.deadline", `deadline &#34;soon&#34;`, map[string]string{"st.0.deadline": "soon"}},
		{"a deadline before arrival", "st.0.deadline", "a deadline counts from arrival", map[string]string{"st.0.deadline": "14 days"}},
		{"an empty step", "st.1.text.en", "empty text in en", map[string]string{"st.1.text.en": " "}},
		{"a new step without text", newStep + "text.en", "empty text in en", map[string]string{newStep + "id": "nothing"}},
		{"a new step without id", newStep + "id", "required", map[string]string{newStep + "text.en": "Something."}},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			restore()
			v := checklistForm(t, ts, c)
			for k, val := range tt.set {
				v.Set(k, val)
			}
			code, b := postCorridor(t, ts, c, v)
			if code != http.StatusUnprocessableEntity {
				t.Fatalf("not refused: %d", code)
			}
			if !strings.Contains(b, tt.message) {
				t.Errorf("the refusal lacks %q: %.1500s", tt.message, b[strings.Index(b, "<main>"):])
			}
			// The checker's message marks the field it is about.
			marked := `<label for="` + tt.field + `"`
			at := strings.Index(b, marked)
			if at < 0 || !strings.Contains(b[max(0, at-60):at], "invalid") {
				t.Errorf("field %s is not marked invalid", tt.field)
			}
			for name, data := range snapshot() {
				if data != orig[name] {
					t.Errorf("a refused save wrote %s", name)
				}
			}
		})
	}

	t.Run("a translation marked reviewed", func(t *testing.T) {
		restore()
		resp, err := c.PostForm(ts+"/review", url.Values{"kind": {"checklist"}, "id": {"af-checklist-before"}, "lang": {"ar"}, "reviewer": {"Ana Silva"}})
		if err != nil {
			t.Fatal(err)
		}
		if b := body(t, resp); resp.StatusCode != http.StatusOK {
			t.Fatalf("review: %s %.300s", resp.Status, b)
		}
		now, _ := os.ReadFile(ar)
		removed, added := diffLines(orig["before.ar.toml"], string(now))
		if !sameLines(removed, []string{`status = "machine"`}) || !sameLines(added, []string{"# reviewed by Ana Silva, 2026-12-06", `status = "reviewed"`}) {
			t.Errorf("lines removed %q, added %q", removed, added)
		}
	})

	t.Run("a new translation", func(t *testing.T) {
		restore()
		resp, err := c.Get(ts + "/item?kind=checklist&id=af-checklist-before&lang=it")
		if err != nil {
			t.Fatal(err)
		}
		v := formValues(t, body(t, resp))
		v.Set("t.it.title", "Prima di lasciare l'Afghanistan")
		v.Set("st.6.text.it", "Non portare tutto il denaro in un solo posto.")
		if code, b := postCorridor(t, ts, c, v); code != http.StatusOK || !strings.Contains(b, "Saved") {
			t.Fatalf("save: %d %.900s", code, b)
		}
		got, err := os.ReadFile(filepath.Join(folder, "before.it.toml"))
		if err != nil {
			t.Fatal(err)
		}
		want := "id = \"af-checklist-before\"\n# changed 2026-12-06\nstatus = \"machine\"\ntranslation_of = \"en\"\ntitle = \"Prima di lasciare l'Afghanistan\"\n\n[[step]]\nid = \"money\"\ntext = \"Non portare tutto il denaro in un solo posto.\"\n"
		if string(got) != want {
			t.Errorf("before.it.toml:\n%s\nwant:\n%s", got, want)
		}
		os.Remove(filepath.Join(folder, "before.it.toml"))
	})
}
