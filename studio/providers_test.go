package studio

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"safar.app/safar/content/source"
)

// remittanceStudio is a Studio over a copy of the tree with the corridors
// fixture (made-up providers, for the arithmetic only) as de/remittance.toml.
func remittanceStudio(t *testing.T) (ts, dir, file string, c *http.Client) {
	t.Helper()
	dir = copyTree(t)
	fixture, err := os.ReadFile(filepath.Join("testdata", "remittance", "de", "remittance.toml"))
	if err != nil {
		t.Fatal(err)
	}
	file = filepath.Join(dir, "de", "remittance.toml")
	if err := os.WriteFile(file, fixture, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Dir: dir, Scopes: []string{"de/"}, Now: testClock})
	if err != nil {
		t.Fatal(err)
	}
	srv, c := serve(t, s)
	return srv.URL, dir, file, c
}

// corridorForm is the corridor's form as a browser submits it.
func corridorForm(t *testing.T, ts string, c *http.Client) url.Values {
	t.Helper()
	resp, err := c.Get(ts + "/item?kind=remittance&id=de-remit-eur-php")
	if err != nil {
		t.Fatal(err)
	}
	page := body(t, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the corridor's page: %s", resp.Status)
	}
	for _, want := range []string{`id="providers"`, "Alpha Transfer", "Beta Bank", `name="pv.1.q.1.margin_percent" value="2.0"`, `name="pv.0.q.0.fee" value="3.00"`, `id="provider-2"`} {
		if !strings.Contains(page, want) {
			t.Fatalf("the corridor's page lacks %q", want)
		}
	}
	return formValues(t, page)
}

func postCorridor(t *testing.T, ts string, c *http.Client, v url.Values) (int, string) {
	t.Helper()
	resp, err := c.PostForm(ts+"/item", v)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body(t, resp)
}

// diffLines is the lines of b not in a, and of a not in b, in order.
func diffLines(a, b string) (removed, added []string) {
	in := func(s string) map[string]int {
		m := map[string]int{}
		for _, l := range strings.Split(s, "\n") {
			m[l]++
		}
		return m
	}
	ma, mb := in(a), in(b)
	for _, l := range strings.Split(a, "\n") {
		if mb[l] > 0 {
			mb[l]--
		} else {
			removed = append(removed, l)
		}
	}
	for _, l := range strings.Split(b, "\n") {
		if ma[l] > 0 {
			ma[l]--
		} else {
			added = append(added, l)
		}
	}
	return removed, added
}

// sameLines compares two lists of lines in any order: where a moved blank
// line is counted does not matter, that every other line is there does.
func sameLines(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func TestProvidersFormRoundTripAndEdits(t *testing.T) {
	ts, dir, file, c := remittanceStudio(t)
	orig, _ := os.ReadFile(file)
	// Unchanged: not one byte.
	if code, b := postCorridor(t, ts, c, corridorForm(t, ts, c)); code != http.StatusOK || !strings.Contains(b, "Nothing changed") {
		t.Fatalf("unchanged save: %d %.300s", code, b)
	}
	if now, _ := os.ReadFile(file); string(now) != string(orig) {
		t.Fatalf("an unchanged save rewrote the file:\n%s", now)
	}

	edits := []struct {
		name          string
		set           map[string]string
		removed       []string
		added         []string
		providers     int
		quotesOfFirst int
	}{
		{"one fee", map[string]string{"pv.0.q.0.fee": "3.50"}, []string{"    fee = 3.00"}, []string{"    fee = 3.50"}, 2, 2},
		{"a speed and a pay-in list", map[string]string{"pv.1.speed": "same day", "pv.1.pay_in": "bank account, cash"},
			[]string{`  speed = "next day"`, `  pay_in = ["bank account"]`}, []string{`  speed = "same day"`, `  pay_in = ["bank account", "cash"]`}, 2, 2},
		{"a new quote", map[string]string{"pv.0.q.2.amount": "900", "pv.0.q.2.fee": "12.00", "pv.0.q.2.rate": "59.80"},
			nil, []string{"", "    [[corridor.provider.quote]]", "    amount = 900", "    fee = 12.00", "    rate = 59.80"}, 2, 3},
		{"a quote emptied", map[string]string{"pv.0.q.1.amount": "", "pv.0.q.1.fee": "", "pv.0.q.1.rate": ""},
			[]string{"    [[corridor.provider.quote]]", "    amount = 462", "    fee = 8.54", "    rate = 59.70", ""}, nil, 2, 1},
		{"a new provider", map[string]string{"pv.2.name": "Gamma Post", "pv.2.channel": "post", "pv.2.pay_in": "cash", "pv.2.pay_out": "cash",
			"pv.2.speed": "two days", "pv.2.quoted_on": "2026-11-30", "pv.2.q.0.amount": "185", "pv.2.q.0.fee": "5", "pv.2.q.0.margin_percent": "1.5"},
			nil, []string{"", "  [[corridor.provider]]", `  name = "Gamma Post"`, `  channel = "post"`, `  pay_in = ["cash"]`, `  pay_out = ["cash"]`,
				`  speed = "two days"`, "  quoted_on = 2026-11-30", "", "    [[corridor.provider.quote]]", "    amount = 185", "    fee = 5", "    margin_percent = 1.5"}, 3, 2},
		{"a provider removed", map[string]string{"pv.1.remove": "1"}, nil, nil, 1, 2},
	}
	for _, tt := range edits {
		t.Run(tt.name, func(t *testing.T) {
			os.WriteFile(file, orig, 0o644)
			v := corridorForm(t, ts, c)
			for k, val := range tt.set {
				v.Set(k, val)
			}
			if code, b := postCorridor(t, ts, c, v); code != http.StatusOK || !strings.Contains(b, "Saved") {
				t.Fatalf("save: %d %.600s", code, b[strings.Index(b, "<main>"):])
			}
			now, _ := os.ReadFile(file)
			removed, added := diffLines(string(orig), string(now))
			if tt.name != "a provider removed" && (!sameLines(removed, tt.removed) || !sameLines(added, tt.added)) {
				t.Errorf("removed %q, added %q; want %q, %q\n%s", removed, added, tt.removed, tt.added, now)
			}
			pack, problems := source.LoadOn(os.DirFS(dir), today())
			for _, p := range problems {
				if !p.Warning && strings.HasPrefix(p.Where, "de/remittance.toml") {
					t.Errorf("the checker: %s", p)
				}
			}
			var found bool
			for _, co := range pack.Corridors {
				if co.ID == "de-remit-eur-php" {
					found = true
					if len(co.Providers) != tt.providers || len(co.Providers[0].Quotes) != tt.quotesOfFirst {
						t.Errorf("%d providers, the first with %d quotes; want %d and %d", len(co.Providers), len(co.Providers[0].Quotes), tt.providers, tt.quotesOfFirst)
					}
				}
			}
			if !found {
				t.Fatal("the corridor is gone")
			}
		})
	}
}

func TestProvidersFormRefusesWhatTheCheckerRefuses(t *testing.T) {
	ts, _, file, c := remittanceStudio(t)
	orig, _ := os.ReadFile(file)
	refusals := []struct {
		name string
		set  map[string]string
		want string
		mark string // the field the checker's line names
	}{
		{"rate and margin", map[string]string{"pv.0.q.0.margin_percent": "1.0"}, "give either rate or margin_percent", "pv.0.q.0.rate"},
		{"neither rate nor margin", map[string]string{"pv.0.q.0.rate": ""}, "give either rate or margin_percent", ""},
		{"two quotes for one amount", map[string]string{"pv.0.q.1.amount": "185"}, "two quotes for 185", "pv.0.q.1.amount"},
		{"a negative fee", map[string]string{"pv.0.q.0.fee": "-1"}, "a fee cannot be negative", ""},
		{"a margin of 100 %", map[string]string{"pv.1.q.0.margin_percent": "100"}, "margin_percent must be from 0 up to 100", ""},
		{"an amount that is no number", map[string]string{"pv.0.q.0.amount": "lots"}, `&#34;lots&#34; is not a number`, ""},
		{"an unknown channel", map[string]string{"pv.0.channel": "pigeon"}, `&#34;pigeon&#34; is not one of`, ""},
		{"a new provider without a date or quote", map[string]string{"pv.2.name": "Delta", "pv.2.channel": "bank"}, "required", ""},
		{"a new provider without a quote", map[string]string{"pv.2.name": "Delta", "pv.2.channel": "bank", "pv.2.quoted_on": "2026-11-30"}, "provider &#34;Delta&#34; has no quote", ""},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			v := corridorForm(t, ts, c)
			for k, val := range tt.set {
				v.Set(k, val)
			}
			code, b := postCorridor(t, ts, c, v)
			if code != http.StatusUnprocessableEntity || !strings.Contains(b, tt.want) {
				t.Errorf("%d, want 422 with %q: %.800s", code, tt.want, b[strings.Index(b, "<main>"):])
			}
			// The form comes back with what was typed.
			for k, val := range tt.set {
				if val != "" && !strings.Contains(b, `value="`+val+`"`) && !strings.Contains(b, `value="`+val+`" selected`) && k != "pv.0.channel" {
					t.Errorf("the refused form lost %s = %q", k, val)
				}
			}
			if now, _ := os.ReadFile(file); string(now) != string(orig) {
				t.Fatal("a refused form was written")
			}
			if tt.mark != "" && !strings.Contains(b, `<td class="invalid"><input id="`+tt.mark+`"`) {
				t.Errorf("the form does not mark %s", tt.mark)
			}
			if n := strings.Count(b, `name="pv.0.q.2.amount" value=""`) + strings.Count(b, `name="pv.0.q.3.amount"`); n != 1 {
				t.Errorf("%d empty rows for a new quote, want 1", n)
			}
		})
	}
}

func TestRemovingTheLastProviderLeavesNoBlankLines(t *testing.T) {
	ts, _, file, c := remittanceStudio(t)
	orig, _ := os.ReadFile(file)
	v := corridorForm(t, ts, c)
	v.Set("pv.1.remove", "1")
	v.Set("pv.0.q.0.amount", "")
	v.Set("pv.0.q.0.fee", "")
	v.Set("pv.0.q.0.rate", "")
	if code, b := postCorridor(t, ts, c, v); code != http.StatusOK {
		t.Fatalf("save: %d %.300s", code, b)
	}
	now, _ := os.ReadFile(file)
	alpha := string(orig[:strings.Index(string(orig), "    [[corridor.provider.quote]]\n    amount = 185")])
	want := alpha + "    [[corridor.provider.quote]]\n    amount = 462\n    fee = 8.54\n    rate = 59.70\n"
	if string(now) != want {
		t.Errorf("got\n%s\nwant\n%s", now, want)
	}
}
