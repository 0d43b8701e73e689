package bundled

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"safar.app/safar/content"
)

// TestEveryDestinationListsItsHelpLines: the emergency screen of every
// destination lists 112, the European hotline for missing children 116 000
// (operated in all of them), and the national trafficking line where we
// have found one on its operator's page.
func TestEveryDestinationListsItsHelpLines(t *testing.T) {
	pack, _ := Pack()
	traffickingLines := map[string]string{ // destination → a national trafficking line
		"at": "+4367761343434", "es": "+34900105090", "gb": "+448000121700", "gr": "1109",
		"it": "+39800290290", "nl": "+318005151", "pt": "+351964608288",
	}
	has := map[string]map[string]content.Purpose{}
	for _, h := range pack.Hotlines {
		if has[h.Country] == nil {
			has[h.Country] = map[string]content.Purpose{}
		}
		has[h.Country][h.Number] = h.Purpose
	}
	for _, cc := range destinations {
		if p, ok := has[cc]["112"]; !ok || p != content.PurposeEmergency {
			t.Errorf("%s: the hotlines do not list 112 as an emergency number", cc)
		}
		if p, ok := has[cc]["116000"]; !ok || p != content.PurposeChildren {
			t.Errorf("%s: the hotlines do not list 116 000 for missing children", cc)
		}
	}
	for cc, number := range traffickingLines {
		if p, ok := has[cc][number]; !ok || p != content.PurposeTrafficking {
			t.Errorf("%s: the trafficking line %s is missing or not marked trafficking (have %v)", cc, number, has[cc])
		}
	}
}

// TestEverySourceIsAWebAddress: every source of every item and record
// parses as an http(s) address with a host, so a reader can follow it.
func TestEverySourceIsAWebAddress(t *testing.T) {
	pack, _ := Pack()
	check := func(id string, pv content.Provenance) {
		if len(pv.Sources()) == 0 {
			t.Errorf("%s has no source", id)
		}
		for _, s := range pv.Sources() {
			u, err := url.Parse(s)
			if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
				t.Errorf("%s: source %q is not a web address", id, s)
			}
		}
	}
	for _, it := range pack.Items {
		check(it.ID, it.Provenance)
	}
	for _, h := range pack.Hotlines {
		check(h.ID, h.Provenance)
	}
	for _, s := range pack.Services {
		check(s.ID, s.Provenance)
	}
	for _, c := range pack.PhraseCategories {
		check(c.ID, c.Provenance)
	}
}

// TestEurodacAge: since 12 June 2026 the recast Eurodac Regulation (EU)
// 2024/1358 takes fingerprints from age 6, not 14. No text in any language
// may give the old age, and gr-asylum gives the new one in every language.
func TestEurodacAge(t *testing.T) {
	pack, _ := Pack()
	fourteen := regexp.MustCompile(`(^|[^0-9])(14|١٤|۱۴)([^0-9]|$)`)
	// Words for fingerprints in the pack's languages.
	fingerprint := regexp.MustCompile(`(?i)fingerprint|empreinte|huella|بصم|انگشت|ګوتو|відбит|ኣሻራ|faraha|Eurodac|یوروداک|يوروداك`)
	found := false
	for _, it := range pack.Items {
		for _, tr := range it.Translations {
			for _, line := range strings.Split(tr.Body, "\n") {
				if fingerprint.MatchString(line) && fourteen.MatchString(line) {
					t.Errorf("%s (%s) gives 14 as the fingerprinting age: %q", it.ID, tr.Lang, line)
				}
			}
			if it.ID != "gr-asylum" {
				continue
			}
			found = true
			if !regexp.MustCompile(`(^|[^0-9])6([^0-9]|$)`).MatchString(tr.Body) {
				t.Errorf("gr-asylum (%s) does not give 6 as the fingerprinting age", tr.Lang)
			}
		}
	}
	if !found {
		t.Error("no gr-asylum item")
	}
}
