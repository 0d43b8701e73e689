package content

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/text/language"
)

// Problem is one thing wrong with content. Where names the file and line
// ("de/_/entry/asylum.en.md:3") or, for content that did not come from files,
// the item ("item de-asylum").
type Problem struct {
	Where   string
	Message string
	Warning bool // a warning does not stop a pack from being installed
}

func (p Problem) String() string {
	if p.Warning {
		return p.Where + ": warning: " + p.Message
	}
	return p.Where + ": " + p.Message
}

// Errors returns the problems that are not warnings.
func Errors(ps []Problem) []Problem {
	var out []Problem
	for _, p := range ps {
		if !p.Warning {
			out = append(out, p)
		}
	}
	return out
}

// ProblemError carries every error found in a pack, so a refusal can name all
// of them at once rather than only the first.
type ProblemError struct{ Problems []Problem }

func (e *ProblemError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "content has %d error(s):", len(e.Problems))
	for i, p := range e.Problems {
		if i == 10 {
			fmt.Fprintf(&b, "\n  … and %d more", len(e.Problems)-i)
			break
		}
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}

var (
	slugPattern    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	countryPattern = regexp.MustCompile(`^[a-z]{2}$`)
	shortCode      = regexp.MustCompile(`^[0-9]{3,6}$`)
	e164           = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
)

// ValidLang reports whether tag is a well-formed BCP 47 tag.
func ValidLang(tag string) bool {
	_, err := language.Parse(tag)
	return err == nil && tag != "" && tag != "und"
}

// ValidNumber reports whether n is a dialable short code or an E.164 number.
// Finer checks per country live in content/phone; this is the shape the store
// accepts.
func ValidNumber(n string) bool { return shortCode.MatchString(n) || e164.MatchString(n) }

// Validate checks a whole pack before it is installed: everything a reader
// would be hurt by (no source, a malformed number, a missing title) is an
// error. where names the origin of an id for messages; when nil, problems
// name the item id.
func (p *Pack) Validate(where func(id string) string) []Problem {
	if where == nil {
		where = func(id string) string { return "item " + id }
	}
	var ps []Problem
	add := func(id, format string, a ...any) {
		ps = append(ps, Problem{Where: where(id), Message: fmt.Sprintf(format, a...)})
	}
	countries := map[string]map[string]bool{}
	for _, c := range p.Countries {
		if !countryPattern.MatchString(c.Code) {
			add(c.Code, "country code %q is not two lower-case letters", c.Code)
		}
		if c.Names["en"] == "" {
			add(c.Code, "country %s has no English name", c.Code)
		}
		regions := map[string]bool{NationalRegion: true}
		for _, r := range c.Regions {
			if !slugPattern.MatchString(r.Code) {
				add(c.Code, "region code %q must be lower-case letters, digits and -", r.Code)
			}
			regions[r.Code] = true
		}
		countries[c.Code] = regions
	}
	place := func(id, country, region string) {
		regions, ok := countries[country]
		switch {
		case !ok:
			add(id, "country %q is not described in the pack", country)
		case region != "" && !regions[region]:
			add(id, "region %q is not a region of %s", region, country)
		}
	}
	seen := map[string]bool{}
	unique := func(id string) {
		if id == "" {
			add(id, "missing id")
			return
		}
		if seen[id] {
			add(id, "duplicate id %q", id)
		}
		seen[id] = true
	}
	for _, it := range p.Items {
		unique(it.ID)
		place(it.ID, it.Country, it.Region)
		if !it.Kind.Valid() {
			add(it.ID, "unknown kind %q", it.Kind)
		}
		if !slugPattern.MatchString(it.Slug) {
			add(it.ID, "slug %q must be lower-case letters, digits and -", it.Slug)
		}
		if len(it.Stages) == 0 {
			add(it.ID, "no journey stage")
		}
		for _, s := range it.Stages {
			if !s.Valid() {
				add(it.ID, "unknown stage %q", s)
			}
		}
		for _, m := range checkProvenance(it.Provenance) {
			add(it.ID, "%s", m)
		}
		if len(it.Translations) == 0 {
			add(it.ID, "no translation")
		}
		langs := map[string]bool{}
		for _, t := range it.Translations {
			if !ValidLang(t.Lang) {
				add(it.ID, "language tag %q is not BCP 47", t.Lang)
			}
			if langs[t.Lang] {
				add(it.ID, "two translations in %s", t.Lang)
			}
			langs[t.Lang] = true
			if strings.TrimSpace(t.Title) == "" {
				add(it.ID, "%s translation has no title", t.Lang)
			}
			if !t.Status.Valid() {
				add(it.ID, "%s translation: unknown status %q", t.Lang, t.Status)
			}
		}
		if !langs[it.OriginalLang] {
			add(it.ID, "the original (%q) is missing", it.OriginalLang)
		}
	}
	for _, h := range p.Hotlines {
		unique(h.ID)
		place(h.ID, h.Country, "")
		if !ValidNumber(h.Number) {
			add(h.ID, "number %q is neither a short code nor E.164", h.Number)
		}
		if !h.Purpose.Valid() {
			add(h.ID, "unknown purpose %q", h.Purpose)
		}
		for _, m := range checkProvenance(h.Provenance) {
			add(h.ID, "%s", m)
		}
		ps = append(ps, checkTexts(h.ID, len(h.Texts), func(i int) (string, string, Status) {
			return h.Texts[i].Lang, h.Texts[i].Label, h.Texts[i].Status
		}, where)...)
	}
	for _, s := range p.Services {
		unique(s.ID)
		place(s.ID, s.Country, s.Region)
		if s.Kind != KindService && s.Kind != KindProgramme {
			add(s.ID, "a service's kind must be service or programme, not %q", s.Kind)
		}
		if s.Phone != "" && !e164.MatchString(s.Phone) {
			add(s.ID, "phone %q is not E.164", s.Phone)
		}
		if s.Website != "" {
			if m := checkURL(s.Website); m != "" {
				add(s.ID, "website: %s", m)
			}
		}
		for _, m := range checkProvenance(s.Provenance) {
			add(s.ID, "%s", m)
		}
		ps = append(ps, checkTexts(s.ID, len(s.Texts), func(i int) (string, string, Status) {
			return s.Texts[i].Lang, s.Texts[i].Name, s.Texts[i].Status
		}, where)...)
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Where < ps[j].Where })
	return ps
}

func checkTexts(id string, n int, at func(int) (lang, text string, st Status), where func(string) string) []Problem {
	var ps []Problem
	add := func(format string, a ...any) {
		ps = append(ps, Problem{Where: where(id), Message: fmt.Sprintf(format, a...)})
	}
	hasEnglish := false
	for i := 0; i < n; i++ {
		lang, text, st := at(i)
		if !ValidLang(lang) {
			add("language tag %q is not BCP 47", lang)
		}
		if strings.TrimSpace(text) == "" {
			add("%s text is empty", lang)
		}
		if !st.Valid() {
			add("%s text: unknown status %q", lang, st)
		}
		hasEnglish = hasEnglish || lang == "en"
	}
	if !hasEnglish {
		add("no English text: English is every reader's last fallback")
	}
	return ps
}

func checkProvenance(p Provenance) []string {
	var ms []string
	if strings.TrimSpace(p.Publisher) == "" {
		ms = append(ms, "missing publisher")
	}
	if p.Source == "" {
		ms = append(ms, "missing source address")
	} else if m := checkURL(p.Source); m != "" {
		ms = append(ms, "source: "+m)
	}
	if p.ReviewedOn.IsZero() {
		ms = append(ms, "missing reviewed_on date")
	}
	if p.ReviewBy.IsZero() {
		ms = append(ms, "missing review_by date")
	}
	if !p.ReviewedOn.IsZero() && !p.ReviewBy.IsZero() && p.ReviewBy.Before(p.ReviewedOn) {
		ms = append(ms, fmt.Sprintf("review_by %s is before reviewed_on %s", p.ReviewBy, p.ReviewedOn))
	}
	return ms
}

func checkURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Sprintf("%q is not a web address", s)
	}
	return ""
}
