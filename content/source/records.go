package source

import (
	"time"

	"safar.app/safar/content"
)

type countryFile struct {
	Code   string            `toml:"code"`
	Name   map[string]string `toml:"name"`
	Region []struct {
		Code string            `toml:"code"`
		Name map[string]string `toml:"name"`
	} `toml:"region"`
}

func (l *loader) country(p, cc string) {
	data, ok := l.read(p)
	if !ok {
		return
	}
	var f countryFile
	md, ok := l.decode(p, data, 0, &f)
	if !ok {
		return
	}
	requireKeys(l, p, md, nil, 0, "code", "name")
	if f.Code != cc {
		l.problem(p, keyLine(data, []string{"code"}), "code %q does not match the folder %q", f.Code, cc)
	}
	c := content.Country{Code: cc, Names: f.Name}
	for _, r := range f.Region {
		c.Regions = append(c.Regions, content.Region{Code: r.Code, Names: r.Name})
	}
	l.pack.Countries = append(l.pack.Countries, c)
}

type recordProvenance struct {
	Publisher  string    `toml:"publisher"`
	Source     string    `toml:"source"`
	ReviewedOn time.Time `toml:"reviewed_on"`
	ReviewBy   time.Time `toml:"review_by"`
}

func (r recordProvenance) get() content.Provenance {
	return provenance(r.Publisher, r.Source, r.ReviewedOn, r.ReviewBy)
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
	data, ok := l.read(p)
	if !ok {
		return
	}
	var f hotlinesFile
	if _, ok := l.decode(p, data, 0, &f); !ok {
		return
	}
	for _, h := range f.Hotline {
		l.defineID(h.ID, p, data, 0)
		hl := content.Hotline{ID: h.ID, Country: cc, Number: h.Number, Purpose: content.Purpose(h.Purpose),
			Hours: h.Hours, Languages: h.Languages, Provenance: h.get()}
		for _, t := range h.Text {
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
	data, ok := l.read(p)
	if !ok {
		return
	}
	var f servicesFile
	if _, ok := l.decode(p, data, 0, &f); !ok {
		return
	}
	for _, s := range f.Service {
		l.defineID(s.ID, p, data, 0)
		sv := content.Service{ID: s.ID, Country: cc, Region: region, Kind: content.Kind(s.Kind),
			Phone: s.Phone, Website: s.Website, Address: s.Address, Hours: s.Hours,
			Languages: s.Languages, Lat: s.Lat, Lon: s.Lon, Provenance: s.get()}
		if sv.Kind == "" {
			sv.Kind = content.KindService
		}
		for _, t := range s.Text {
			sv.Texts = append(sv.Texts, content.ServiceText{Lang: t.Lang, Name: t.Name,
				Description: t.Description, Status: content.Status(t.Status)})
		}
		l.pack.Services = append(l.pack.Services, sv)
	}
}
