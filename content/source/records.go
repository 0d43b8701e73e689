package source

import (
	"strings"
	"time"

	"safar.app/safar/content"
	"safar.app/safar/content/phone"
)

type countryFile struct {
	Code   string            `toml:"code"`
	Role   string            `toml:"role"`
	Name   map[string]string `toml:"name"`
	Region []struct {
		Code string            `toml:"code"`
		Name map[string]string `toml:"name"`
	} `toml:"region"`
}

func (l *loader) country(p, cc string) {
	var f countryFile
	data, md, ok := l.readTOML(p, &f)
	if !ok {
		return
	}
	requireKeys(l, "", p, md, nil, 0, "code", "name")
	if f.Code != cc {
		l.problem(p, keyLine(data, []string{"code"}), "code %q does not match the folder %q", f.Code, cc)
	}
	l.defineID(cc, p, data, 0) // the folder names the country, so it is unique
	c := content.Country{Code: cc, Role: content.Role(f.Role), Names: f.Name}
	if c.Role == "" {
		c.Role = content.RoleDestination
	}
	for _, r := range f.Region {
		c.Regions = append(c.Regions, content.Region{Code: r.Code, Names: r.Name})
	}
	l.pack.Countries = append(l.pack.Countries, c)
}

type recordProvenance struct {
	Publisher  string    `toml:"publisher"`
	Source     string    `toml:"source"`
	Sources    []string  `toml:"sources"`
	Checked    string    `toml:"checked"`
	ReviewedOn time.Time `toml:"reviewed_on"`
	ReviewBy   time.Time `toml:"review_by"`
}

func (r recordProvenance) get() content.Provenance {
	return provenance(r.Publisher, r.Source, r.Sources, r.Checked, r.ReviewedOn, r.ReviewBy)
}

// both reports a record that sets source and sources, at its line: one of
// them would silently win.
func (l *loader) both(r recordProvenance, d def) {
	if r.Source != "" && len(r.Sources) > 0 {
		line := d.line
		if k := keyLineFrom(d.lines, d.line, "sources"); k > 0 {
			line = k
		}
		l.problem(d.file, d.offset+line, "%q sets both source and sources: list every page in sources", d.id)
		l.reported[content.Ref{ID: d.id, Key: "sources"}] = true
	}
}

type hotlinesFile struct {
	Hotline []struct {
		ID        string   `toml:"id"`
		Number    string   `toml:"number"`
		Purpose   string   `toml:"purpose"`
		Hours     string   `toml:"hours"`
		Languages []string `toml:"languages"`
		recordProvenance
		Text []struct {
			Lang   string `toml:"lang"`
			Status string `toml:"status"`
			Label  string `toml:"label"`
			Note   string `toml:"note"`
		} `toml:"text"`
	} `toml:"hotline"`
}

func (l *loader) hotlines(p, cc string) {
	var f hotlinesFile
	data, _, ok := l.readTOML(p, &f)
	if !ok {
		return
	}
	for _, h := range f.Hotline {
		d, unique := l.defineID(h.ID, p, data, 0)
		if !unique {
			continue
		}
		l.checkPrefix(h.ID, cc, d)
		number := l.phone(h.Number, cc, d, "number")
		l.both(h.recordProvenance, d)
		hl := content.Hotline{ID: h.ID, Country: cc, Number: number, Purpose: content.Purpose(h.Purpose),
			Hours: h.Hours, Languages: h.Languages, Provenance: h.get()}
		for _, t := range h.Text {
			l.defineText(h.ID, t.Lang, d)
			hl.Texts = append(hl.Texts, content.HotlineText{Lang: t.Lang, Label: t.Label, Note: t.Note,
				Status: content.Status(t.Status)})
		}
		l.pack.Hotlines = append(l.pack.Hotlines, hl)
	}
}

type servicesFile struct {
	Service []struct {
		ID        string   `toml:"id"`
		Kind      string   `toml:"kind"`
		Phone     string   `toml:"phone"`
		Website   string   `toml:"website"`
		Address   string   `toml:"address"`
		Hours     string   `toml:"hours"`
		Languages []string `toml:"languages"`
		Lat       float64  `toml:"lat"`
		Lon       float64  `toml:"lon"`
		recordProvenance
		Text []struct {
			Lang        string `toml:"lang"`
			Status      string `toml:"status"`
			Name        string `toml:"name"`
			Description string `toml:"description"`
		} `toml:"text"`
	} `toml:"service"`
}

func (l *loader) services(p, cc, region string) {
	var f servicesFile
	data, md, ok := l.readTOML(p, &f)
	if !ok {
		return
	}
	keys := arrayKeys(md, "service")
	for i, s := range f.Service {
		d, unique := l.defineID(s.ID, p, data, 0)
		if !unique {
			continue
		}
		l.checkPrefix(s.ID, cc, d)
		l.both(s.recordProvenance, d)
		var phone string
		if s.Phone != "" {
			phone = l.phone(s.Phone, cc, d, "phone")
		}
		if keys[i]["lat"] != keys[i]["lon"] {
			l.problem(p, d.line, "service %q: give both lat and lon, or neither", s.ID)
		}
		sv := content.Service{ID: s.ID, Country: cc, Region: region, Kind: content.Kind(s.Kind),
			Phone: phone, Website: s.Website, Address: s.Address, Hours: s.Hours,
			Languages: s.Languages, Lat: s.Lat, Lon: s.Lon, Provenance: s.get()}
		if sv.Kind == "" {
			sv.Kind = content.KindService
		}
		for _, t := range s.Text {
			l.defineText(s.ID, t.Lang, d)
			sv.Texts = append(sv.Texts, content.ServiceText{Lang: t.Lang, Name: t.Name,
				Description: t.Description, Status: content.Status(t.Status)})
		}
		l.pack.Services = append(l.pack.Services, sv)
	}
}

// phone normalises a number as written for country cc, reporting an invalid
// one at its line; the raw text is kept then, so Validate does not also
// report it missing.
func (l *loader) phone(raw, cc string, d def, key string) string {
	n, err := phone.Normalize(raw, cc)
	if err != nil {
		line := d.line
		if k := keyLineFrom(d.lines, d.line, key); k > 0 {
			line = k
		}
		l.problem(d.file, d.offset+line, "%v", err)
		l.reported[content.Ref{ID: d.id, Key: key}] = true
		return raw
	}
	return n
}

// defineText records where a record's text in lang is, so problems with
// it name the line of its lang key.
func (l *loader) defineText(id, lang string, rec def) {
	line := rec.line
	if k := keyLineFrom(rec.lines, rec.line, "lang"); k > 0 {
		for i, ln := range rec.lines[rec.line-1:] {
			t := strings.TrimSpace(ln)
			if i > 0 && (t == "[[hotline]]" || t == "[[service]]") {
				break
			}
			if strings.HasPrefix(t, "lang") && strings.Contains(t, `"`+lang+`"`) {
				line = rec.line + i
				break
			}
		}
	}
	if l.texts[id] == nil {
		l.texts[id] = map[string]def{}
	}
	l.texts[id][lang] = def{file: rec.file, lines: rec.lines, offset: rec.offset, line: line}
}
