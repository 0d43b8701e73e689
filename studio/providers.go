package studio

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing/fstest"

	"safar.app/safar/content"
	"safar.app/safar/content/source"
)

// A remittance corridor's providers and their quotes are tables nested in
// the corridor's record ([[corridor.provider]], [[corridor.provider.quote]]),
// edited as repeated blocks of the corridor's form.

// ProviderFields are a provider's keys, in the order a new one is written.
var ProviderFields = []Field{
	{Key: "name", Type: Text, Required: true},
	{Key: "channel", Type: Choice, Choices: channelNames(), Required: true},
	{Key: "pay_in", Type: List},
	{Key: "pay_out", Type: List},
	{Key: "speed", Type: Text},
	{Key: "quoted_on", Type: Date, Required: true},
	{Key: "review_by", Type: Date},
}

// QuoteFields are a quote's keys: a fee (fixed, percent or both) and
// either a rate or a margin against the corridor's mid-market rate.
var QuoteFields = []Field{
	{Key: "amount", Type: Number, Required: true},
	{Key: "fee", Type: Number},
	{Key: "fee_percent", Type: Number},
	{Key: "rate", Type: Number},
	{Key: "margin_percent", Type: Number},
}

// ProviderForm is one provider block of the form.
type ProviderForm struct {
	Fields map[string]string
	Quotes []map[string]string
	Remove bool
}

// provSection is a provider's section and its quotes' sections in a doc.
type provSection struct {
	si     int
	quotes []int
}

const (
	providerHeader = "[[corridor.provider]]"
	quoteHeader    = "[[corridor.provider.quote]]"
)

// providerSections lists the providers of the corridor whose record is
// section rec, up to section end.
func providerSections(d *doc, rec, end int) []provSection {
	secs, _ := d.scan()
	var out []provSection
	for i := rec + 1; i < end; i++ {
		switch secs[i].header {
		case providerHeader:
			out = append(out, provSection{si: i})
		case quoteHeader:
			if len(out) > 0 {
				out[len(out)-1].quotes = append(out[len(out)-1].quotes, i)
			}
		}
	}
	return out
}

// readProviders fills f.Providers from the corridor's record.
func readProviders(ed *edit, e *Entry, f *Form) error {
	rs := e.Kind.store.(recordStore)
	file, err := ed.open(e.Base, false)
	if err != nil {
		return err
	}
	rec, _, end, ok := rs.record(file.d, e.ID)
	if !ok {
		return fmt.Errorf("%s: no corridor with id %s", e.Base, e.ID)
	}
	for _, ps := range providerSections(file.d, rec, end) {
		p := &part{file: file, si: ps.si}
		pf := ProviderForm{Fields: map[string]string{}}
		for _, fl := range ProviderFields {
			pf.Fields[fl.Key] = text(p.get(fl.Key))
		}
		for _, qi := range ps.quotes {
			q := &part{file: file, si: qi}
			m := map[string]string{}
			for _, fl := range QuoteFields {
				m[fl.Key] = q.raw(fl.Key) // 3.00 as written, not 3
			}
			pf.Quotes = append(pf.Quotes, m)
		}
		f.Providers = append(f.Providers, pf)
	}
	return nil
}

// ProviderBlocks is the providers as the form shows them: each with one
// empty quote row to add a quote, and one empty provider block to add a
// provider.
func (f *Form) ProviderBlocks() []ProviderForm {
	var out []ProviderForm
	for _, p := range f.Providers {
		quotes := p.Quotes
		// A refused form comes back with its empty rows: one is enough.
		for len(quotes) > 0 && blankMap(quotes[len(quotes)-1]) {
			quotes = quotes[:len(quotes)-1]
		}
		p.Quotes = append(append([]map[string]string{}, quotes...), map[string]string{})
		out = append(out, p)
	}
	for len(out) > 0 && blankMap(out[len(out)-1].Fields) && allBlank(out[len(out)-1].Quotes) {
		out = out[:len(out)-1]
	}
	return append(out, ProviderForm{Fields: map[string]string{}, Quotes: []map[string]string{{}}})
}

// providersOf reads the posted provider blocks: pv.<i>.<key>,
// pv.<i>.q.<j>.<key> and pv.<i>.remove.
func providersOf(post map[string][]string) ([]ProviderForm, bool) {
	byIndex := map[int]*ProviderForm{}
	quotes := map[int]map[int]map[string]string{}
	any := false
	for name, vs := range post {
		rest, ok := strings.CutPrefix(name, "pv.")
		if !ok {
			continue
		}
		any = true
		is, key, _ := strings.Cut(rest, ".")
		i, err := strconv.Atoi(is)
		if err != nil || i < 0 || i > 1000 {
			continue
		}
		p := byIndex[i]
		if p == nil {
			p = &ProviderForm{Fields: map[string]string{}}
			byIndex[i] = p
			quotes[i] = map[int]map[string]string{}
		}
		switch {
		case key == "remove":
			p.Remove = vs[0] != ""
		case strings.HasPrefix(key, "q."):
			js, qk, _ := strings.Cut(key[2:], ".")
			j, err := strconv.Atoi(js)
			if err != nil || j < 0 || j > 1000 {
				continue
			}
			if quotes[i][j] == nil {
				quotes[i][j] = map[string]string{}
			}
			quotes[i][j][qk] = vs[0]
		default:
			p.Fields[key] = vs[0]
		}
	}
	var out []ProviderForm
	for i := 0; i < len(byIndex); i++ {
		p, ok := byIndex[i]
		if !ok {
			break // indexes are 0…n-1 as the form numbers them
		}
		js := make([]int, 0, len(quotes[i]))
		for j := range quotes[i] {
			js = append(js, j)
		}
		sort.Ints(js)
		for _, j := range js {
			p.Quotes = append(p.Quotes, quotes[i][j])
		}
		out = append(out, *p)
	}
	return out, any
}

func blankMap(m map[string]string) bool {
	for _, v := range m {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// checkProviders applies the field rules to the provider blocks.
func checkProviders(e *Entry, ps []ProviderForm) []FieldError {
	var out []FieldError
	for i, p := range ps {
		if p.Remove || (blankMap(p.Fields) && allBlank(p.Quotes)) {
			continue
		}
		who := fmt.Sprintf("provider %d", i+1)
		if name := strings.TrimSpace(p.Fields["name"]); name != "" {
			who = fmt.Sprintf("provider %q", name)
		}
		for _, fl := range ProviderFields {
			if m := checkField(fl, p.Fields[fl.Key], e.Country); m != "" {
				out = append(out, FieldError{Key: fmt.Sprintf("pv.%d.%s", i, fl.Key), Message: m, Label: who + ": " + fl.Key})
			}
		}
		for j, q := range p.Quotes {
			if blankMap(q) {
				continue
			}
			for _, fl := range QuoteFields {
				if m := checkField(fl, q[fl.Key], e.Country); m != "" {
					out = append(out, FieldError{Key: fmt.Sprintf("pv.%d.q.%d.%s", i, j, fl.Key), Message: m,
						Label: fmt.Sprintf("%s, quote %d: %s", who, j+1, fl.Key)})
				}
			}
		}
	}
	return out
}

func allBlank(ms []map[string]string) bool {
	for _, m := range ms {
		if !blankMap(m) {
			return false
		}
	}
	return true
}

// applyProviders writes the provider blocks into the corridor's record:
// the keys that differ, quotes and providers removed (a quote left empty,
// a provider marked), and new ones after the last.
func applyProviders(ed *edit, e *Entry, ps []ProviderForm) error {
	rs := e.Kind.store.(recordStore)
	file, err := ed.open(e.Base, false)
	if err != nil {
		return err
	}
	d := file.d
	rec, _, end, ok := rs.record(d, e.ID)
	if !ok {
		return fmt.Errorf("%s: no corridor with id %s", e.Base, e.ID)
	}
	existing := providerSections(d, rec, end)
	// From the last provider to the first, and within one from the last
	// quote: a change only moves the sections after it.
	for i := len(existing) - 1; i >= 0; i-- {
		if i >= len(ps) {
			continue
		}
		p, sec := ps[i], existing[i]
		if p.Remove {
			last := sec.si
			if len(sec.quotes) > 0 {
				last = sec.quotes[len(sec.quotes)-1]
			}
			removeSections(d, sec.si, last)
			continue
		}
		var added []map[string]string
		for j := len(p.Quotes) - 1; j >= 0; j-- {
			if j >= len(sec.quotes) {
				if !blankMap(p.Quotes[j]) {
					added = append([]map[string]string{p.Quotes[j]}, added...)
				}
				continue
			}
			q := p.Quotes[j]
			if blankMap(q) {
				removeSections(d, sec.quotes[j], sec.quotes[j])
				continue
			}
			if err := setFields(&part{file: file, si: sec.quotes[j]}, QuoteFields, q, fmt.Sprintf("pv.%d.q.%d.", i, j)); err != nil {
				return err
			}
		}
		if len(added) > 0 {
			secs, _ := d.scan()
			after := sec.si
			// The provider's sections may have shrunk: find its last one again.
			for k := sec.si + 1; k < len(secs) && secs[k].header == quoteHeader; k++ {
				after = k
			}
			indent := leadingSpace(d.lines[secs[sec.si].start]) + "  "
			for _, q := range added {
				insertSection(d, after, indent, quoteHeader, QuoteFields, q)
				after++
			}
		}
		if err := setFields(&part{file: file, si: sec.si}, ProviderFields, p.Fields, fmt.Sprintf("pv.%d.", i)); err != nil {
			return err
		}
	}
	for i := len(existing); i < len(ps); i++ {
		p := ps[i]
		if p.Remove || (blankMap(p.Fields) && allBlank(p.Quotes)) {
			continue
		}
		_, _, end, _ := rs.record(d, e.ID)
		after := end - 1
		insertSection(d, after, "  ", providerHeader, ProviderFields, p.Fields)
		after++
		for _, q := range p.Quotes {
			if !blankMap(q) {
				insertSection(d, after, "    ", quoteHeader, QuoteFields, q)
				after++
			}
		}
	}
	return nil
}

// removeSections removes sections from to to (inclusive) with the blank
// lines before them, keeping the blank lines that separate them from what
// follows.
func removeSections(d *doc, from, to int) {
	secs, _ := d.scan()
	start, end := secs[from].start, secs[to].end
	for end > secs[to].start+1 && strings.TrimSpace(d.lines[end-1]) == "" {
		end--
	}
	for start > 0 && strings.TrimSpace(d.lines[start-1]) == "" {
		start--
	}
	d.replace(start, end, nil)
}

// setFields sets each of fields in section p from m.
func setFields(p *part, fields []Field, m map[string]string, name string) error {
	for _, fl := range fields {
		s, ok := m[fl.Key]
		if !ok {
			continue
		}
		v, err := typed(fl, s)
		if err != nil {
			return FieldError{Key: name + fl.Key, Message: err.Error()}
		}
		p.set(fl.Key, v)
	}
	return nil
}

// insertSection writes a new table header and its keys after section
// after, before the blank lines that end it.
func insertSection(d *doc, after int, indent, header string, fields []Field, m map[string]string) {
	secs, _ := d.scan()
	at := secs[after].end
	for at > secs[after].start && strings.TrimSpace(d.lines[at-1]) == "" {
		at--
	}
	lines := []string{"", indent + header}
	for _, fl := range fields {
		v, err := typed(fl, m[fl.Key])
		if err != nil || v == nil {
			continue
		}
		lines = append(lines, encodeKey(indent, fl.Key, v)...)
	}
	d.replace(at, at, lines)
}

// checkStagedCorridor loads the corridor's file as the edit would write it
// with the same loader and checker as safar-publish check, and returns
// the errors inside the corridor's lines.
func checkStagedCorridor(t *tree, ed *edit, e *Entry, today content.Date) ([]FieldError, error) {
	file, err := ed.open(e.Base, false)
	if err != nil {
		return nil, err
	}
	rec, _, end, ok := e.Kind.store.(recordStore).record(file.d, e.ID)
	if !ok {
		return nil, fmt.Errorf("%s: no corridor with id %s", e.Base, e.ID)
	}
	secs, _ := file.d.scan()
	first, last := secs[rec].start+1, secs[end-1].end // 1-based lines of the corridor
	fsys := fstest.MapFS{e.Base: {Data: []byte(file.String())}}
	countryFile := e.Country + "/country.toml"
	if data, err := t.read(countryFile); err == nil {
		fsys[countryFile] = &fstest.MapFile{Data: []byte(data)}
	}
	_, problems := source.LoadOn(fsys, today)
	var out []FieldError
	for _, p := range problems {
		name, ls, ok := strings.Cut(p.Where, ":")
		line, err := strconv.Atoi(ls)
		if p.Warning || !ok || err != nil || name != e.Base || line < first || line > last {
			continue
		}
		out = append(out, FieldError{Key: fieldAt(file.d, rec, end, line-1), Message: p.Message, Label: p.Where})
	}
	return out, nil
}

// fieldAt names the form field of the key at line i of the corridor
// (pv.0.q.1.rate), so that the form marks it; "providers" when the line
// is no provider's or quote's key.
func fieldAt(d *doc, rec, end, i int) string {
	secs, keys := d.scan()
	for pi, ps := range providerSections(d, rec, end) {
		for qi, si := range append([]int{ps.si}, ps.quotes...) {
			if i < secs[si].start || i >= secs[si].end {
				continue
			}
			for _, k := range keys[si] {
				if i >= k.start && i < k.end {
					if qi == 0 {
						return fmt.Sprintf("pv.%d.%s", pi, k.key)
					}
					return fmt.Sprintf("pv.%d.q.%d.%s", pi, qi-1, k.key)
				}
			}
		}
	}
	return "providers"
}
