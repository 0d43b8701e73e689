package content

import "golang.org/x/text/language"

// LangChain is the order in which translations are tried for a reader of
// tag: the tag itself, its parents (fa-AF → fa), then English, which every
// item has. An unknown or malformed tag yields just English.
func LangChain(tag string) []string {
	t, err := language.Parse(tag)
	if err != nil || tag == "" {
		return []string{"en"}
	}
	var chain []string
	add := func(s string) {
		for _, c := range chain {
			if c == s {
				return
			}
		}
		chain = append(chain, s)
	}
	for ; !t.IsRoot(); t = t.Parent() {
		add(t.String())
	}
	add("en")
	return chain
}

// SameLanguage reports whether two tags name the same base language, so that
// Persian text shown to a Dari reader is not marked as "another language".
func SameLanguage(a, b string) bool {
	ta, errA := language.Parse(a)
	tb, errB := language.Parse(b)
	if errA != nil || errB != nil {
		return a == b
	}
	ba, _ := ta.Base()
	bb, _ := tb.Base()
	return ba == bb
}

// Pick chooses which of the available languages to show a reader whose
// preference is chain, falling back to original when none of them exists.
func Pick(available []string, chain []string, original string) string {
	for _, want := range chain {
		for _, have := range available {
			if have == want {
				return have
			}
		}
	}
	return original
}
