package studio

import (
	"fmt"
	"regexp"
	"strings"

	"safar.app/safar/content"
	"safar.app/safar/content/source"
)

var slugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// folderParts checks a folder of a new item: "cc/" or "cc/region/".
func folderParts(folder string) (cc, region string, err error) {
	parts := strings.Split(strings.TrimSuffix(folder, "/"), "/")
	if len(parts) < 1 || len(parts) > 2 || len(parts[0]) != 2 || !slugRe.MatchString(parts[0]) {
		return "", "", fmt.Errorf("folder %q must be <cc>/ or <cc>/<region>/", folder)
	}
	region = content.NationalRegion
	if len(parts) == 2 {
		region = parts[1]
		if region != content.NationalRegion && !slugRe.MatchString(region) {
			return "", "", fmt.Errorf("region %q must be lower-case letters, digits and -", region)
		}
	}
	return parts[0], region, nil
}

// reviewMonths is the longest review period of a subject (docs/content-format.md).
func reviewMonths(kind string) int {
	switch kind {
	case string(content.KindEntry), string(content.KindChecklist):
		return 6
	case "hotline", "service", "programme", string(content.KindEmergency):
		return 12
	case "remittance":
		return 3
	}
	return 24
}

func newID(cc, region, infix, slug string) string {
	parts := []string{cc}
	if region != content.NationalRegion && region != "" {
		parts = append(parts, region)
	}
	if infix != "" {
		parts = append(parts, infix)
	}
	return strings.Join(append(parts, slug), "-")
}

// provenanceLines are the keys every new item starts with.
func provenanceLines(indent, kind string, today content.Date) []string {
	return []string{
		indent + `publisher = ""`,
		indent + `source = ""`,
		indent + "reviewed_on = " + today.String(),
		indent + "review_by = " + today.AddMonths(reviewMonths(kind)).String(),
	}
}

func newArticle(ed *edit, folder, slug, lang, sub string, today content.Date) (string, error) {
	cc, region, err := folderParts(folder)
	if err != nil {
		return "", err
	}
	if !content.Kind(sub).Valid() {
		return "", fmt.Errorf("kind %q is not one of %v", sub, content.Kinds)
	}
	id := newID(cc, region, "", slug)
	p := fmt.Sprintf("%s/%s/%s/%s.%s.md", cc, region, sub, slug, lang)
	f, err := ed.open(p, true)
	if err != nil {
		return "", err
	}
	if f.exists {
		return "", fmt.Errorf("%s exists already", p)
	}
	lines := []string{
		"id = " + quote(id),
		"kind = " + quote(sub),
		`stages = ["first-weeks"]`,
		`title = ""`,
		`summary = ""`,
	}
	lines = append(lines, provenanceLines("", sub, today)...)
	lines = append(lines, `status = "original"`)
	f.d = parseDoc(strings.Join(lines, "\n") + "\n")
	f.body = "\n"
	return id, nil
}

// newRecord is the template of a record kind: a [[table]] appended to its
// file (made when the folder has none) with one text in lang.
func newRecord(table, infix string) func(ed *edit, folder, slug, lang, sub string, today content.Date) (string, error) {
	return func(ed *edit, folder, slug, lang, sub string, today content.Date) (string, error) {
		cc, region, err := folderParts(folder)
		if err != nil {
			return "", err
		}
		var p string
		lines := []string{""}
		switch table {
		case "hotline":
			p = cc + "/hotlines.toml"
			region = content.NationalRegion
			lines = append(lines, "[[hotline]]", "id = "+quote(newID(cc, "", infix, slug)), `number = ""`, `purpose = "support"`,
				"languages = ["+quote(lang)+"]")
			lines = append(lines, provenanceLines("", "hotline", today)...)
			lines = append(lines, "", "  [[hotline.text]]", "  lang = "+quote(lang), `  status = "original"`, `  label = ""`, `  note = ""`)
		case "service":
			p = cc + "/" + region + "/services.toml"
			kind := sub
			if kind != string(content.KindProgramme) {
				kind = string(content.KindService)
			}
			lines = append(lines, "[[service]]", "id = "+quote(newID(cc, region, infix, slug)), "kind = "+quote(kind),
				`address = ""`, "languages = ["+quote(lang)+"]")
			lines = append(lines, provenanceLines("", "service", today)...)
			lines = append(lines, "", "  [[service.text]]", "  lang = "+quote(lang), `  status = "original"`, `  name = ""`, `  description = ""`)
		case "corridor":
			p = cc + "/" + source.RemittanceFile
			region = content.NationalRegion
			lines = append(lines, "[[corridor]]", "id = "+quote(newID(cc, "", infix, slug)), `send_currency = "EUR"`,
				`receive_country = ""`, `receive_currency = ""`)
			lines = append(lines, provenanceLines("", "remittance", today)...)
		}
		f, err := ed.open(p, false)
		if err != nil {
			return "", err
		}
		id := strings.TrimSuffix(strings.TrimPrefix(lines[2], `id = "`), `"`)
		if strings.Contains(f.orig, quote(id)) {
			return "", fmt.Errorf("%s already has %s", p, id)
		}
		if !f.exists {
			lines = lines[1:]
		}
		n := len(f.d.lines)
		f.d.replace(n, n, lines)
		f.d.noEOL = false
		return id, nil
	}
}

func newPhrases(ed *edit, folder, slug, lang, sub string, today content.Date) (string, error) {
	p := source.PhrasesDir + "/" + slug + ".en.toml"
	f, err := ed.open(p, false)
	if err != nil {
		return "", err
	}
	if f.exists {
		return "", fmt.Errorf("%s exists already", p)
	}
	lines := []string{"category = " + quote(slug), "order = 100", `name = ""`, `status = "original"`}
	lines = append(lines, provenanceLines("", "phrases", today)...)
	lines = append(lines, "", "[[phrase]]", "id = "+quote(slug+"-1"), `answer = "none"`, `text = ""`)
	f.d = parseDoc(strings.Join(lines, "\n") + "\n")
	return slug, nil
}
