package content

import (
	"strings"
	"testing"
)

func TestHomePage(t *testing.T) {
	tests := []struct {
		url  string
		home bool
	}{
		{"https://www.iom.int", true},
		{"https://www.iom.int/", true},
		{"http://example.org", true},
		{"https://www.iom.int/assisted-voluntary-return-and-reintegration", false},
		{"https://help.unhcr.org/greece/", false},
		{"https://www.gov.uk/?topic=asylum", false},
		{"not a url", false}, // Validate reports it; not a home page
	}
	for _, tt := range tests {
		if got := HomePage(tt.url); got != tt.home {
			t.Errorf("HomePage(%q) = %v, want %v", tt.url, got, tt.home)
		}
	}
}

func TestAddMonths(t *testing.T) {
	tests := []struct {
		from Date
		n    int
		want string
	}{
		{Date{2026, 12, 6}, 6, "2027-06-06"},
		{Date{2026, 12, 6}, 12, "2027-12-06"},
		{Date{2026, 12, 6}, 24, "2028-12-06"},
		{Date{2026, 8, 31}, 6, "2027-03-03"},
	}
	for _, tt := range tests {
		if got := tt.from.AddMonths(tt.n).String(); got != tt.want {
			t.Errorf("%s + %d months = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

// TestAdviseReviewPolicy: review_by may be at most 6 months after
// reviewed_on for entry rules, 12 for emergency articles, hotlines and
// services, 24 for background.
func TestAdviseReviewPolicy(t *testing.T) {
	on := Date{2026, 12, 6}
	pv := func(by Date) Provenance {
		return Provenance{Publisher: "p", Source: "https://x.org/page", ReviewedOn: on, ReviewBy: by}
	}
	tests := []struct {
		name string
		pack Pack
		warn string // "" = no warning
	}{
		{"entry within 6 months", Pack{Items: []Item{{ID: "a", Kind: KindEntry, Provenance: pv(Date{2027, 6, 6})}}}, ""},
		{"entry past 6 months", Pack{Items: []Item{{ID: "a", Kind: KindEntry, Provenance: pv(Date{2027, 6, 7})}}},
			"review_by 2027-06-07 is more than 6 months after reviewed_on 2026-12-06"},
		{"emergency within 12", Pack{Items: []Item{{ID: "a", Kind: KindEmergency, Provenance: pv(Date{2027, 12, 6})}}}, ""},
		{"emergency past 12", Pack{Items: []Item{{ID: "a", Kind: KindEmergency, Provenance: pv(Date{2028, 1, 1})}}},
			"more than 12 months"},
		{"health within 24", Pack{Items: []Item{{ID: "a", Kind: KindHealth, Provenance: pv(Date{2028, 12, 6})}}}, ""},
		{"rights past 24", Pack{Items: []Item{{ID: "a", Kind: KindRights, Provenance: pv(Date{2028, 12, 7})}}},
			"more than 24 months"},
		{"hotline past 12", Pack{Hotlines: []Hotline{{ID: "h", Provenance: pv(Date{2028, 6, 1})}}},
			"a hotline is checked again by 2027-12-06"},
		{"service past 12", Pack{Services: []Service{{ID: "s", Provenance: pv(Date{2028, 6, 1})}}},
			"a service is checked again by 2027-12-06"},
		{"home page", Pack{Items: []Item{{ID: "a", Kind: KindHealth,
			Provenance: Provenance{Source: "https://www.who.int", ReviewedOn: on, ReviewBy: on}}}},
			`source "https://www.who.int" is a home page`},
		{"home page among several", Pack{Hotlines: []Hotline{{ID: "h",
			Provenance: Provenance{Source: "https://x.org/a", MoreSources: []string{"https://y.org/"}, ReviewedOn: on, ReviewBy: on}}}},
			`source "https://y.org/" is a home page`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := tt.pack.Advise(nil)
			if tt.warn == "" {
				if len(ps) != 0 {
					t.Errorf("warnings = %v, want none", ps)
				}
				return
			}
			if len(ps) != 1 || !ps[0].Warning || !strings.Contains(ps[0].Message, tt.warn) {
				t.Errorf("warnings = %v, want one warning containing %q", ps, tt.warn)
			}
		})
	}
}

func TestValidateChecksEverySource(t *testing.T) {
	p := Pack{Countries: []Country{{Code: "de", Names: map[string]string{"en": "Germany"}}},
		Hotlines: []Hotline{{ID: "de-hl", Country: "de", Number: "112", Purpose: PurposeEmergency,
			Provenance: Provenance{Publisher: "p", Source: "https://x.org/a", MoreSources: []string{"ftp://y.org/b"},
				ReviewedOn: Date{2026, 12, 6}, ReviewBy: Date{2027, 12, 6}},
			Texts: []HotlineText{{Lang: "en", Label: "Emergency", Status: StatusOriginal}}}}}
	ps := p.Validate(nil)
	if len(ps) != 1 || !strings.Contains(ps[0].Message, `"ftp://y.org/b" is not a web address`) {
		t.Errorf("problems = %v, want one about the second source", ps)
	}
}
